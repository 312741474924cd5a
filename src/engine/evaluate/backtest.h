// Backtest (v2 spec section 4): does the score predict an outcome? Given scores and
// a 0/1 outcome per customer: the AUC, rates by tier and by decile, each activity's
// own AUC, weights fitted to the outcome (a penalised logistic regression), the AUC
// those weights give, and a 5-fold cross-validated AUC of the fit.
//
//   BacktestOptions o;  ParseBacktestOptions(page_json, &o, &err);   // or the CLI's flags
//   outcomes ← OutcomeColumnReader / OutcomesFromLog (outcomes.h)
//   RunBacktest(data, model, scores, outcomes.of_customer, o.ExpectHigh(), on_date, &result, &err);
//   BacktestToJson(result) / BacktestReport(result)
// Files: backtest.cpp (figures, fit, CV), backtest_options.cpp, backtest_output.cpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/aggregate/dataset.h"
#include "engine/evaluate/outcomes.h"
#include "engine/model/model.h"
#include "engine/score/scoring.h"

namespace ces {

enum class OutcomeSource { kScoredFileColumn, kOtherFile, kLog };

struct BacktestOptions {
  OutcomeSource source = OutcomeSource::kScoredFileColumn;
  std::string outcome_column;                // kScoredFileColumn, kOtherFile
  LogOutcomeSpec log;                        // kLog
  std::optional<bool> expect_high;           // absent: the default below
  // `--expect`: high unless the outcome is `inactive` (the churn question).
  bool ExpectHigh() const {
    return expect_high ? *expect_high : !(source == OutcomeSource::kLog && log.kind == LogOutcome::kInactive);
  }
};

// The page's options object (v2 spec 6): {outcomeColumn}, {outcomes, outcomeColumn}
// or {at, horizon, outcome}, each with an optional expect. `outcomes` only says that
// a second file is given (its bytes travel separately). False with `error` naming
// the option and why.
bool ParseBacktestOptions(const std::string& json_text, BacktestOptions* options, std::string* error);
// `--horizon` / `horizon` text and `--expect` text; false with `error`.
bool ParseHorizon(const std::string& text, int* horizon, std::string* error);
bool ParseExpect(const std::string& text, bool* high, std::string* error);

// Checks the --at/--horizon window against the file (events shape; D + H not after the
// file's latest valid day). False with `error`.
bool CheckLogWindow(const Dataset& data, const ScoreModel& model, const LogOutcomeSpec& log, std::string* error);

struct BacktestResult {
  size_t customers = 0, positives = 0;
  bool expect_high = true;
  double auc = 0;
  struct TierRow {
    std::string name;
    size_t customers = 0, positives = 0;
    double rate = 0;                         // NaN: null
  };
  std::vector<TierRow> tiers;
  struct DecileRow {
    int decile = 0;
    size_t customers = 0, positives = 0;
    double rate = 0, cumulative_gain = 0, lift = 0;  // rate, lift NaN: null
  };
  std::vector<DecileRow> deciles;
  struct ActivityRow {
    std::string name;
    double auc = 0;                          // NaN: null
    bool has_weight = false;                 // false for bins: weight and suggestion null
    double weight = 0, suggested_weight = 0;
    bool fitted = false;                     // in the fit (not bins, not all equal)
  };
  std::vector<ActivityRow> activities;
  double auc_suggested = 0;
  double auc_cross_validated = 0;            // NaN: null
  int folds_counted = 0;
  bool no_signal = false;                    // every |β| < 1e-6: the suggestion is today's weights
  ScoreModel suggested_model;
};

// The figures over customers that exist in `scores` and have a known outcome.
// `on_date`: the scores are the score on that date (section 2), and the suggested
// model is scored the same way. False with `error` when there is nothing to compare.
bool RunBacktest(const Dataset& data, const ScoreModel& model, const ScoreTable& scores,
                 const std::vector<int8_t>& outcome, bool expect_high, std::optional<int32_t> on_date,
                 BacktestResult* result, std::string* error);

// The JSON object of spec 4.4 (one line, keys in the spec's order).
std::string BacktestToJson(const BacktestResult& result);
// A readable report of the same figures.
std::string BacktestReport(const BacktestResult& result);

}  // namespace ces
