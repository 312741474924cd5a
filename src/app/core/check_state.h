// The Check view's logic without its drawing (drawn by src/app/panel_check.cpp): which
// outcome the user picked, the backtest of the loaded scores against it (the engine's,
// through RunBacktestOperation: the figures are exactly ces.backtest's), the
// suggested weights applied as a draft, and a compare of the current model with
// another one (the suggestion, the model before the draft, a model file, or another
// score of the library).
// No ImGui: tested natively in tests/app.
//
// Long work is never done in the frame that asked for it: Request*() marks it
// pending, the panel draws "computing…" once, and Step() runs it on the next frame.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/core/model_library.h"
#include "app/core/page_operations.h"
#include "app/core/read_job.h"
#include "engine/evaluate/backtest.h"

namespace ces::app {

class ModelState;
class ScoringFlow;

// Where the outcome comes from (v2 spec 4.1), as the user picks it.
struct OutcomeChoice {
  enum Source { kColumn, kOtherFile, kLog } source = kLog;
  std::string column;                        // kColumn, kOtherFile: the outcome column
  LogOutcome log_kind = LogOutcome::kInactive;
  std::string events;                        // log_kind kEvent: names, comma separated
  int32_t at = 0;                            // day D
  int horizon = 60;                          // H days
  enum Expect { kDefault, kHigh, kLow } expect = kDefault;

  // The options object of ces.backtest for this choice.
  std::string OptionsJson() const;
  // "inactive in the 60 days after 2024-03-01", "churned = yes": for the sentences.
  std::string Describe() const;
};

// The dates of the loaded file (events shape), for the date picker.
struct FileDates {
  bool has_dates = false;
  int32_t first = 0, last = 0;               // earliest and latest valid day
};
FileDates FileDatesOf(const ScoreSession& loaded);

// Columns of the file whose cells read as outcomes (1/0, yes/no, true/false), by the
// profile of its first MB; "churned"-like names first.
std::vector<std::string> OutcomeLikeColumns(const CsvProfile& profile);

class CheckState {
 public:
  enum class Status { kIdle, kPending, kDone, kError };

  // Fills sensible defaults for a newly loaded file: an outcome-like column when the
  // file has one, else "inactive in the 60 days after" a date that leaves 60 days.
  void PrepareFor(const ScoreSession& loaded, const LoadedFile& file);
  uint64_t prepared_for() const { return prepared_for_; }
  void set_prepared_for(uint64_t key) { prepared_for_ = key; }
  // The scores were read again (a new pass): the figures and the compare, which point
  // into the old pass's data, are dropped; the outcome picked is kept.
  void DropFigures();
  const void* figures_for() const { return figures_for_; }
  void set_figures_for(const void* session) { figures_for_ = session; }

  OutcomeChoice choice;

  // An outcomes file (kOtherFile): its name and bytes, held until replaced.
  void SetOutcomesFile(std::string name, std::string bytes);
  const std::string& outcomes_file_name() const { return outcomes_name_; }
  bool has_outcomes_file() const { return has_outcomes_file_; }
  const std::vector<std::string>& outcomes_file_columns() const { return outcomes_columns_; }
  // The outcome is to come from a file and none is open yet: a CSV dropped on the page
  // while the tab shows this is the outcomes file, not new data.
  bool WaitsForOutcomesFile() const { return choice.source == OutcomeChoice::kOtherFile && !has_outcomes_file_; }

  // [Backtest]
  void RequestBacktest() { backtest_status_ = Status::kPending; }
  // Runs the backtest now: the loaded scores against `choice`. An outcome column of
  // the loaded file is read from the app's copy of the file (files up to
  // LoadedFile::kCacheLimit); `model_version` marks which model the figures are for.
  void RunBacktest(const ScoreSession& loaded, const LoadedFile& file, uint64_t model_version);
  Status backtest_status() const { return backtest_status_; }
  const std::string& backtest_error() const { return backtest_error_; }
  const BacktestResult& result() const { return result_; }
  const std::string& result_json() const { return result_json_; }  // ces.backtest's answer, same text
  const OutcomeChoice& result_choice() const { return result_choice_; }
  bool ResultIsFor(uint64_t model_version) const { return backtest_status_ == Status::kDone && result_version_ == model_version; }
  double backtest_seconds() const { return backtest_seconds_; }

  // "A customer who churned scored lower than one who stayed 78 % of the time": the
  // AUC read in words for the outcome and direction of the result.
  std::string AucSentence() const;

  // [Try as draft] The one place the suggested model becomes the page's model: as an
  // edit of ModelState (so autosave, and undo where there is one, see it as any edit),
  // re-scored by the flow. Remembers the model it replaced, for compare and "keep".
  bool ApplySuggested(ScoringFlow& flow);
  // Puts back the model that was replaced by the last ApplySuggested.
  bool RestoreBeforeDraft(ScoringFlow& flow);
  const std::string& before_draft_json() const { return before_draft_json_; }

  // [Compare] the current model (before) against `model_json` (after) on the loaded file.
  // What may be compared: the suggestion, the model before the draft, a model file, and
  // every other score of the library (LibraryCompareOffers).
  void RequestCompare(std::string label, std::string model_json);
  void RunCompare(const ScoreSession& loaded, const LoadedFile& file, uint64_t model_version);
  Status compare_status() const { return compare_status_; }
  const std::string& compare_error() const { return compare_error_; }
  const std::string& compare_label() const { return compare_label_; }
  const std::string& compare_model_json() const { return compare_model_json_; }
  bool CompareIsFor(uint64_t model_version) const { return compare_status_ == Status::kDone && compare_version_ == model_version; }

  struct CompareView {
    int64_t moved = 0, added = 0, gone = 0;
    double mean_abs_change = 0;
    std::optional<double> spearman;
    std::vector<std::string> tiers;          // before's tier order, then after's new names
    std::vector<std::vector<int64_t>> matrix;  // [from][to] moved customers, indices into tiers
    struct Mover {
      std::string customer;
      double before = 0, after = 0, change = 0;
      std::string tier_before, tier_after;
    };
    std::vector<Mover> drops, rises;         // the biggest drops first; the biggest rises first
  };
  const CompareView& compare() const { return compare_view_; }
  // The moved customers of one cell of the tier moves matrix (indices into
  // compare().tiers), in the compare CSV's order, at most `limit` of them.
  std::vector<CompareView::Mover> CellCustomers(size_t from, size_t to, size_t limit) const;
  int selected_from = -1, selected_to = -1;  // the matrix cell whose customers are listed
  const std::string& compare_summary_json() const { return compare_summary_json_; }  // ces.compareSummary's text
  std::string CompareCsv() const;            // ces.compareCsv's text for the last compare

  // Runs what is pending (one frame after it was asked for, so "computing" shows).
  void Step(const ScoreSession* loaded, const LoadedFile& file, uint64_t model_version);

  static constexpr size_t kTopMovers = 10;

 private:
  uint64_t prepared_for_ = 0;
  const void* figures_for_ = nullptr;
  std::string outcomes_name_, outcomes_bytes_;
  bool has_outcomes_file_ = false;
  std::vector<std::string> outcomes_columns_;

  Status backtest_status_ = Status::kIdle;
  std::string backtest_error_;
  BacktestResult result_;
  std::string result_json_;
  OutcomeChoice result_choice_;
  uint64_t result_version_ = 0;
  double backtest_seconds_ = 0;

  std::string before_draft_json_;

  Status compare_status_ = Status::kIdle;
  std::string compare_error_, compare_label_, compare_model_json_, compare_summary_json_;
  uint64_t compare_version_ = 0;
  std::unique_ptr<ComparedModels> compared_;
  CompareView compare_view_;
};

// [Compare] the library's scores the tab offers to compare with: every one but the
// score on screen (the library's current entry), in the library's order.
struct CompareOffer {
  std::size_t index = 0;       // in the library
  std::string label;           // as the compare names it: "“Churn-weighted” (a saved score)"
  std::string model_json;
};
std::vector<CompareOffer> LibraryCompareOffers(const ModelLibrary& library);

}  // namespace ces::app
