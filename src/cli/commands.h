// The `ces` commands, one file each (cmd_<name>.cpp). Each takes the arguments after
// its name and returns the exit status.
#pragma once
#include <string>
#include <vector>

#include "engine/session.h"

namespace ces::cli {

int Score(const std::vector<std::string>& args);
int Inspect(std::vector<std::string> args);
int Validate(const std::vector<std::string>& args);
int Backtest(const std::vector<std::string>& args);

// The summary `ces score` writes on standard error: rows, customers, row errors, as-of, tiers.
void PrintScoreSummary(const std::string& input, const ScoreSession& s, bool as_of_from_file);

}  // namespace ces::cli
