// The options of history and movers (spec v2 sections 2, 3 and 6), parsed once for
// both callers: the page passes a JSON object with the option names ({every, points,
// from, to}, {from, to}, {before}), the command line maps its flags onto the same
// structs. Every error names its option, without dashes (the CLI adds them).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/aggregate/dataset.h"
#include "engine/model/model.h"

namespace ces {

struct OptionError {
  std::string option;                        // "every", "from", …; "" for the options as a whole
  std::string message;
  std::string ToString() const { return option.empty() ? message : option + ": " + message; }
};
using OptionResult = std::optional<OptionError>;  // nullopt = fine

constexpr int64_t kDefaultHistoryEvery = 7;
constexpr int64_t kDefaultHistoryPoints = 13;
constexpr int64_t kMaxHistoryPoints = 1000;

struct HistoryOptions {
  int64_t every = kDefaultHistoryEvery;      // days between dates, ≥ 1
  int64_t points = kDefaultHistoryPoints;    // 1 … kMaxHistoryPoints
  std::optional<int32_t> from, to;           // D0, D1 (day numbers)
};

struct MoversOptions {
  std::optional<int32_t> from, to;           // two dates of one file
  bool before_file = false;                  // {before: file}: the caller reads and scores that file
};

// Option values as text (command line, or strings in the page's object).
OptionResult ParseDateOption(const std::string& option, std::string_view text, int32_t* day);
OptionResult ParseCountOption(const std::string& option, std::string_view text, int64_t* value);

// The page's JSON object. Unknown names are errors.
OptionResult ParseHistoryOptionsJson(std::string_view json, HistoryOptions* options);
OptionResult ParseMoversOptionsJson(std::string_view json, MoversOptions* options);

// Checks the options against the model and the file (read without pruning) and gives
// the dates, ascending: D1 − k·every for k = 0 … points−1, those ≥ D0 kept.
OptionResult HistoryDates(const HistoryOptions& options, const ScoreModel& model, const Dataset& data,
                          std::vector<int32_t>* dates);
// Checks two-date movers options and gives D0 and D1 (D1 defaults to the model's as-of).
OptionResult MoversDates(const MoversOptions& options, const ScoreModel& model, const Dataset& data, int32_t* from,
                         int32_t* to);

}  // namespace ces
