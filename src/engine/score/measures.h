// The measure layer of scoring: for each customer and activity, the measure before
// cap and transform (NaN when the activity is skipped for the customer: v2 1.2).
#pragma once
#include <cstddef>
#include <vector>

#include "engine/aggregate/dataset.h"
#include "engine/model/model.h"
#include "engine/score/scoring.h"

namespace ces {

// Fills table->measure for the activities `which`, on table->as_of (events shape).
void ComputeMeasures(const Dataset& data, const ScoreModel& model, const std::vector<size_t>& which, ScoreTable* table);
// The same for the customers [from, to) only: with the events shape each customer's
// measures depend on its own buckets alone, so any cut gives the same table (scoring
// in steps). The customers shape is measured whole by the range that starts at 0
// (`mean` needs every customer), and not at all by the others.
void ComputeMeasuresOf(const Dataset& data, const ScoreModel& model, const std::vector<size_t>& which, uint32_t from,
                       uint32_t to, ScoreTable* table);

}  // namespace ces
