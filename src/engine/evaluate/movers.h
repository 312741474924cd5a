// Movers (spec v2 section 3): who changed between two scored sides -- two dates of
// one file, two exports, or two models on one file -- as a CSV and a summary.
// The sides are plain lists, so every question builds them its own way and the
// rows, order and figures are computed once.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/aggregate/dataset.h"
#include "engine/model/model.h"
#include "engine/score/scoring.h"

namespace ces {

// Every customer that exists on one side, with its rounded score and tier as printed.
struct ScoredSide {
  std::vector<std::string> ids;
  std::vector<double> scores;                // rounded with round6, as scored
  std::vector<std::string> tiers;            // tier names; "" without tiers
  std::vector<std::string> tier_order;       // the model's tier names, in model order
};

// The customers that exist in `table` (table.order), from `model`'s tiers.
ScoredSide SideFromTable(const Dataset& data, const ScoreModel& model, const ScoreTable& table);

// The score on `day` (v2 section 2) as a side: `data` must be read without pruning.
ScoredSide SideOnDate(const Dataset& data, const ScoreModel& model, int32_t day);

enum class MoverStatus { kMoved, kNew, kGone };
const char* MoverStatusName(MoverStatus s);

struct MoverRow {
  std::string customer;
  MoverStatus status = MoverStatus::kMoved;
  std::optional<double> score_before, score_after;
  std::optional<double> change;              // round6(after − before): moved rows only
  std::optional<std::string> tier_before, tier_after;
};

// Rows in the spec's order: moved by change ascending then id (byte order), then new
// by id, then gone by id. A customer id appearing twice on one side keeps its first entry.
std::vector<MoverRow> ComputeMovers(const ScoredSide& before, const ScoredSide& after);

// `customer,status,score_before,score_after,change,tier_before,tier_after`, CRLF-free,
// one line per row, v1's number format and text-cell rules.
std::string MoversCsv(const std::vector<MoverRow>& rows);

// The summary object of section 3 (one line of JSON, no trailing newline).
std::string MoversSummaryJson(const ScoredSide& before, const ScoredSide& after, const std::vector<MoverRow>& rows);

// Spearman's rank correlation as section 3 defines it (Pearson of average ranks),
// unrounded; nullopt when fewer than 2 pairs or either side has all values equal.
std::optional<double> SpearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace ces
