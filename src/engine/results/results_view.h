// Looking at a scored table the way a results screen does: the customers in the
// order of any column, filtered by id and tier; a histogram of the scores; the
// mean points each activity contributes. Reads a ScoreTable, never changes it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/aggregate/dataset.h"
#include "engine/model/model.h"
#include "engine/score/scoring.h"

namespace ces {

// A column of the scored table (spec section 5).
struct ResultsColumn {
  // kMeasure: what was measured, before cap and curve (ScoreTable::measure). Not an
  // output column (the contract's `value` is after them): the page's "Measured" view.
  enum Kind { kCustomer, kScore, kRaw, kTier, kSegment, kValue, kPoints, kMeasure };
  Kind kind = kScore;
  size_t activity = 0;                       // kValue, kPoints and kMeasure only
};

struct ResultsQuery {
  ResultsColumn sort;                        // default: score
  bool descending = true;
  // Customers whose id or a carried value (v2 1.6, as the table shows it) holds this
  // text, ASCII case folded; "" = all.
  std::string search;
  int tier = -1;                             // only customers of this tier; -1 = every tier
};

// The customers a query selects, in its order. Ties keep the table's own order
// (score descending, then id ascending), so the default query returns table.order.
std::vector<uint32_t> QueryResults(const Dataset& data, const ScoreModel& model, const ScoreTable& table,
                                   const ResultsQuery& query);

struct ScoreHistogram {
  double lo = 0, hi = 100;                   // bin i covers [lo + i·w, lo + (i+1)·w), the last one includes hi
  std::vector<uint64_t> counts;
  uint64_t max_count = 0;
};
// Scores counted in `bins` equal bins over [lo, hi]; scores outside go to the end bins.
ScoreHistogram HistogramOfScores(const ScoreTable& table, size_t bins, double lo, double hi);

// The range a histogram of this table should cover: 0–100 for the scaled methods,
// else the scores' own range (widened when they are all equal).
void ScoreRange(const ScoreModel& model, const ScoreTable& table, double* lo, double* hi);

// The lowest and highest raw score of the customers scored: the ends of table.order,
// as the min-max scale used them; {0, 0} without customers.
std::pair<double, double> RawRange(const ScoreTable& table);

// Mean points (weight × value) of each activity over all customers.
std::vector<double> MeanPoints(const ScoreModel& model, const ScoreTable& table);

// Each group's mean score over the customers it is present for (v2 1.3); NaN where none.
std::vector<double> GroupMeans(const ScoreTable& table);

}  // namespace ces
