// 2 MiB pages under the malloc arenas of `ces score --threads`' reading threads.
//
// main.cpp asks glibc to back its heap with 2 MiB pages (glibc.malloc.hugetlb=1), and
// glibc does so for the main thread's heap only. A new thread's arena lives in 64 MiB
// heaps, each reserved inaccessible and opened a few pages at a time as it grows, so
// the kernel backs it with 4 KiB pages whatever glibc was asked. The reading threads
// touch their customers' buckets at random just as the main thread does, and paid for
// it in page faults (~11,000 more in a two-thread run of the bench file, at ~10 us
// each on a VM) and TLB misses: the part read in a new thread took 1.0-1.25 s, the
// equal part read by the main thread 0.77-0.8 s (BENCHMARKS.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ces::cli {

class ArenaHugePages {
 public:
  // Opens every glibc thread heap not seen before for reading and writing and asks for
  // 2 MiB pages on it. A region is taken for such a heap only when /proc/self/maps shows
  // exactly its shape: 64 MiB, aligned to 64 MiB, anonymous and private, accessible
  // from its start and inaccessible after that. Anything else is left alone, and
  // nothing happens where the system cannot do it or counts every writable page
  // against a strict commit limit (vm.overcommit_memory = 2).
  // Cost: one read of /proc/self/maps; call it now and then, not per row.
  void Advise();

  // How many heaps Advise() has opened and asked for 2 MiB pages so far.
  size_t heaps() const { return seen_.size(); }

 private:
  std::vector<uintptr_t> seen_;
};

}  // namespace ces::cli
