#include "engine/score/tiers.h"

namespace ces {

int TierIndex(const std::vector<Tier>& tiers, double score) {
  if (tiers.empty()) return -1;
  for (size_t i = 0; i < tiers.size(); ++i)
    if (tiers[i].below && *tiers[i].below > score) return static_cast<int>(i);
  return static_cast<int>(tiers.size()) - 1;
}

}  // namespace ces
