// The tier rule (engine/score/tiers.h), as the page's histogram uses it; scoring's own
// tiers are checked in test_scoring.cpp.
#include <doctest/doctest.h>

#include "engine/score/tiers.h"

using namespace ces;

TEST_CASE("TierIndex: the first tier whose bound is above the score, else the last") {
  CHECK(TierIndex({}, 50) == -1);
  const std::vector<Tier> tiers = {{"Low", 30.0, ""}, {"Mid", 70.0, ""}, {"Top", std::nullopt, ""}};
  CHECK(TierIndex(tiers, -5) == 0);
  CHECK(TierIndex(tiers, 29.999999) == 0);
  CHECK(TierIndex(tiers, 30) == 1);  // 30 is not below 30
  CHECK(TierIndex(tiers, 69.5) == 1);
  CHECK(TierIndex(tiers, 70) == 2);
  CHECK(TierIndex(tiers, 1e9) == 2);
  const std::vector<Tier> bounded_last = {{"Low", 10.0, ""}, {"High", 20.0, ""}};
  CHECK(TierIndex(bounded_last, 25) == 1);  // above every bound: still the last tier
}
