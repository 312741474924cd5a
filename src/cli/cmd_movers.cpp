// `ces movers` (spec v2 section 3): who changed between two dates of one events file
// (--from/--to), or between an older export and this one (--before OLD.csv).
#include <string>
#include <vector>

#include "cli/cli_io.h"
#include "cli/commands.h"
#include "engine/csv/value_parse.h"
#include "engine/evaluate/evaluate_options.h"
#include "engine/evaluate/movers.h"

namespace ces::cli {

namespace {

const char* kMoversUsage =
    "usage: ces movers --model MODEL.json (--from YYYY-MM-DD [--to YYYY-MM-DD] | --before OLD.csv) "
    "[-o OUT.csv] [--summary-json FILE] INPUT.csv";

}  // namespace

int WriteMovers(const ScoredSide& before, const ScoredSide& after, const std::string& out_path,
                const std::string& summary_path, bool summary_only) {
  const std::vector<MoverRow> rows = ComputeMovers(before, after);
  const bool need_summary = summary_only || !summary_path.empty();
  const std::string summary = need_summary ? MoversSummaryJson(before, after, rows) + "\n" : std::string();
  if (!WriteOutput(out_path, summary_only ? summary : MoversCsv(before, after, rows))) return kExitUnusable;
  if (!summary_path.empty() && !WriteOutput(summary_path, summary)) return kExitUnusable;
  return kExitOk;
}

int Movers(const std::vector<std::string>& args) {
  Args a(args, {"--model", "-m", "--from", "--to", "--before", "-o", "--output", "--summary-json"}, {});
  if (!a.ok()) {
    Say(a.error());
    return kExitUnusable;
  }
  const std::string model_path = a.Get("--model", a.Get("-m"));
  if (model_path.empty() || a.positional().size() != 1) {
    Say(kMoversUsage);
    return kExitUnusable;
  }
  const std::string input = a.positional()[0];
  const std::string out_path = a.Get("-o", a.Get("--output"));
  const std::string summary_path = a.Get("--summary-json");
  const std::string before_path = a.Get("--before");
  MoversOptions options;
  options.before_file = a.Has("--before");
  for (const char* name : {"from", "to"}) {
    if (!a.Has(std::string("--") + name)) continue;
    int32_t day = 0;
    if (OptionResult e = ParseDateOption(name, a.Get(std::string("--") + name), &day)) return RefuseOption(*e);
    (std::string(name) == "from" ? options.from : options.to) = day;
  }
  if (options.before_file && (options.from || options.to))
    return RefuseOption({"before", "give either --before or --from/--to, not both"});
  if (!options.before_file && !options.from) return RefuseOption({"from", "needed (or --before OLD.csv)"});
  if (options.before_file && before_path.empty()) return RefuseOption({"before", "needs a file"});

  ScoreModel model;
  if (!LoadModelFile(model_path, &model)) return kExitUnusable;
  std::string stdin_bytes;
  if (options.before_file) {
    if (before_path == "-" && input == "-") {
      Say("--before and INPUT cannot both be standard input");
      return kExitUnusable;
    }
    // Each export is scored as `ces score` would score it, with its own as-of date.
    auto old_session = ScoreInput(before_path, model, /*prune=*/true, &stdin_bytes);
    if (!old_session) return kExitUnusable;
    const ScoredSide before = SideFromTable(old_session->dataset(), model, old_session->table());
    auto session = ScoreInput(input, model, /*prune=*/true, &stdin_bytes);
    if (!session) return kExitUnusable;
    const ScoredSide after = SideFromTable(session->dataset(), model, session->table());
    PrintScoreSummary(before_path, *old_session, AsOfFromFile(model));
    PrintScoreSummary(input, *session, AsOfFromFile(model));
    return WriteMovers(before, after, out_path, summary_path, false);
  }

  if (model.data.shape != Shape::kEvents) {
    Say(model_path + ": movers between two dates need an events-shape model: one export of the customers shape "
                     "has no history (use --before OLD.csv)");
    return kExitUnusable;
  }
  auto session = ScoreInput(input, model, /*prune=*/false, &stdin_bytes);
  if (!session) return kExitUnusable;
  int32_t from = 0, to = 0;
  if (OptionResult e = MoversDates(options, model, session->dataset(), &from, &to)) return RefuseOption(*e);
  const ScoredSide before = SideOnDate(session->dataset(), model, from);
  const ScoredSide after = SideOnDate(session->dataset(), model, to);
  PrintScoreSummary(input, *session, AsOfFromFile(model));
  Say("movers: " + FormatDate(from) + " to " + FormatDate(to));
  return WriteMovers(before, after, out_path, summary_path, false);
}

}  // namespace ces::cli
