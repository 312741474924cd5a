// TEMPORARY, until ComputeScoresOnDate (engine/score/scoring.h) lands on main: a weak
// stand-in so history and movers link and can be tested. It is exact only for the
// scales raw and target and for models without a segment: it scores every customer
// with as_of = day and then drops those whose first valid row is after `day`, so
// percentile and minmax still see the dropped customers, and the segment is the
// whole file's. The lead's strong definition replaces it at link time; delete this
// file once main has it.
#include "engine/score/scoring.h"

#include <algorithm>

namespace ces {

__attribute__((weak)) void ComputeScoresOnDate(const Dataset& data, const ScoreModel& model, int32_t day,
                                               ScoreTable* table) {
  ScoreModel on_day = model;
  on_day.window.as_of = day;
  ComputeScores(data, on_day, table);
  const uint32_t n = static_cast<uint32_t>(data.customer_count());
  table->exists.assign(n, 0);
  for (uint32_t c = 0; c < n; ++c)
    table->exists[c] = data.cells.cell_count(c) > 0 && EventCells::CellDay(data.cells.cells(c)) <= day;
  table->order.erase(std::remove_if(table->order.begin(), table->order.end(),
                                    [&](uint32_t c) { return !table->exists[c]; }),
                     table->order.end());
  std::fill(table->tier_counts.begin(), table->tier_counts.end(), 0);
  for (uint32_t c : table->order)
    if (table->tier[c] >= 0) ++table->tier_counts[static_cast<size_t>(table->tier[c])];
}

}  // namespace ces
