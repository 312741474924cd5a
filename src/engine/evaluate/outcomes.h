// Where a backtest's outcome comes from (v2 spec 4.1): a column of the scored file,
// a column of another CSV file, or the event log itself after a date. Each gives,
// per scored customer, the last known outcome (1, 0 or unknown) and lists the
// cells it could not read with their line, as row errors are listed.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/aggregate/dataset.h"
#include "engine/csv/csv_reader.h"
#include "engine/model/model.h"
#include "engine/score/scoring.h"

namespace ces {

constexpr int8_t kOutcomeUnknown = -1;

enum class OutcomeCell { kUnknown, kZero, kOne, kInvalid };
// `1 true yes y` → kOne, `0 false no n` → kZero (trimmed, any case), empty → kUnknown.
OutcomeCell ParseOutcomeCell(std::string_view cell);

struct Outcomes {
  std::vector<int8_t> of_customer;   // per customer of the scored dataset: kOutcomeUnknown, 0 or 1
  int64_t error_count = 0;           // cells that were not an outcome (and rows that could not be read)
  std::vector<RowError> errors;      // the first kMaxListedRowErrors of them
};

// Reads an outcome column from CSV bytes fed in chunks, alongside (or after) the
// scoring pass. Two kinds:
//  - the scored file itself (ForScoredFile): a row counts exactly when scoring
//    reads it — a second ingest with the model's plan decides, so a row error there
//    is no outcome here, and a bad outcome cell never stops the row being scored;
//  - another file (ForOtherFile): its own dialect; rows matched by the model's
//    customer column name.
class OutcomeColumnReader {
 public:
  static std::unique_ptr<OutcomeColumnReader> ForScoredFile(const ScoreModel& model, std::string column);
  static std::unique_ptr<OutcomeColumnReader> ForOtherFile(const ScoreModel& model, std::string column);
  ~OutcomeColumnReader();

  // False once the file cannot be used (fatal_errors()).
  bool Feed(const char* data, size_t size);
  bool Finish();
  const std::vector<std::string>& fatal_errors() const;

  // The outcomes of the scored dataset's customers (matched by id); customers of
  // this file that `data` does not hold are ignored.
  Outcomes Resolve(const Dataset& data) const;

  class Sink;
 private:
  OutcomeColumnReader() = default;
  std::unique_ptr<Sink> sink_;
};

// The outcome from the event log (events shape): for customers existing on `at`
// (scores_on_date.Exists), 1 when they have a valid row with at < day ≤ at + horizon
// (kActive), when they have none (kInactive), or when such a row's event is one of
// `events` (kEvent). False with `error` when an event name cannot be told apart
// (the file had more distinct names than are tracked and the model does not list it).
enum class LogOutcome { kActive, kInactive, kEvent };
struct LogOutcomeSpec {
  LogOutcome kind = LogOutcome::kActive;
  std::vector<std::string> events;   // kEvent: the names (trimmed)
  int32_t at = 0;                    // day D
  int horizon = 0;                   // H ≥ 1
};
bool OutcomesFromLog(const Dataset& data, const ScoreTable& scores_on_date, const LogOutcomeSpec& spec, Outcomes* out,
                     std::string* error);

// Parses `active`, `inactive` or `event:NAME[,NAME…]`; false with `error` otherwise.
bool ParseLogOutcome(std::string_view text, LogOutcomeSpec* spec, std::string* error);

}  // namespace ces
