// ArenaHugePages (src/cli/arena_huge_pages.h): a new thread's glibc heap is opened whole
// and asked for 2 MiB pages, and a region of another shape is left as it was.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "cli/arena_huge_pages.h"

// Under AddressSanitizer malloc is not glibc's: no thread heaps, only the second test.
#if defined(__SANITIZE_ADDRESS__)
#define CES_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CES_TEST_ASAN 1
#endif
#endif

#if defined(__linux__) && defined(__GLIBC__)
#include <sys/mman.h>

namespace {

constexpr uintptr_t kHeap = uintptr_t{64} << 20;

// The mapping holding `at` in /proc/self/smaps: its range, permissions and whether the
// kernel may back it with 2 MiB pages.
struct Region {
  uintptr_t begin = 0, end = 0;
  std::string perms;
  bool huge_eligible = false;
};

Region RegionOf(uintptr_t at) {
  Region found, current;
  bool inside = false;
  FILE* f = std::fopen("/proc/self/smaps", "r");
  REQUIRE(f);
  char line[512];
  while (std::fgets(line, sizeof line, f)) {
    unsigned long b = 0, e = 0;
    char perms[8] = {0};
    if (std::sscanf(line, "%lx-%lx %7s", &b, &e, perms) == 3) {
      inside = b <= at && at < e;
      if (inside) found = Region{b, e, perms, false};
    } else if (inside && std::strncmp(line, "THPeligible:", 12) == 0) {
      found.huge_eligible = std::atoi(line + 12) == 1;
    }
  }
  std::fclose(f);
  return found;
}

bool HugePagesNever() {
  FILE* f = std::fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
  if (!f) return true;
  char text[128] = {0};
  const bool never = std::fgets(text, sizeof text, f) && std::strstr(text, "[never]");
  std::fclose(f);
  return never;
}

}  // namespace

#if !defined(CES_TEST_ASAN)
TEST_CASE("a reading thread's malloc heap is opened whole and asked for 2 MiB pages") {
  Region before, after;
  size_t heaps = 0, again = 0;
  std::thread reader([&] {
    // Small blocks, as a part's bucket lists are: they come from the thread's own heap.
    std::vector<void*> blocks;
    for (int i = 0; i < 20000; ++i) blocks.push_back(std::malloc(200));
    const uintptr_t at = reinterpret_cast<uintptr_t>(blocks.back());
    before = RegionOf(at);
    ces::cli::ArenaHugePages pages;
    pages.Advise();
    heaps = pages.heaps();
    pages.Advise();
    again = pages.heaps();
    after = RegionOf(at);
    for (void* p : blocks) std::free(p);
  });
  reader.join();
  // Before: the writable start of a 64 MiB heap, the rest still inaccessible.
  CHECK(before.begin % kHeap == 0);
  CHECK(before.end - before.begin < kHeap);
  CHECK(before.perms == "rw-p");
  CHECK(heaps >= 1);
  CHECK(again == heaps);  // a heap is opened once
  CHECK(after.begin == before.begin);
  CHECK(after.end == before.begin + kHeap);
  CHECK(after.perms == "rw-p");
  if (!HugePagesNever()) CHECK(after.huge_eligible);
}
#endif

TEST_CASE("a region not shaped like a malloc heap is left alone") {
  // Aligned to 64 MiB, writable at its start, inaccessible after, but 32 MiB long.
  void* reserved = mmap(nullptr, 2 * kHeap, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  REQUIRE(reserved != MAP_FAILED);
  const uintptr_t r = reinterpret_cast<uintptr_t>(reserved);
  const uintptr_t base = (r + kHeap - 1) & ~(kHeap - 1);
  if (base > r) munmap(reserved, base - r);
  munmap(reinterpret_cast<void*>(base + kHeap / 2), r + 2 * kHeap - (base + kHeap / 2));
  REQUIRE(mprotect(reinterpret_cast<void*>(base), 1 << 20, PROT_READ | PROT_WRITE) == 0);
  ces::cli::ArenaHugePages pages;
  pages.Advise();
  const Region writable = RegionOf(base), closed = RegionOf(base + (1 << 20));
  CHECK(writable.end == base + (1 << 20));
  CHECK(closed.perms == "---p");
  CHECK(closed.end == base + kHeap / 2);
  munmap(reinterpret_cast<void*>(base), kHeap / 2);
}

#else

TEST_CASE("ArenaHugePages does nothing where there are no glibc thread heaps") {
  ces::cli::ArenaHugePages pages;
  pages.Advise();
  CHECK(pages.heaps() == 0);
}

#endif
