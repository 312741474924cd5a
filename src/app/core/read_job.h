// One pass of a CSV file through the engine, and what the app keeps of the file
// between passes. A file is read again (a new pass) when a model change needs
// columns the last pass did not keep; the scores on screen stay until it is done.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "app/core/stopwatch.h"
#include "engine/inspect/inspect.h"
#include "engine/session.h"

namespace ces::app {

// What the app knows of the open file, whichever pass is running.
struct LoadedFile {
  static constexpr size_t kPreviewBytes = 1 << 20;     // profiled for the mapping screen
  static constexpr size_t kCacheLimit = 128u << 20;    // files up to this are kept for re-reading

  bool present = false;
  std::string name;
  uint64_t size = 0;
  bool profiled = false;
  CsvProfile profile;          // columns, types and first rows, from the first MB
  // The whole file while it fits kCacheLimit: re-reading it then needs no browser
  // round trip, so ces.setModel can re-score synchronously.
  std::string cache;
  bool caching = true;
  bool cache_complete = false;
};

class ReadJob {
 public:
  enum class Kind { kNewFile, kReread };
  ReadJob(Kind pass, uint64_t total_bytes) : kind(pass), total(total_bytes) {}

  const Kind kind;
  const uint64_t total;
  uint64_t bytes = 0;
  std::unique_ptr<ScoreSession> session;  // null until the model is chosen (new files)
  // New files: bytes held until the model is chosen, then fed a step per call from
  // held_from on (the pass's later bytes queue behind them until they are all fed).
  std::string held;
  size_t held_from = 0;
  bool HoldsUnfed() const { return held_from < held.size(); }
  void DropHeld() {
    std::string().swap(held);
    held_from = 0;
  }
  // After bytes up to held_from were fed: frees them all once every byte was, else drops
  // the fed front once it is half the string (later bytes queue behind the rest; kept,
  // the string would grow, and be copied as it grows, by every byte of the backlog's calls).
  void DropFed() {
    if (held_from == held.size()) {
      DropHeld();
    } else if (held_from * 2 >= held.size()) {
      held.erase(0, held_from);
      held_from = 0;
    }
  }
  bool from_cache = false;                // fed by the app from LoadedFile::cache, frame by frame
  size_t cache_offset = 0;
  bool cancel_requested = false;
  double engine_seconds = 0;              // inside the engine (reading and scoring), not drawing or waiting
  // Read in parts by workers (ScoringFlow::BeginParts): the session was fed the header only.
  struct Parts {
    bool active = false;
    uint64_t header_bytes = 0;
    int64_t next_line = 0;                // the file's line number where the next part starts
    char delimiter = 0;
    int time_column = -1;
    TimeFormat time_format = TimeFormat::kAuto;
    int absorbed = 0;
  } parts;

  // Runs `work` and adds its duration to engine_seconds.
  template <class Work>
  auto Timed(Work work) {
    const Stopwatch watch;
    auto result = work();
    engine_seconds += watch.seconds();
    return result;
  }

  int64_t rows() const { return session ? session->dataset().rows : 0; }
  double seconds() const { return started_.seconds(); }
  double fraction() const { return total ? static_cast<double>(bytes) / static_cast<double>(total) : 0.0; }

 private:
  Stopwatch started_;
};

}  // namespace ces::app
