// `ces score` (spec section 6): the scored table, the summary on standard error.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cli/cli_io.h"
#include "cli/commands.h"
#include "cli/threads_report.h"
#include "engine/base/engine_limits.h"
#include "engine/base/number_format.h"
#include "engine/csv/value_parse.h"
#include "engine/results/results_csv.h"
#include "engine/results/summary.h"
#include "engine/session.h"

namespace ces::cli {

void PrintScoreSummary(const std::string& input, const ScoreSession& s, bool as_of_from_file) {
  const Dataset& d = s.dataset();
  const ScoreTable& t = s.table();
  std::string line = input + ": " + FormatThousands(d.rows) + (d.rows == 1 ? " row, " : " rows, ") +
                     FormatThousands(static_cast<int64_t>(d.customer_count())) +
                     (d.customer_count() == 1 ? " customer, " : " customers, ") + FormatThousands(d.row_errors) +
                     (d.row_errors == 1 ? " row error" : " row errors");
  if (t.as_of)
    line += "; as of " + FormatDate(*t.as_of) + (as_of_from_file ? " (the latest date among valid rows)" : "");
  Say(line);
  for (const RowError& e : d.errors) Say(input + ":" + std::to_string(e.line) + ": " + e.message);
  if (d.row_errors > static_cast<int64_t>(d.errors.size()))
    Say("… and " + FormatThousands(d.row_errors - static_cast<int64_t>(d.errors.size())) + " more row errors (the first " +
        std::to_string(kMaxListedRowErrors) + " are listed)");
  for (const std::string& w : d.warnings) Say("warning: " + w);
  for (const std::string& w : t.warnings) Say("warning: " + w);
  for (const std::string& n : d.notes) Say("note: " + n);
  const auto& tiers = s.model().tiers;
  if (!tiers.empty()) {
    std::string tl = "tiers:";
    for (size_t i = 0; i < tiers.size(); ++i)
      tl += (i ? ", " : " ") + tiers[i].name + " " + FormatThousands(static_cast<int64_t>(t.tier_counts[i]));
    Say(tl);
  }
  if (t.customers)
    Say("score: mean " + FormatNumber(RoundTo6(t.score_mean)) + ", median " +
        FormatNumber(RoundTo6(t.score_median)));
}

int Score(const std::vector<std::string>& args) {
  std::string model_path, out_path, input, as_of_text, summary_path, threads_text;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* into) {
      if (i + 1 >= args.size()) return false;
      *into = args[++i];
      return true;
    };
    bool ok = true;
    if (a == "--model" || a == "-m") ok = value(&model_path);
    else if (a.rfind("--model=", 0) == 0) model_path = a.substr(8);
    else if (a == "--as-of") ok = value(&as_of_text);
    else if (a.rfind("--as-of=", 0) == 0) as_of_text = a.substr(8);
    else if (a == "-o" || a == "--output") ok = value(&out_path);
    else if (a.rfind("--output=", 0) == 0) out_path = a.substr(9);
    else if (a == "--summary-json") ok = value(&summary_path);
    else if (a == "--threads") ok = value(&threads_text);
    else if (a.rfind("--threads=", 0) == 0) threads_text = a.substr(10);
    else if (a.size() > 1 && a[0] == '-' && a != "-") {
      Say("unknown option " + a + " (see ces --help)");
      return kExitUnusable;
    } else if (input.empty()) input = a;
    else {
      Say("score reads one input file; got " + input + " and " + a);
      return kExitUnusable;
    }
    if (!ok) {
      Say(a + " needs a value (see ces --help)");
      return kExitUnusable;
    }
  }
  if (model_path.empty() || input.empty()) {
    Say("usage: ces score --model MODEL.json [--as-of YYYY-MM-DD] [-o OUT.csv] INPUT.csv");
    return kExitUnusable;
  }
  // Threads: all cores unless told; a file is read in that many parts at once.
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (!threads_text.empty()) {
    char* end = nullptr;
    const long n = std::strtol(threads_text.c_str(), &end, 10);
    if (*end || n < 1 || n > 1024) {
      Say("--threads " + threads_text + ": expected a whole number from 1 to 1024");
      return kExitUnusable;
    }
    threads = static_cast<int>(n);
  }
  ScoreModel model;
  if (!LoadModelFile(model_path, &model)) return kExitUnusable;
  if (!as_of_text.empty()) {
    int32_t day;
    if (!ParseIsoDate(as_of_text, &day)) {
      Say("--as-of " + as_of_text + ": expected a date YYYY-MM-DD");
      return kExitUnusable;
    }
    if (model.data.shape == Shape::kCustomers) Say("note: --as-of is ignored for the customers shape");
    model.window.as_of = day;
  }
  // One model, one pass: keep only what its window can use (pruned), streaming standard input.
  std::unique_ptr<ScoreSession> scored = ScoreFileInParts(input, model, threads);
  if (!scored) return kExitUnusable;
  const ScoreSession& session = *scored;
  StepClock clock;
  const bool wrote = WriteOutputPieces(out_path, [&](const std::function<bool(std::string_view)>& write) {
    return WriteResultsInParallel(session, threads, write);
  });
  if (!wrote) return kExitUnusable;
  clock.Step("writing the table");
  if (!summary_path.empty()) {
    FILE* f = std::fopen(summary_path.c_str(), "wb");
    std::string json = SummaryJson(&session, "scored", input) + "\n";
    if (!f || std::fwrite(json.data(), 1, json.size(), f) != json.size()) Say(summary_path + ": cannot write");
    if (f) std::fclose(f);
  }
  PrintScoreSummary(input, session, model.data.shape == Shape::kEvents && !model.window.as_of);
  KeepUntilExit(std::move(scored));
  return kExitOk;
}

}  // namespace ces::cli
