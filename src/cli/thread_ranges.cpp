#include "cli/thread_ranges.h"

#include <algorithm>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace ces::cli {

RangeRunner ThreadRanges(int threads) {
  return [threads](uint32_t count, const std::function<void(uint32_t, uint32_t)>& work) {
    const uint32_t n = static_cast<uint32_t>(std::max<int64_t>(1, std::min<int64_t>(threads, count)));
    std::vector<std::exception_ptr> failed(n);
    auto run = [&](uint32_t k) {
      try {
        work(static_cast<uint32_t>(uint64_t{count} * k / n), static_cast<uint32_t>(uint64_t{count} * (k + 1) / n));
      } catch (...) {
        failed[k] = std::current_exception();
      }
    };
    std::vector<std::thread> others;
    others.reserve(n - 1);  // before any thread starts: emplace_back then throws nothing but system_error
    for (uint32_t k = 1; k < n; ++k) {
      try {
        others.emplace_back(run, k);
      } catch (const std::system_error&) {  // no thread to be had: this range here
        run(k);
      }
    }
    run(0);
    for (std::thread& t : others) t.join();
    for (const std::exception_ptr& e : failed)
      if (e) std::rethrow_exception(e);
  };
}

}  // namespace ces::cli
