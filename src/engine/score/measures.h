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

}  // namespace ces
