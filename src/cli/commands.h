// The `ces` commands, one file each (cmd_<name>.cpp). Each takes the arguments after
// its name and returns the exit status.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/evaluate/evaluate_options.h"
#include "engine/evaluate/movers.h"
#include "engine/session.h"

namespace ces::cli {

int Score(const std::vector<std::string>& args);
int Inspect(std::vector<std::string> args);
int Validate(const std::vector<std::string>& args);
int History(const std::vector<std::string>& args);
int Movers(const std::vector<std::string>& args);
int Compare(const std::vector<std::string>& args);
int Sql(const std::vector<std::string>& args);
int Backtest(const std::vector<std::string>& args);

// The summary `ces score` writes on standard error: rows, customers, row errors, as-of, tiers.
void PrintScoreSummary(const std::string& input, const ScoreSession& s, bool as_of_from_file);

// Reads `input` ("-": standard input, kept in `stdin_bytes` so a second model can
// read it again; streamed when `stdin_bytes` is null) and scores it with `model`; says why and returns null when the file
// cannot be used. `prune`: as `ces score` (false for scores on past dates).
// `printed_only`: the table is only printed (`ces score`), so it keeps no measure layer
// (SessionOptions; no table keeps a points layer unless asked).
std::unique_ptr<ScoreSession> ScoreInput(const std::string& input, const ScoreModel& model, bool prune,
                                         std::string* stdin_bytes, bool printed_only = false);
// The session options of a command's read (ScoreInput; each part of ScoreFileInParts).
SessionOptions ReadOptions(bool prune, bool printed_only);
// `ces score`'s read: as ScoreInput(input, model, /*prune=*/true, nullptr, /*printed_only=*/true),
// reading a file (not standard input) in up to `threads` parts at once; the same result
// (parallel_read.cpp).
std::unique_ptr<ScoreSession> ScoreFileInParts(const std::string& input, const ScoreModel& model, int threads);
// Keeps `session` until the process exits, never freed: the system takes its memory
// back at once (cli_scoring.cpp). For a command's last use of a session.
void KeepUntilExit(std::unique_ptr<ScoreSession> session);
// Writes `session`'s scored table (WriteResultsCsv) with up to `threads` threads
// formatting blocks of rows at once; the same bytes, in order (parallel_write.cpp).
bool WriteResultsInParallel(const ScoreSession& session, int threads, const std::function<bool(std::string_view)>& write);
// Writes the movers CSV (or, with `summary_only`, the summary) to `out_path` and the
// summary to `summary_path` when given: the output of `ces movers` and `ces compare`.
int WriteMovers(const ScoredSide& before, const ScoredSide& after, const std::string& out_path,
                const std::string& summary_path, bool summary_only);
// Says an engine option error the command-line way ("--every: …") and returns exit 2.
int RefuseOption(const OptionError& error);
// True when `model` takes its as-of date from the file (events shape, as_of "auto").
bool AsOfFromFile(const ScoreModel& model);

}  // namespace ces::cli
