// Runs the engine once over a small made-up event log, as the page does a new file:
// profile, starter model, reading, scoring in steps, the table's first screen.
//
// Why: Chromium compiles each WebAssembly function on its first call, on the page's
// thread (lazy compilation). The first file's first engine calls paid that for
// every function they reached, 40-75 ms on this machine, and with the browser's own
// work the load's first task ran to 100-170 ms (issue 13: no stall over 100 ms).
// The page calls this once as it starts, in a task of its own before any file can
// arrive, so that cost falls where the user waits for nothing. Natively it is only a
// short, useless run.
#pragma once

#include <cstddef>

namespace ces::app {

struct WarmUpRun {
  std::size_t activities = 0;  // of the starter model it chose
  std::size_t rows = 0;        // rows the session read
  std::size_t row_errors = 0;  // none: every row is valid
  std::size_t customers = 0;   // customers it scored
  std::size_t listed = 0;      // rows of the results table's first screen
};

// Leaves nothing behind: every object it makes is its own.
WarmUpRun WarmUpEngine();

}  // namespace ces::app
