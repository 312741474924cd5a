#include "cli/threads_report.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "cli/cli_io.h"

namespace ces::cli {

bool ThreadsReportWanted(int level) {
  // Read once: the report is asked for per run, and the threads ask often.
  static const uint64_t asked = EnvNumber("CES_THREADS_REPORT", 0);
  return asked >= static_cast<uint64_t>(std::max(level, 0));
}

void ThreadsReport(int level, const std::string& line) {
  if (ThreadsReportWanted(level)) Say("threads: " + line);
}

std::string MillisecondsSince(std::chrono::steady_clock::time_point since) {
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
  char text[32];
  std::snprintf(text, sizeof text, "%.1f ms", ms);
  return text;
}

StepClock::StepClock() : last_(std::chrono::steady_clock::now()) {}

void StepClock::Step(const std::string& what) {
  // Asked first so that nothing is built when no one will read it.
  if (ThreadsReportWanted(3)) Say("threads: " + what + " took " + MillisecondsSince(last_));
  last_ = std::chrono::steady_clock::now();
}

}  // namespace ces::cli
