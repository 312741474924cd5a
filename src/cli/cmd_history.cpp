// `ces history` (spec v2 section 2): the score on a series of past dates, one CSV.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/cli_io.h"
#include "cli/commands.h"
#include "engine/base/number_format.h"
#include "engine/csv/value_parse.h"
#include "engine/evaluate/evaluate_options.h"
#include "engine/evaluate/history.h"

namespace ces::cli {

namespace {

const char* kHistoryUsage =
    "usage: ces history --model MODEL.json [--every DAYS] [--points K] [--from YYYY-MM-DD] [--to YYYY-MM-DD] "
    "[-o OUT.csv] INPUT.csv";

}  // namespace

int History(const std::vector<std::string>& args) {
  Args a(args, {"--model", "-m", "--every", "--points", "--from", "--to", "-o", "--output"}, {});
  if (!a.ok()) {
    Say(a.error());
    return kExitUnusable;
  }
  const std::string model_path = a.Get("--model", a.Get("-m"));
  if (model_path.empty() || a.positional().size() != 1) {
    Say(kHistoryUsage);
    return kExitUnusable;
  }
  const std::string input = a.positional()[0];
  const std::string out_path = a.Get("-o", a.Get("--output"));
  HistoryOptions options;
  if (a.Has("--every"))
    if (OptionResult e = ParseCountOption("every", a.Get("--every"), &options.every)) return RefuseOption(*e);
  if (a.Has("--points"))
    if (OptionResult e = ParseCountOption("points", a.Get("--points"), &options.points)) return RefuseOption(*e);
  for (const char* name : {"from", "to"}) {
    if (!a.Has(std::string("--") + name)) continue;
    int32_t day = 0;
    if (OptionResult e = ParseDateOption(name, a.Get(std::string("--") + name), &day)) return RefuseOption(*e);
    (std::string(name) == "from" ? options.from : options.to) = day;
  }
  if (options.points > kMaxHistoryPoints)
    return RefuseOption({"points", "at most " + std::to_string(kMaxHistoryPoints) + " dates"});

  ScoreModel model;
  if (!LoadModelFile(model_path, &model)) return kExitUnusable;
  if (model.data.shape != Shape::kEvents) {
    Say(model_path + ": history needs an events-shape model: one export of the customers shape has no history "
                     "(compare two exports with ces movers --before OLD.csv)");
    return kExitUnusable;
  }
  std::string stdin_bytes;
  auto session = ScoreInput(input, model, /*prune=*/false, &stdin_bytes);
  if (!session) return kExitUnusable;
  std::vector<int32_t> dates;
  if (OptionResult e = HistoryDates(options, model, session->dataset(), &dates)) return RefuseOption(*e);

  const bool wrote = WriteOutputPieces(out_path, [&](const std::function<bool(std::string_view)>& write) {
    return WriteHistoryCsv(session->dataset(), model, dates, write);
  });
  if (!wrote) return kExitUnusable;
  PrintScoreSummary(input, *session, AsOfFromFile(model));
  if (dates.empty()) Say("history: no date to show");
  else
    Say("history: " + std::to_string(dates.size()) + (dates.size() == 1 ? " date, " : " dates, ") +
        FormatDate(dates.front()) + " to " + FormatDate(dates.back()));
  return kExitOk;
}

}  // namespace ces::cli
