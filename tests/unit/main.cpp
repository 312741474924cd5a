#include <climits>  // doctest 2.4.9 uses INT_MAX without including it
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

// Every allocation is counted, for tests that a reader grows its buffers geometrically
// (test_limits.cpp); otherwise the standard operator new.
#include <atomic>
#include <cstdlib>
#include <new>

namespace ces_test {
std::atomic<size_t> g_allocations{0};
size_t AllocationCount() { return g_allocations.load(); }
}  // namespace ces_test

void* operator new(std::size_t n) {
  ++ces_test::g_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// The nothrow form too (std::stable_sort's temporary buffer uses it and frees with the
// sized delete below): under AddressSanitizer, its own nothrow new paired with this
// delete is an alloc-dealloc mismatch.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  ++ces_test::g_allocations;
  return std::malloc(n ? n : 1);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
