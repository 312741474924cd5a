// The tier rule (spec section 3): a score belongs to the first tier whose `below` is
// greater than it, else to the last tier -- the same rule as bins (bands.h), written
// once there. Scoring, the page's histogram and anything else that colours a score use it.
#pragma once
#include <vector>

#include "engine/model/model.h"
#include "engine/score/bands.h"

namespace ces {

// Index into `tiers` of the tier `score` falls in; -1 when there are no tiers.
inline int TierIndex(const std::vector<Tier>& tiers, double score) { return BandIndex(tiers, score); }

}  // namespace ces
