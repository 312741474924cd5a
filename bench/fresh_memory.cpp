// How long first touching fresh memory takes on this machine (BENCHMARKS.md, "Fresh
// memory on this machine"): maps MB megabytes, optionally asks for 2 MiB pages, writes
// one byte per 4 KiB page, then writes the whole region again for comparison.
//   build/ces_fresh_memory [MB=300] [huge=1]
// Run it after a few idle seconds and then again right away: on a VM that hands freed
// memory back to its host the first run waits for the host, the second does not.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#if defined(__linux__)
#include <sys/mman.h>
#endif

int main(int argc, char** argv) {
#if defined(__linux__)
  const size_t mb = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 300;
  const bool huge = argc > 2 ? std::atoi(argv[2]) != 0 : true;
  const size_t bytes = mb << 20, align = size_t{2} << 20;
  void* mapped = mmap(nullptr, bytes + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) {
    std::perror("mmap");
    return 1;
  }
  // Aligned to 2 MiB, so that every 2 MiB of the region can be one page.
  char* p = reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(mapped) + align - 1) & ~(align - 1));
  if (huge) madvise(p, bytes, MADV_HUGEPAGE);
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  for (size_t i = 0; i < bytes; i += 4096) p[i] = 1;
  const auto t1 = Clock::now();
  std::memset(p, 2, bytes);
  const auto t2 = Clock::now();
  const double first = std::chrono::duration<double, std::milli>(t1 - t0).count();
  const double again = std::chrono::duration<double, std::milli>(t2 - t1).count();
  std::printf("%s pages: first touch of %zu MB %.1f ms (%.2f GB/s); writing it all again %.1f ms\n",
              huge ? "2 MiB" : "4 KiB", mb, first, static_cast<double>(bytes) / first / 1e6, again);
  return 0;
#else
  (void)argc;
  (void)argv;
  std::puts("Linux only");
  return 0;
#endif
}
