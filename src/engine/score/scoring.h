// From aggregates to scores (spec v1 section 3, v2 sections 1 and 2): measures per
// customer and activity (measures.h), cap and transform, points (weight × value or
// bins), raw rounded to 6 decimals or a weighted mean of group scores, the scale
// (scale.h), tiers and the output order. Computed in layers so that a model change
// redoes only what it touches: a weight, bin, scale or tier change never revisits
// the aggregates.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/aggregate/dataset.h"
#include "engine/model/model.h"
#include "engine/score/scale.h"

namespace ces {

// How an activity's value becomes points (v2 1.1): weight × value, or the points of the
// value's bin; a skipped value (NaN, v2 missing "skip") stays NaN. The one place of this
// rule: the points layer is made by it, and a table without that layer applies it on read.
struct PointsRule {
  double weight = 0;
  std::vector<Bin> bins;
  double Of(double value) const;
};

struct ScoreTable {
  size_t customers = 0;
  size_t activities = 0;
  std::optional<int32_t> as_of;              // the day the window ends on (events shape)
  std::vector<double> measure;               // [c * activities + a]: before cap and transform; empty unless keep_measures
  std::vector<double> value;                 // [c * activities + a]: after cap and transform
  std::vector<double> points;                // [c * activities + a]: weight × value or the bin's points; NaN when skipped (v2 missing "skip"); empty unless keep_points
  std::vector<double> raw;                   // Σ points rounded to 6 decimals; with groups, the weighted mean of group scores
  std::vector<double> score;
  std::vector<int> tier;                     // index into model.tiers; -1 without tiers
  std::vector<uint32_t> order;               // customers that exist, by score descending, then id ascending
  std::vector<uint8_t> exists;               // per customer: 1 when scored here (all, or those on a past date)
  std::vector<uint32_t> segment;             // per customer: segment id + 1 used here (0 = none), as of the table's date
  size_t groups = 0;                         // v2 (1.3)
  std::vector<double> group_points;          // [c * groups + g], round6; NaN when the group is absent
  std::vector<double> group_score;           // [c * groups + g], round6; NaN when the group is absent
  std::vector<uint64_t> tier_counts;         // per tier
  double score_mean = 0, score_median = 0;   // 0 when there are no customers

  std::vector<uint32_t> carry;               // [c * data.plan.carry.size() + j]: carried value id + 1 (0 = none)
  std::vector<std::string> warnings;         // about this model on this data: missing values, no group present
  bool as_of_tail_note = false;              // warnings[0] says a thin tail of late rows set the auto as-of

  // False: no measure layer. Each measure is written into `value`, which ComputeValues
  // then caps and transforms in place (cell by cell), so the measures are gone once the
  // values exist and a change of cap, transform or measure needs the aggregates again.
  // For a caller that prints values and points only (`ces score`): 1M customers × 10
  // activities is 80 MB less to allocate and zero.
  bool keep_measures = true;
  std::vector<double>& MeasureRows() { return keep_measures ? measure : value; }
  // False (the default): no points layer; Points() applies each activity's rule
  // (points_rules, set with every ComputePoints) to the value, and every reader goes
  // through Points(). The layer would only repeat weight × value (or the bin's points):
  // 80 MB for 1M customers × 10 activities, first touched on every run (on a VM that
  // hands freed memory back to its host, fresh memory is a large part of a run), and
  // 8 MB per 100k customers held in the page on top of every bucket (BENCHMARKS.md).
  // Re-scoring is no slower without it (a weight change 4.4 -> 2.9 ms natively).
  static constexpr bool kKeepPointsByDefault = false;
  bool keep_points = kKeepPointsByDefault;
  std::vector<PointsRule> points_rules;      // per activity, as of the last ComputePoints

  SortScratch scratch;                       // kept between re-scores, so an edit does not fault in fresh memory

  size_t population() const { return order.size(); }  // customers scored
  bool Exists(uint32_t c) const { return exists.empty() || exists[c]; }
  double Value(uint32_t c, size_t a) const { return value[c * activities + a]; }
  double Points(uint32_t c, size_t a) const {
    return keep_points ? points[c * activities + a] : points_rules[a].Of(value[c * activities + a]);
  }
  // NaN in a table without a measure layer: such a table cannot say what the value was before cap and transform.
  double Measure(uint32_t c, size_t a) const {
    return keep_measures ? measure[c * activities + a] : std::numeric_limits<double>::quiet_NaN();
  }
  // The measure, value and points rows (those kept) of customers [0, end) exist, zero
  // where not yet computed. A table being scored in steps holds rows only up to the range
  // measured so far: first touching a fresh 100k-customer table at once took ~60 ms in the page.
  void RowsUpTo(size_t end) {
    for (std::vector<double>* rows : KeptRows())
      if (rows->size() < end * activities) rows->resize(end * activities, 0.0);
  }
  // The per-cell layers this table keeps: value always, measure and points when asked.
  std::vector<std::vector<double>*> KeptRows() {
    std::vector<std::vector<double>*> rows{&value};
    if (keep_measures) rows.push_back(&measure);
    if (keep_points) rows.push_back(&points);
    return rows;
  }
};

// The window end a model uses on a dataset: window.as_of, or the latest day ("auto").
std::optional<int32_t> EffectiveAsOf(const Dataset& data, const ScoreModel& model);

// Computes every layer.
void ComputeScores(const Dataset& data, const ScoreModel& model, ScoreTable* table);

// ComputeScores cut into steps, for a caller that must not block for long (the page's
// thread: measuring 100k customers' buckets takes a few hundred ms there). The same
// table, whatever the cut:
//   BeginScores(d, m, &t);
//   for (uint32_t c = 0; c < t.customers;) c = MeasureScores(d, m, c, 16384, &t);
//   EndScores(d, m, &t);
void BeginScores(const Dataset& data, const ScoreModel& model, ScoreTable* table);  // who is scored; room for each layer
uint32_t MeasureScores(const Dataset& data, const ScoreModel& model, uint32_t from, uint32_t count,
                       ScoreTable* table);  // the measures of customers [from, from + count); returns where to go on
void EndScores(const Dataset& data, const ScoreModel& model, ScoreTable* table);    // values, points, raw, scale, tiers, order
// EndScores in steps (each tens of ms for 100k customers in the page):
void ValueScores(const ScoreModel& model, ScoreTable* table);                       // values, points
// The ranking in two steps (together ~40 ms in the page, most of it fresh memory's first touch):
void ScaleScores(const Dataset& data, const ScoreModel& model, ScoreTable* table);  // raw, groups, scale
void OrderScores(const ScoreModel& model, ScoreTable* table);                       // order, tiers, mean, median

// The cut above after a table's beginning (BeginScores, or PrepareScoresOnDate and its
// populating), one step a call: the measures of `customers_per_step` customers, then
// ValueScores, ScaleScores and OrderScores, each a step of its own. Step returns false
// once the table is complete. The one driver of scores in steps: a file's end
// (ScoreSession::FinishStep) and each date of the page's history (TrendsState).
//
// Measuring one customer reads only that customer's buckets and writes only its row,
// so ranges of customers can be measured at once. A RangeRunner calls work(from, to)
// over disjoint ranges that together cover [0, count), in any order and possibly at
// once on several threads (the command line's); the engine itself starts no thread.
// (The customers shape is measured in one pass by the range that starts at 0, since
// `missing: mean` needs every customer; the other ranges find nothing to do.)
using RangeRunner = std::function<void(uint32_t count, const std::function<void(uint32_t from, uint32_t to)>& work)>;

class ScoreSteps {
 public:
  bool Step(const Dataset& data, const ScoreModel& model, uint32_t customers_per_step, ScoreTable* table);
  // A step that may measure every customer does it through `run` (empty: in order here).
  void MeasureWith(RangeRunner run) { run_ranges_ = std::move(run); }

 private:
  enum class Stage { kMeasuring, kScaling, kOrdering, kDone } stage_ = Stage::kMeasuring;
  uint32_t measured_to_ = 0;  // customers measured so far
  RangeRunner run_ranges_;
};

// The score on date `day` (v2 section 2): what `ces score --as-of day` gives on the
// file cut after `day`: only customers whose first valid row is on or before it,
// their segment and carried values from their rows up to it. Events shape only;
// needs a dataset read without pruning.
void ComputeScoresOnDate(const Dataset& data, const ScoreModel& model, int32_t day, ScoreTable* table);
// Its first step, for the cut above: who exists on `day`; room for each layer. Then
// MeasureScores by ranges and EndScores, as after BeginScores.
void BeginScoresOnDate(const Dataset& data, const ScoreModel& model, int32_t day, ScoreTable* table);
// BeginScoresOnDate cut by customers as well (who exists is one look at each customer's
// first cell, scattered in memory: ~75 ms for 100k customers in the page). The same
// table, whatever the cut:
//   PrepareScoresOnDate(d, m, day, &t);
//   for (uint32_t c = 0; c < t.customers;) c = PopulateScoresOnDate(d, m, day, c, 16384, &t);
void PrepareScoresOnDate(const Dataset& data, const ScoreModel& model, int32_t day, ScoreTable* table);
uint32_t PopulateScoresOnDate(const Dataset& data, const ScoreModel& model, int32_t day, uint32_t from,
                              uint32_t count, ScoreTable* table);  // customers [from, from + count); returns where to go on

// Brings a table computed for `before` up to date for `after` (same ingest plan),
// recomputing only the layers and activities that changed. Returns the number of
// activities whose measures had to be recomputed from the aggregates.
size_t UpdateScores(const Dataset& data, const ScoreModel& before, const ScoreModel& after, ScoreTable* table);

struct SegmentStats {
  std::string name;                          // "" for customers without a segment
  size_t customers = 0;
  double score_mean = 0, score_median = 0;
  std::vector<uint64_t> tier_counts;
};
// Per segment value (sorted by name; customers without one last).
std::vector<SegmentStats> ComputeSegmentStats(const Dataset& data, const ScoreModel& model, const ScoreTable& table);

}  // namespace ces
