// `ces backtest` (v2 spec section 4): does the score predict an outcome? Reads the
// file once (scoring and, for an outcome column of the file, the outcome cells in
// the same pass), takes the outcome from a column, another file or the log, and
// prints the report or the JSON object.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/cli_io.h"
#include "cli/commands.h"
#include "engine/base/engine_limits.h"
#include "engine/base/number_format.h"
#include "engine/csv/value_parse.h"
#include "engine/evaluate/backtest.h"
#include "engine/evaluate/outcomes.h"
#include "engine/session.h"

namespace ces::cli {

namespace {

const char* kBacktestUsage =
    "usage: ces backtest --model M.json (--outcome-column COL | --outcomes FILE --outcome-column COL |\n"
    "                    --at YYYY-MM-DD --horizon DAYS --outcome active|inactive|event:NAME[,NAME...])\n"
    "                    [--expect high|low] [--json] INPUT.csv";

void SayOutcomeErrors(const std::string& file, const Outcomes& o) {
  for (const RowError& e : o.errors) Say(file + ":" + std::to_string(e.line) + ": " + e.message);
  if (o.error_count > static_cast<int64_t>(o.errors.size()))
    Say("… and " + FormatThousands(o.error_count - static_cast<int64_t>(o.errors.size())) +
        " more outcome errors (the first " + std::to_string(kMaxListedRowErrors) + " are listed)");
  if (o.error_count)
    Say(file + ": " + FormatThousands(o.error_count) + (o.error_count == 1 ? " row" : " rows") +
        " without a readable outcome (left unknown)");
}

}  // namespace

int Backtest(const std::vector<std::string>& argv) {
  Args args(argv, {"--model", "-m", "--outcome-column", "--outcomes", "--at", "--horizon", "--outcome", "--expect"},
            {"--json"});
  if (!args.ok()) {
    Say(args.error());
    return kExitUnusable;
  }
  const std::string model_path = args.Has("-m") ? args.Get("-m") : args.Get("--model");
  if (model_path.empty() || args.positional().size() != 1) {
    Say(args.positional().size() > 1 ? "backtest reads one input file (see ces --help)" : kBacktestUsage);
    return kExitUnusable;
  }
  const std::string input = args.positional()[0];

  BacktestOptions options;
  std::string why;
  const bool log = args.Has("--at") || args.Has("--horizon") || args.Has("--outcome");
  if (log) {
    if (args.Has("--outcome-column") || args.Has("--outcomes")) {
      Say(std::string(args.Has("--outcomes") ? "--outcomes" : "--outcome-column") +
          ": not with --at/--horizon/--outcome (the outcome comes from one place)");
      return kExitUnusable;
    }
    for (const char* name : {"--at", "--horizon", "--outcome"}) {
      if (!args.Has(name)) {
        Say(std::string(name) + ": required with --at, --horizon and --outcome (the outcome from the log)");
        return kExitUnusable;
      }
    }
    options.source = OutcomeSource::kLog;
    if (!ParseIsoDate(args.Get("--at"), &options.log.at)) {
      Say("--at " + args.Get("--at") + ": expected a date YYYY-MM-DD");
      return kExitUnusable;
    }
    if (!ParseHorizon(args.Get("--horizon"), &options.log.horizon, &why)) {
      Say("--horizon: " + why);
      return kExitUnusable;
    }
    if (!ParseLogOutcome(args.Get("--outcome"), &options.log, &why)) {
      Say("--outcome: " + why);
      return kExitUnusable;
    }
  } else {
    if (!args.Has("--outcome-column") || args.Get("--outcome-column").empty()) {
      Say("backtest needs an outcome: --outcome-column COL (a column of INPUT), --outcomes FILE --outcome-column COL, "
          "or --at D --horizon H --outcome ...");
      Say(kBacktestUsage);
      return kExitUnusable;
    }
    options.outcome_column = args.Get("--outcome-column");
    options.source = args.Has("--outcomes") ? OutcomeSource::kOtherFile : OutcomeSource::kScoredFileColumn;
  }
  if (args.Has("--expect")) {
    bool high = true;
    if (!ParseExpect(args.Get("--expect"), &high, &why)) {
      Say("--expect: " + why);
      return kExitUnusable;
    }
    options.expect_high = high;
  }

  ScoreModel model;
  if (!LoadModelFile(model_path, &model)) return kExitUnusable;
  if (log && model.data.shape != Shape::kEvents) {
    Say("--at/--horizon/--outcome: the model is customers-shape, which has no dates to read an outcome from; "
        "give the outcome as a column (--outcome-column) or in another file (--outcomes)");
    return kExitUnusable;
  }

  SessionOptions session_options;
  session_options.prune = !log;  // the outcome window after D needs every bucket
  session_options.release_spare_memory = false;
  session_options.batch_bytes = Ingestor::kBatchBytesCommandLine;
  ScoreSession session(model, session_options);
  std::unique_ptr<OutcomeColumnReader> outcome_reader;
  if (options.source == OutcomeSource::kScoredFileColumn)
    outcome_reader = OutcomeColumnReader::ForScoredFile(model, options.outcome_column);
  std::string error;
  const bool read_ok = StreamFile(
      input,
      [&](const char* p, size_t n) {
        const bool scored = session.Feed(p, n);
        if (outcome_reader && scored) outcome_reader->Feed(p, n);
        return scored;
      },
      &error);
  if (!read_ok) {
    Say(input + ": " + error);
    return kExitUnusable;
  }
  if (!session.failed()) session.Finish();
  if (session.failed()) {
    for (const std::string& e : session.errors()) Say(input + ": " + e);
    return kExitUnusable;
  }
  PrintScoreSummary(input, session, model.data.shape == Shape::kEvents && !model.window.as_of);

  Outcomes outcomes;
  ScoreTable on_date;
  const ScoreTable* scores = &session.table();
  std::optional<int32_t> day;
  if (options.source == OutcomeSource::kLog) {
    if (!CheckLogWindow(session.dataset(), model, options.log, &error)) {
      Say("--at/--horizon: " + error);
      return kExitUnusable;
    }
    ComputeScoresOnDate(session.dataset(), model, options.log.at, &on_date);
    if (on_date.customers != session.dataset().customer_count()) {
      Say("--at: the score on a past date is not available in this build");
      return kExitUnusable;
    }
    scores = &on_date;
    day = options.log.at;
    Say("backtest: scores on " + FormatDate(options.log.at) + " (the file cut after that day), " +
        FormatThousands(static_cast<int64_t>(on_date.population())) + " customers; outcome from " +
        FormatDate(options.log.at + 1) + " to " + FormatDate(options.log.at + options.log.horizon));
    if (!OutcomesFromLog(session.dataset(), on_date, options.log, &outcomes, &error)) {
      Say("--outcome: " + error);
      return kExitUnusable;
    }
  } else {
    std::string file = input;
    if (options.source == OutcomeSource::kOtherFile) {
      file = args.Get("--outcomes");
      outcome_reader = OutcomeColumnReader::ForOtherFile(model, options.outcome_column);
      if (!StreamFile(file, [&](const char* p, size_t n) { return outcome_reader->Feed(p, n); }, &error)) {
        Say(file + ": " + error);
        return kExitUnusable;
      }
    }
    if (!outcome_reader->Finish()) {
      for (const std::string& e : outcome_reader->fatal_errors()) Say(file + ": " + e);
      return kExitUnusable;
    }
    outcomes = outcome_reader->Resolve(session.dataset());
    SayOutcomeErrors(file, outcomes);
  }

  BacktestResult result;
  if (!RunBacktest(session.dataset(), model, *scores, outcomes.of_customer, options.ExpectHigh(), day, &result, &error)) {
    Say(error);
    return kExitUnusable;
  }
  const std::string out = args.Has("--json") ? BacktestToJson(result) + "\n" : BacktestReport(result);
  return WriteOutput("", out) ? kExitOk : kExitUnusable;
}

}  // namespace ces::cli
