// What `ces score` says about its own work on standard error, for tests and for
// measuring it again (CES_THREADS_REPORT):
//   1  how the file was read (in parts at once, or in one part and why)
//   2  also where the file was cut
//   3  also how long each step took, in milliseconds of wall time
// BENCHMARKS.md's per-step figures come from level 3; nothing is said at level 0.
#pragma once

#include <chrono>
#include <string>

namespace ces::cli {

// Whether the level asked for in the environment (0 when unset) is at least `level`.
bool ThreadsReportWanted(int level);

// Says "threads: LINE" when the level asked for is at least `level`.
void ThreadsReport(int level, const std::string& line);

// Times the steps one after the other: each Step() says the time since the previous
// one (or since the clock was made) at level 3.
class StepClock {
 public:
  StepClock();
  void Step(const std::string& what);

 private:
  std::chrono::steady_clock::time_point last_;
};

// Milliseconds from `since` to now, as text with one decimal ("12.3 ms").
std::string MillisecondsSince(std::chrono::steady_clock::time_point since);

}  // namespace ces::cli
