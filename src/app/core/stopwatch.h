// Time since a start, read in milliseconds (the page's time budgets: a frame, work
// between frames) or seconds (figures shown to the user: a read's time, a history's).
#pragma once

#include <chrono>

namespace ces::app {

class Stopwatch {
 public:
  Stopwatch() : start_(Clock::now()) {}
  double ms() const { return std::chrono::duration<double, std::milli>(Clock::now() - start_).count(); }
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_;
};

}  // namespace ces::app
