#include "cli/threads_report.h"

#include <cstdio>
#include <cstdlib>

#include "cli/cli_io.h"

namespace ces::cli {

int ThreadsReportLevel() {
  // Read once: the report is asked for per run, and the threads ask often.
  static const int level = [] {
    const char* v = std::getenv("CES_THREADS_REPORT");
    return v && *v ? std::atoi(v) : 0;
  }();
  return level;
}

void ThreadsReport(int level, const std::string& line) {
  if (ThreadsReportLevel() >= level) Say("threads: " + line);
}

std::string MillisecondsSince(std::chrono::steady_clock::time_point since) {
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
  char text[32];
  std::snprintf(text, sizeof text, "%.1f ms", ms);
  return text;
}

StepClock::StepClock() : last_(std::chrono::steady_clock::now()) {}

void StepClock::Step(const std::string& what) {
  if (ThreadsReportLevel() >= 3) ThreadsReport(3, what + " took " + MillisecondsSince(last_));
  last_ = std::chrono::steady_clock::now();
}

}  // namespace ces::cli
