// Movers (spec v2 section 3): who changed between two scored sides -- two dates of
// one file, two exports, or two models on one file -- as a CSV and a summary.
// The sides are plain lists, so every question builds them its own way and the
// rows, order and figures are computed once. Rows refer to the sides by position,
// so a comparison of millions of customers costs a few bytes each beyond the data.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/aggregate/dataset.h"
#include "engine/model/model.h"
#include "engine/score/scoring.h"

namespace ces {

// Every customer that exists on one side, with its rounded score and tier.
struct ScoredSide {
  std::vector<std::string_view> ids;         // views: the caller keeps their storage (a dataset) alive
  std::vector<double> scores;                // rounded with round6, as scored
  std::vector<int> tiers;                    // index into tier_order; -1 without tiers
  std::vector<std::string> tier_order;       // the model's tier names, in model order
  // Positions in byte order of the ids, each id once, when the side's maker knows it (a
  // dataset's ids are unique and ranked at ingest): ComputeMovers then sorts no ids,
  // which was most of a 100k-customer comparison's time. Empty: ComputeMovers sorts.
  std::vector<uint32_t> by_id;

  size_t size() const { return ids.size(); }
  std::string_view TierName(size_t i) const { return tiers[i] < 0 ? std::string_view() : tier_order[tiers[i]]; }
};

// The customers that exist in `table` (table.order), from `model`'s tiers.
ScoredSide SideFromTable(const Dataset& data, const ScoreModel& model, const ScoreTable& table);
// The score on `day` (v2 section 2) as a side: `data` must be read without pruning.
ScoredSide SideOnDate(const Dataset& data, const ScoreModel& model, int32_t day);

enum class MoverStatus : uint8_t { kMoved, kNew, kGone };
const char* MoverStatusName(MoverStatus s);

struct MoverRow {
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t before = kNone, after = kNone;    // positions in the sides; kNone where missing
  MoverStatus status = MoverStatus::kMoved;
  double change = 0;                         // round6(after − before): moved rows only
};

// Rows in the spec's order: moved by change ascending then id (byte order), then new
// by id, then gone by id. An id that appears twice on one side keeps its first entry.
std::vector<MoverRow> ComputeMovers(const ScoredSide& before, const ScoredSide& after);

// `customer,status,score_before,score_after,change,tier_before,tier_after`, `\n` line
// ends, v1's number format and text-cell rules; written in pieces of roughly
// `piece_bytes`, stopping early when `write` returns false.
bool WriteMoversCsv(const ScoredSide& before, const ScoredSide& after, const std::vector<MoverRow>& rows,
                    const std::function<bool(std::string_view)>& write, size_t piece_bytes = 1 << 20);
std::string MoversCsv(const ScoredSide& before, const ScoredSide& after, const std::vector<MoverRow>& rows);

// The summary object of section 3 (one line of JSON, no trailing newline).
std::string MoversSummaryJson(const ScoredSide& before, const ScoredSide& after, const std::vector<MoverRow>& rows);

// Spearman's rank correlation as section 3 defines it (Pearson of average ranks),
// unrounded; nullopt when fewer than 2 pairs or either side has all values equal.
std::optional<double> SpearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace ces
