// The page's operations on a loaded file beyond scoring it (spec v2 section 6):
// history, movers (two dates or an older export), compare, backtest and SQL. Each
// takes the session the page scored (read without pruning, as the page reads) and
// the options object's JSON text; files given as options arrive as bytes. The answer
// is what window.ces resolves with (CSV text or a JSON object), or an error naming
// the option at fault. No ImGui, no browser: tests/app calls them natively.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/evaluate/backtest.h"
#include "engine/evaluate/movers.h"
#include "engine/session.h"

namespace ces::app {

struct OperationResult {
  enum Kind { kText, kJson, kError } kind = kText;
  std::string body;                          // CSV, JSON text, or the error message
  // The operation needs the loaded file's bytes again (a model that reads the file
  // differently, an outcome column of the file): the caller retries with them attached.
  bool needs_loaded_file = false;
};

// {every, points, from, to} -> section 2's CSV.
OperationResult HistoryCsvOperation(const ScoreSession& loaded, std::string_view options_json);
// {from, to} or {before: true} with the older export's bytes -> section 3's CSV or its summary.
OperationResult MoversOperation(const ScoreSession& loaded, std::string_view options_json, const std::string* before,
                                bool summary);
// The loaded model (before) against `model_json` (after) on the loaded file; `loaded_file`
// when the other model cannot be scored from memory.
OperationResult CompareOperation(const ScoreSession& loaded, std::string_view model_json, const std::string* loaded_file,
                                 bool summary);
// Two models on the loaded file, as compare sees them (the Check view draws these):
// the sides, and the mover rows in the spec's order.
struct ComparedModels {
  std::unique_ptr<ScoreModel> after_model;
  std::unique_ptr<ScoreSession> again;       // the file read again for `after_model`, when it had to be
  ScoreTable after_table;                    // `after_model` scored from memory otherwise
  ScoredSide before, after;
  std::vector<MoverRow> rows;
};
// Fills `out` (kept alive by the caller: the sides point into it); an error result
// (maybe needs_loaded_file) or kJson with an empty body when done.
OperationResult CompareModels(const ScoreSession& loaded, std::string_view model_json, const std::string* loaded_file,
                              ComparedModels* out);

// The backtest behind BacktestOperation, for callers that draw the figures: `result`
// filled, or the error result (maybe needs_loaded_file).
OperationResult RunBacktestOperation(const ScoreSession& loaded, std::string_view options_json, const std::string* bytes,
                                     BacktestResult* result);
// {outcomeColumn} (with the loaded file's bytes), {outcomes: true, outcomeColumn} (with
// the outcomes file's bytes) or {at, horizon, outcome}, each with an optional expect.
OperationResult BacktestOperation(const ScoreSession& loaded, std::string_view options_json, const std::string* bytes);
// The loaded model as SQL for `dialect` (duckdb, postgres, clickhouse), reading `table`
// (empty: the CLI's default, DefaultSqlTable) — what `ces sql --dialect D --table T` prints.
OperationResult SqlOperation(const ScoreModel& model, std::string_view dialect, const std::string& table = "");

}  // namespace ces::app
