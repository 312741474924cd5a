// ThreadRanges: the engine's RangeRunner on threads (`ces score --threads` measuring).
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "cli/thread_ranges.h"

using ces::cli::ThreadRanges;

TEST_CASE("ThreadRanges runs every index exactly once, in disjoint ranges, on several threads") {
  for (int threads : {1, 2, 3, 8}) {
    for (uint32_t count : {0u, 1u, 2u, 7u, 1000u}) {
      CAPTURE(threads);
      CAPTURE(count);
      std::unique_ptr<std::atomic<int>[]> seen(new std::atomic<int>[count + 1]);
      for (uint32_t i = 0; i <= count; ++i) seen[i] = 0;
      std::mutex mutex;
      std::set<std::thread::id> ran_on;
      size_t ranges = 0;
      ThreadRanges(threads)(count, [&](uint32_t from, uint32_t to) {
        for (uint32_t i = from; i < to; ++i) ++seen[i];
        std::lock_guard<std::mutex> lock(mutex);
        ran_on.insert(std::this_thread::get_id());
        ++ranges;
      });
      for (uint32_t i = 0; i < count; ++i) CHECK(seen[i] == 1);
      const size_t expected = static_cast<size_t>(std::max<int64_t>(1, std::min<int64_t>(threads, count)));
      CHECK(ranges == expected);
      CHECK(ran_on.size() == expected);  // each range on a thread of its own
      CHECK(ran_on.count(std::this_thread::get_id()) == 1);  // the first on the caller's
    }
  }
}

TEST_CASE("ThreadRanges passes a range's exception to the caller once every thread is done") {
  std::atomic<int> finished{0};
  auto throws = [&](uint32_t from, uint32_t) {
    if (from > 0) throw std::runtime_error("out of room");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the caller's range ends last
    ++finished;
  };
  CHECK_THROWS_WITH(ThreadRanges(3)(90, throws), "out of room");
  CHECK(finished == 1);
}
