// `ces compare` (spec v2 section 3): two models on one file, as movers (before = the
// first model's scores, after = the second's).
#include <string>
#include <vector>

#include "cli/cli_io.h"
#include "cli/commands.h"
#include "engine/evaluate/movers.h"

namespace ces::cli {

int Compare(const std::vector<std::string>& args) {
  Args a(args, {"--model", "-m", "-o", "--output", "--summary-json"}, {"--json"});
  if (!a.ok()) {
    Say(a.error());
    return kExitUnusable;
  }
  std::vector<std::string> models = a.GetAll("--model");
  for (const std::string& m : a.GetAll("-m")) models.push_back(m);
  if (models.size() != 2 || a.positional().size() != 1) {
    Say("usage: ces compare --model A.json --model B.json [--json] [-o OUT] [--summary-json FILE] INPUT.csv");
    return kExitUnusable;
  }
  const std::string input = a.positional()[0];
  ScoreModel model_a, model_b;
  if (!LoadModelFile(models[0], &model_a) || !LoadModelFile(models[1], &model_b)) return kExitUnusable;
  // Each model reads the file its own way (columns, window), as `ces score` would.
  std::string stdin_bytes;
  auto session_a = ScoreInput(input, model_a, /*prune=*/true, &stdin_bytes);
  if (!session_a) return kExitUnusable;
  const ScoredSide before = SideFromTable(session_a->dataset(), model_a, session_a->table());
  auto session_b = ScoreInput(input, model_b, /*prune=*/true, &stdin_bytes);
  if (!session_b) return kExitUnusable;
  const ScoredSide after = SideFromTable(session_b->dataset(), model_b, session_b->table());
  Say("before: " + models[0]);
  PrintScoreSummary(input, *session_a, AsOfFromFile(model_a));
  Say("after: " + models[1]);
  PrintScoreSummary(input, *session_b, AsOfFromFile(model_b));
  return WriteMovers(before, after, a.Get("-o", a.Get("--output")), a.Get("--summary-json"), a.Has("--json"));
}

}  // namespace ces::cli
