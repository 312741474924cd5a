#include "cli/arena_huge_pages.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#if defined(__linux__) && defined(__GLIBC__)
#include <sys/mman.h>
#endif

namespace ces::cli {

#if defined(__linux__) && defined(__GLIBC__)
namespace {

// glibc's HEAP_MAX_SIZE on 64-bit systems: 2 * DEFAULT_MMAP_THRESHOLD_MAX.
constexpr uintptr_t kHeapSize = uintptr_t{64} << 20;

struct Mapping {
  uintptr_t begin = 0, end = 0;
  bool writable = false, none = false, anonymous = false;
};

std::vector<Mapping> ReadMaps() {
  std::vector<Mapping> maps;
  FILE* f = std::fopen("/proc/self/maps", "r");
  if (!f) return maps;
  char* line = nullptr;  // whole lines, however long a mapped file's path
  size_t room = 0;
  while (getline(&line, &room, f) > 0) {
    unsigned long begin = 0, end = 0, inode = 0;
    char perms[8] = {0};
    int path_at = 0;
    if (std::sscanf(line, "%lx-%lx %7s %*s %*s %lu %n", &begin, &end, perms, &inode, &path_at) < 4) continue;
    Mapping m;
    m.begin = begin;
    m.end = end;
    m.writable = std::strncmp(perms, "rw-p", 4) == 0;
    m.none = std::strncmp(perms, "---p", 4) == 0;
    // No path: the rest of the line is blank ("[heap]" and "[stack]" have one).
    m.anonymous = inode == 0 && (line[path_at] == '\0' || line[path_at] == '\n');
    maps.push_back(m);
  }
  std::free(line);
  std::fclose(f);
  return maps;
}

bool StrictCommit() {
  FILE* f = std::fopen("/proc/sys/vm/overcommit_memory", "r");
  int mode = 0;
  if (f) {
    if (std::fscanf(f, "%d", &mode) != 1) mode = 0;
    std::fclose(f);
  }
  return mode == 2;
}

}  // namespace

void ArenaHugePages::Advise() {
  static const bool strict = StrictCommit();
  if (strict) return;
  const std::vector<Mapping> maps = ReadMaps();
  for (size_t i = 0; i < maps.size(); ++i) {
    const Mapping& m = maps[i];
    // A heap: one writable part from an aligned start, then (until it is full) one
    // inaccessible part, ending 64 MiB after the start.
    if (!m.anonymous || !m.writable || m.begin % kHeapSize != 0) continue;
    const uintptr_t end = m.begin + kHeapSize;
    const bool full = m.end == end;
    const bool growing = m.end < end && i + 1 < maps.size() && maps[i + 1].begin == m.end &&
                         maps[i + 1].end == end && maps[i + 1].none && maps[i + 1].anonymous;
    if (!full && !growing) continue;
    if (std::find(seen_.begin(), seen_.end(), m.begin) != seen_.end()) continue;
    // Accessible all the way, so that a fault anywhere lies inside one writable region
    // covering its whole 2 MiB page; glibc's later "open these pages" calls are then
    // no-ops, and its trimming (MADV_DONTNEED when commit is not strict) still works.
    if (growing && mprotect(reinterpret_cast<void*>(m.end), end - m.end, PROT_READ | PROT_WRITE) != 0) continue;
    if (madvise(reinterpret_cast<void*>(m.begin), kHeapSize, MADV_HUGEPAGE) != 0) continue;
    seen_.push_back(m.begin);
  }
}

#else

void ArenaHugePages::Advise() {}

#endif

}  // namespace ces::cli
