// A session's summary as JSON: the object `ces.summary()` returns in the browser
// (spec section 6), also written by `ces score --summary-json`.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/session.h"

namespace ces {

// The summary's headline figures, the rules for them written once: the JSON below and
// the page's spoken status (app/core/announcement.cpp) both read them.
struct SummaryFigures {
  bool scored = false;           // finished and not failed
  uint64_t rows = 0;             // read so far, scored or not
  uint64_t customers = 0;        // 0 until scored
  uint64_t row_errors = 0;       // rows skipped so far
  std::optional<double> mean;    // only once scored with at least one customer
  std::optional<double> median;
};
SummaryFigures FiguresOf(const ScoreSession* session);

// `status` is the caller's word for where things stand ("empty", "loading",
// "scored", "error", "cancelled"); `session` may be null before any file.
std::string SummaryJson(const ScoreSession* session, std::string_view status, std::string_view file_name);

}  // namespace ces
