// The tier rule (spec section 3.5): a score belongs to the first tier whose `below`
// is greater than it, else to the last tier. The one place that says so: scoring,
// the page's histogram and anything else that colours a score use it.
#pragma once
#include <vector>

#include "engine/model/model.h"

namespace ces {

// Index into `tiers` of the tier `score` falls in; -1 when there are no tiers.
int TierIndex(const std::vector<Tier>& tiers, double score);

}  // namespace ces
