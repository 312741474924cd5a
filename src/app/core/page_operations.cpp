#include "app/core/page_operations.h"

#include <memory>

#include "engine/evaluate/backtest.h"
#include "engine/evaluate/evaluate_options.h"
#include "engine/evaluate/history.h"
#include "engine/evaluate/movers.h"
#include "engine/evaluate/outcomes.h"
#include "engine/sql/sql_query.h"

namespace ces::app {

namespace {

OperationResult Error(std::string message) { return {OperationResult::kError, std::move(message), false}; }
OperationResult Text(std::string text) { return {OperationResult::kText, std::move(text), false}; }
OperationResult JsonText(std::string json) { return {OperationResult::kJson, std::move(json), false}; }

// Reads `bytes` with `model` the way the page reads a file (no pruning).
std::unique_ptr<ScoreSession> ScoreBytes(const ScoreModel& model, const std::string& bytes, std::string* error) {
  auto session = std::make_unique<ScoreSession>(model);
  if (session->Feed(bytes.data(), bytes.size())) session->Finish();
  if (session->failed()) {
    *error = session->errors().empty() ? "the file cannot be used" : session->errors().front();
    return nullptr;
  }
  return session;
}

OperationResult MoversResult(const ScoredSide& before, const ScoredSide& after, bool summary) {
  const std::vector<MoverRow> rows = ComputeMovers(before, after);
  return summary ? JsonText(MoversSummaryJson(before, after, rows)) : Text(MoversCsv(before, after, rows));
}

}  // namespace

OperationResult HistoryCsvOperation(const ScoreSession& loaded, std::string_view options_json) {
  HistoryOptions options;
  if (OptionResult e = ParseHistoryOptionsJson(options_json, &options)) return Error(e->ToString());
  std::vector<int32_t> dates;
  if (OptionResult e = HistoryDates(options, loaded.model(), loaded.dataset(), &dates)) return Error(e->ToString());
  return Text(HistoryCsv(loaded.dataset(), loaded.model(), dates));
}

OperationResult MoversOperation(const ScoreSession& loaded, std::string_view options_json, const std::string* before,
                                bool summary) {
  MoversOptions options;
  if (OptionResult e = ParseMoversOptionsJson(options_json, &options)) return Error(e->ToString());
  const ScoreModel& model = loaded.model();
  if (options.before_file) {
    if (!before) return Error("before: expected a File or Blob (an older export)");
    std::string error;
    std::unique_ptr<ScoreSession> old = ScoreBytes(model, *before, &error);
    if (!old) return Error("before: " + error);
    return MoversResult(SideFromTable(old->dataset(), model, old->table()),
                        SideFromTable(loaded.dataset(), model, loaded.table()), summary);
  }
  int32_t from = 0, to = 0;
  if (OptionResult e = MoversDates(options, model, loaded.dataset(), &from, &to)) return Error(e->ToString());
  return MoversResult(SideOnDate(loaded.dataset(), model, from), SideOnDate(loaded.dataset(), model, to), summary);
}

OperationResult CompareModels(const ScoreSession& loaded, std::string_view model_json, const std::string* loaded_file,
                              ComparedModels* out) {
  ModelLoadResult other = LoadModel(model_json);
  if (!other.ok()) {
    std::string message = "model: ";
    for (size_t i = 0; i < other.errors.size(); ++i) message += (i ? "; " : "") + other.errors[i].ToString();
    return Error(message);
  }
  out->after_model = std::make_unique<ScoreModel>(*other.model);
  const ScoreModel& after_model = *out->after_model;
  out->before = SideFromTable(loaded.dataset(), loaded.model(), loaded.table());
  if (loaded.CanRescore(after_model)) {  // from memory: the same file read the same way
    ComputeScores(loaded.dataset(), after_model, &out->after_table);
    out->after = SideFromTable(loaded.dataset(), after_model, out->after_table);
  } else {
    if (!loaded_file) {
      OperationResult r = Error("model: it reads the file differently; the file is needed again");
      r.needs_loaded_file = true;
      return r;
    }
    std::string error;
    out->again = ScoreBytes(after_model, *loaded_file, &error);
    if (!out->again) return Error("model: " + error);
    out->after = SideFromTable(out->again->dataset(), after_model, out->again->table());
  }
  out->rows = ComputeMovers(out->before, out->after);
  return JsonText("");
}

OperationResult CompareOperation(const ScoreSession& loaded, std::string_view model_json, const std::string* loaded_file,
                                 bool summary) {
  ComparedModels compared;
  OperationResult r = CompareModels(loaded, model_json, loaded_file, &compared);
  if (r.kind == OperationResult::kError) return r;
  return summary ? JsonText(MoversSummaryJson(compared.before, compared.after, compared.rows))
                 : Text(MoversCsv(compared.before, compared.after, compared.rows));
}

OperationResult BacktestOperation(const ScoreSession& loaded, std::string_view options_json, const std::string* bytes) {
  BacktestResult result;
  OperationResult r = RunBacktestOperation(loaded, options_json, bytes, &result);
  if (r.kind == OperationResult::kError) return r;
  return JsonText(BacktestToJson(result));
}

OperationResult RunBacktestOperation(const ScoreSession& loaded, std::string_view options_json, const std::string* bytes,
                                     BacktestResult* result) {
  BacktestOptions options;
  std::string error;
  if (!ParseBacktestOptions(std::string(options_json), &options, &error)) return Error(error);
  const ScoreModel& model = loaded.model();
  const Dataset& data = loaded.dataset();
  Outcomes outcomes;
  ScoreTable on_date;
  const ScoreTable* scores = &loaded.table();
  std::optional<int32_t> day;
  if (options.source == OutcomeSource::kLog) {
    if (model.data.shape != Shape::kEvents)
      return Error("at: the model is customers-shape, which has no dates to read an outcome from; "
                   "give the outcome as a column (outcomeColumn) or in another file (outcomes)");
    if (!CheckLogWindow(data, model, options.log, &error)) return Error("horizon: " + error);
    ComputeScoresOnDate(data, model, options.log.at, &on_date);
    scores = &on_date;
    day = options.log.at;
    if (!OutcomesFromLog(data, on_date, options.log, &outcomes, &error)) return Error("outcome: " + error);
  } else {
    if (!bytes) {
      if (options.source == OutcomeSource::kOtherFile) return Error("outcomes: expected a File or Blob");
      OperationResult r = Error("outcomeColumn: the file is needed again to read the column");
      r.needs_loaded_file = true;
      return r;
    }
    std::unique_ptr<OutcomeColumnReader> reader = options.source == OutcomeSource::kOtherFile
                                                      ? OutcomeColumnReader::ForOtherFile(model, options.outcome_column)
                                                      : OutcomeColumnReader::ForScoredFile(model, options.outcome_column);
    reader->Feed(bytes->data(), bytes->size());
    if (!reader->Finish()) {
      std::string message = options.source == OutcomeSource::kOtherFile ? "outcomes: " : "outcomeColumn: ";
      for (size_t i = 0; i < reader->fatal_errors().size(); ++i) message += (i ? "; " : "") + reader->fatal_errors()[i];
      return Error(message);
    }
    outcomes = reader->Resolve(data);
  }
  if (!RunBacktest(data, model, *scores, outcomes.of_customer, options.ExpectHigh(), day, result, &error))
    return Error(error);
  return JsonText("");
}

OperationResult SqlOperation(const ScoreModel& model, std::string_view dialect_name, const std::string& table) {
  SqlDialect dialect;
  if (!ParseSqlDialect(dialect_name, &dialect))
    return Error("dialect: expected \"duckdb\", \"postgres\" or \"clickhouse\"");
  SqlResult r = GenerateSql(model, dialect, table);
  if (!r.ok()) {
    std::string message = "the model cannot be exported as SQL: ";
    for (size_t i = 0; i < r.errors.size(); ++i) message += (i ? "; " : "") + r.errors[i].ToString();
    return Error(message);
  }
  return Text(r.sql);
}

}  // namespace ces::app
