#include "app/core/check_state.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

#include "app/core/scoring_flow.h"
#include "app/core/stopwatch.h"
#include "engine/base/number_format.h"
#include "engine/csv/value_parse.h"
#include "engine/inspect/inspect.h"

namespace ces::app {

namespace {

using Json = nlohmann::json;

bool IsOutcomeName(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* word : {"churn", "outcome", "renew", "convert", "cancel", "lost", "won", "retained", "label"})
    if (name.find(word) != std::string::npos) return true;
  return false;
}

// Names of outcomes that a good score should make less likely: checked with expect low.
bool IsBadOutcomeName(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* word : {"churn", "cancel", "lost", "lapsed", "inactive", "quit", "left"})
    if (name.find(word) != std::string::npos) return true;
  return false;
}

}  // namespace

// [SECTION] The outcome picked

std::string OutcomeChoice::OptionsJson() const {
  Json o = Json::object();
  if (source == kColumn) {
    o["outcomeColumn"] = column;
  } else if (source == kOtherFile) {
    o["outcomes"] = true;
    o["outcomeColumn"] = column;
  } else {
    o["at"] = FormatDate(at);
    o["horizon"] = horizon;
    o["outcome"] = log_kind == LogOutcome::kActive ? "active" : log_kind == LogOutcome::kInactive ? "inactive" : "event:" + events;
  }
  if (expect != kDefault) o["expect"] = expect == kHigh ? "high" : "low";
  return o.dump();
}

std::string OutcomeChoice::Describe() const {
  if (source != kLog) return "\u201c" + column + "\u201d";
  const std::string when = " in the " + std::to_string(horizon) + " days after " + FormatDate(at);
  if (log_kind == LogOutcome::kActive) return "active" + when;
  if (log_kind == LogOutcome::kInactive) return "inactive" + when;
  return "did " + events + when;
}

FileDates FileDatesOf(const ScoreSession& loaded) {
  FileDates t;
  const Dataset& data = loaded.dataset();
  if (loaded.model().data.shape != Shape::kEvents || !data.max_day) return t;
  t.has_dates = true;
  t.last = *data.max_day;
  t.first = t.last;
  // Each customer's buckets are sorted by day: the first one is its earliest.
  for (uint32_t c = 0; c < data.cells.customer_count(); ++c)
    if (data.cells.cell_count(c)) t.first = std::min(t.first, EventCells::CellDay(data.cells.cells(c)));
  return t;
}

std::vector<std::string> OutcomeLikeColumns(const CsvProfile& profile) {
  std::vector<std::string> named, others;
  for (const ColumnProfile& col : profile.columns) {
    if (col.many_values || col.top_values.empty()) continue;
    bool all = true;
    for (const auto& [text, count] : col.top_values) {
      const OutcomeCell cell = ParseOutcomeCell(text);
      if (cell == OutcomeCell::kInvalid) all = false;
    }
    if (all) (IsOutcomeName(col.name) ? named : others).push_back(col.name);
  }
  named.insert(named.end(), others.begin(), others.end());
  return named;
}

void CheckState::DropFigures() {
  backtest_status_ = Status::kIdle;
  compare_status_ = Status::kIdle;
  compared_.reset();
}

void CheckState::PrepareFor(const ScoreSession& loaded, const LoadedFile& file) {
  DropFigures();
  before_draft_json_.clear();
  const FileDates t = FileDatesOf(loaded);
  const std::vector<std::string> columns = file.profiled ? OutcomeLikeColumns(file.profile) : std::vector<std::string>();
  choice = OutcomeChoice();
  if (!t.has_dates) choice.source = OutcomeChoice::kColumn;  // no log to read an outcome from
  if (!columns.empty() && (!t.has_dates || IsOutcomeName(columns.front()))) {
    choice.source = OutcomeChoice::kColumn;
    choice.column = columns.front();
    if (IsBadOutcomeName(choice.column)) choice.expect = OutcomeChoice::kLow;  // churned: high scores should stay
  }
  if (t.has_dates) {
    // The latest date that leaves H days of log after it; shorter H on short logs.
    const int span = t.last - t.first;
    choice.horizon = span >= 120 ? 60 : std::max(1, span / 2);
    choice.at = t.last - choice.horizon;
  }
}

void CheckState::SetOutcomesFile(std::string name, std::string bytes) {
  outcomes_name_ = std::move(name);
  outcomes_bytes_ = std::move(bytes);
  has_outcomes_file_ = true;
  outcomes_columns_.clear();
  const CsvProfile profile = InspectCsvPrefix(std::string_view(outcomes_bytes_).substr(0, LoadedFile::kPreviewBytes));
  const std::vector<std::string> likely = OutcomeLikeColumns(profile);
  for (const ColumnProfile& c : profile.columns) outcomes_columns_.push_back(c.name);
  choice.source = OutcomeChoice::kOtherFile;
  choice.column = !likely.empty() ? likely.front() : outcomes_columns_.empty() ? "" : outcomes_columns_.back();
  choice.expect = IsBadOutcomeName(choice.column) ? OutcomeChoice::kLow : OutcomeChoice::kDefault;
}

// [SECTION] Backtest

void CheckState::RunBacktest(const ScoreSession& loaded, const LoadedFile& file, uint64_t model_version) {
  const Stopwatch watch;
  result_choice_ = choice;
  result_version_ = model_version;
  const std::string* bytes = nullptr;
  if (choice.source == OutcomeChoice::kOtherFile) {
    if (!has_outcomes_file_) {
      backtest_status_ = Status::kError;
      backtest_error_ = "Open an outcomes file first (a CSV with the customer column and the outcome).";
      return;
    }
    bytes = &outcomes_bytes_;
  } else if (choice.source == OutcomeChoice::kColumn) {
    if (!file.cache_complete) {
      backtest_status_ = Status::kError;
      backtest_error_ = "This file is too large for the page to read a column of it again (over " +
                        std::to_string(LoadedFile::kCacheLimit >> 20) +
                        " MB). Put the outcome in a smaller outcomes file, or take it from the log.";
      return;
    }
    bytes = &file.cache;
  }
  BacktestResult result;
  OperationResult r = RunBacktestOperation(loaded, choice.OptionsJson(), bytes, &result);
  backtest_seconds_ = watch.seconds();
  if (r.kind == OperationResult::kError) {
    backtest_status_ = Status::kError;
    backtest_error_ = r.body;
    return;
  }
  result_ = std::move(result);
  result_json_ = BacktestToJson(result_);
  backtest_status_ = Status::kDone;
  backtest_error_.clear();
}

std::string CheckState::AucSentence() const {
  if (backtest_status_ != Status::kDone) return "";
  const OutcomeChoice& c = result_choice_;
  std::string yes, no;  // who has outcome 1, who has 0
  if (c.source != OutcomeChoice::kLog) {
    yes = "a customer with " + c.column + " = yes";
    no = "one with " + c.column + " = no";
  } else if (c.log_kind == LogOutcome::kInactive) {
    yes = "a customer who went quiet";
    no = "one who stayed active";
  } else if (c.log_kind == LogOutcome::kActive) {
    yes = "a customer who stayed active";
    no = "one who went quiet";
  } else {
    yes = "a customer who did " + c.events;
    no = "one who did not";
  }
  const int percent = static_cast<int>(std::lround(result_.auc * 100));
  yes[0] = 'A';  // the sentence's start
  return yes + " scored " + (result_.expect_high ? "higher" : "lower") + " than " + no + " " +
         std::to_string(percent) + " % of the time; 50 % is a coin toss.";
}

// [SECTION] Try as draft

bool CheckState::ApplySuggested(ScoringFlow& flow) {
  if (backtest_status_ != Status::kDone || !ResultIsFor(flow.model().version())) return false;
  before_draft_json_ = flow.model().valid_json();
  ScoreModel draft = result_.suggested_model;
  ModelState& model = flow.model();
  model.edit() = draft;
  flow.AfterModelEdit();
  return true;
}

bool CheckState::RestoreBeforeDraft(ScoringFlow& flow) {
  if (before_draft_json_.empty()) return false;
  ModelLoadResult loaded = LoadModel(before_draft_json_);
  if (!loaded.ok()) return false;
  flow.model().edit() = *loaded.model;
  flow.AfterModelEdit();
  before_draft_json_.clear();
  return true;
}

// [SECTION] Compare

std::vector<CompareOffer> LibraryCompareOffers(const ModelLibrary& library) {
  std::vector<CompareOffer> offers;
  for (std::size_t i = 0; i < library.size(); ++i) {
    if (i == library.current()) continue;
    const LibraryEntry& e = library.entries()[i];
    offers.push_back({i, "\u201c" + e.name + "\u201d (a saved score)", e.model_json});
  }
  return offers;
}

void CheckState::RequestCompare(std::string label, std::string model_json) {
  compare_label_ = std::move(label);
  compare_model_json_ = std::move(model_json);
  compare_status_ = Status::kPending;
}

void CheckState::RunCompare(const ScoreSession& loaded, const LoadedFile& file, uint64_t model_version) {
  compare_version_ = model_version;
  auto compared = std::make_unique<ComparedModels>();
  OperationResult r =
      CompareModels(loaded, compare_model_json_, file.cache_complete ? &file.cache : nullptr, compared.get());
  if (r.kind == OperationResult::kError) {
    compare_status_ = Status::kError;
    compare_error_ = r.needs_loaded_file ? "That model reads the file differently, and this file is too large for the "
                                           "page to read again. Compare it with `ces compare` on the command line."
                                         : r.body;
    compared_.reset();
    return;
  }
  compared_ = std::move(compared);
  compare_summary_json_ = MoversSummaryJson(compared_->before, compared_->after, compared_->rows);
  // The figures as the summary states them (round6), read back rather than recomputed.
  const Json s = Json::parse(compare_summary_json_, nullptr, false);
  CompareView v;
  v.moved = s.value("moved", int64_t{0});
  v.added = s.value("new", int64_t{0});
  v.gone = s.value("gone", int64_t{0});
  v.mean_abs_change = s.value("mean_abs_change", 0.0);
  if (s.contains("spearman") && s["spearman"].is_number()) v.spearman = s["spearman"].get<double>();
  v.tiers = compared_->before.tier_order;
  for (const std::string& t : compared_->after.tier_order)
    if (std::find(v.tiers.begin(), v.tiers.end(), t) == v.tiers.end()) v.tiers.push_back(t);
  if (v.tiers.empty()) v.tiers.push_back("");
  v.matrix.assign(v.tiers.size(), std::vector<int64_t>(v.tiers.size(), 0));
  auto index = [&](const std::string& name) {
    return static_cast<size_t>(std::find(v.tiers.begin(), v.tiers.end(), name) - v.tiers.begin());
  };
  if (s.contains("tier_moves"))
    for (const Json& m : s["tier_moves"]) {
      const size_t from = index(m.value("from", "")), to = index(m.value("to", ""));
      if (from < v.tiers.size() && to < v.tiers.size()) v.matrix[from][to] = m.value("customers", int64_t{0});
    }
  // Moved rows come by change ascending: the drops at the front, the rises at the back.
  const ComparedModels& c = *compared_;
  auto mover = [&](const MoverRow& row) {
    CompareView::Mover m;
    m.customer = std::string(c.before.ids[row.before]);
    m.before = c.before.scores[row.before];
    m.after = c.after.scores[row.after];
    m.change = row.change;
    m.tier_before = std::string(c.before.TierName(row.before));
    m.tier_after = std::string(c.after.TierName(row.after));
    return m;
  };
  size_t moved_end = 0;
  while (moved_end < c.rows.size() && c.rows[moved_end].status == MoverStatus::kMoved) ++moved_end;
  for (size_t i = 0; i < moved_end && v.drops.size() < kTopMovers && c.rows[i].change < 0; ++i)
    v.drops.push_back(mover(c.rows[i]));
  for (size_t i = moved_end; i > 0 && v.rises.size() < kTopMovers && c.rows[i - 1].change > 0; --i)
    v.rises.push_back(mover(c.rows[i - 1]));
  compare_view_ = std::move(v);
  selected_from = selected_to = -1;
  compare_status_ = Status::kDone;
  compare_error_.clear();
}

std::vector<CheckState::CompareView::Mover> CheckState::CellCustomers(size_t from, size_t to, size_t limit) const {
  std::vector<CompareView::Mover> out;
  const CompareView& v = compare_view_;
  if (!compared_ || from >= v.tiers.size() || to >= v.tiers.size()) return out;
  const ComparedModels& c = *compared_;
  for (const MoverRow& row : c.rows) {
    if (out.size() >= limit) break;
    if (row.status != MoverStatus::kMoved) continue;
    if (c.before.TierName(row.before) != v.tiers[from] || c.after.TierName(row.after) != v.tiers[to]) continue;
    out.push_back({std::string(c.before.ids[row.before]), c.before.scores[row.before], c.after.scores[row.after],
                   row.change, v.tiers[from], v.tiers[to]});
  }
  return out;
}

std::string CheckState::CompareCsv() const {
  return compared_ ? MoversCsv(compared_->before, compared_->after, compared_->rows) : std::string();
}

// [SECTION] Pending work

void CheckState::Step(const ScoreSession* loaded, const LoadedFile& file, uint64_t model_version) {
  if (!loaded) return;
  if (backtest_status_ == Status::kPending) RunBacktest(*loaded, file, model_version);
  else if (compare_status_ == Status::kPending) RunCompare(*loaded, file, model_version);
}

}  // namespace ces::app
