// Switching an activity's measure (activity_edit.h): the sign follows what the measure
// means, so "days since last" rewards recency, not dormancy.
#include <doctest/doctest.h>

#include "app/core/activity_edit.h"

using namespace ces;
using ces::app::SwitchMeasure;

TEST_CASE("switching to days since last flips the weight's sign, and back") {
  const CsvProfile p = InspectCsv("user,time,event,amount\nu1,2025-01-01,login,3\n");
  ScoreModel m = StarterModel(p, GuessColumns(p));
  Activity logins;
  logins.name = "Logins";
  logins.measure = Measure::kCount;
  logins.weight = 1;
  logins.half_life_days = 10;
  SwitchMeasure(logins, Measure::kDaysSinceLast, m, p);
  CHECK(logins.weight == -1);                 // more days since the last login: fewer points
  CHECK_FALSE(logins.half_life_days.has_value());
  SwitchMeasure(logins, Measure::kCount, m, p);
  CHECK(logins.weight == 1);

  Activity refunds;
  refunds.name = "Refunds";
  refunds.measure = Measure::kCount;
  refunds.weight = -2;
  SwitchMeasure(refunds, Measure::kDaysSinceLast, m, p);
  CHECK(refunds.weight == 2);                 // long since the last refund: good

  // Between measures that grow with engagement the sign stays; a column is picked.
  Activity a;
  a.measure = Measure::kCount;
  a.weight = 3;
  SwitchMeasure(a, Measure::kSum, m, p);
  CHECK(a.weight == 3);
  CHECK(a.column == "amount");
  SwitchMeasure(a, Measure::kDistinctDays, m, p);
  CHECK(a.weight == 3);
  CHECK(a.column.empty());

  // Bins keep their points: they say themselves which values are good.
  Activity binned;
  binned.measure = Measure::kCount;
  binned.bins = {{1.0, 0.0}, {std::nullopt, 5.0}};
  SwitchMeasure(binned, Measure::kDaysSinceLast, m, p);
  CHECK(binned.bins[1].points == 5.0);
}
