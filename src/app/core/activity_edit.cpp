#include "app/core/activity_edit.h"

namespace ces::app {

namespace {
bool NeedsColumn(Measure m) { return m == Measure::kSum || m == Measure::kValue || m == Measure::kDistinctValues; }
bool CanDecay(Measure m) { return m == Measure::kCount || m == Measure::kSum; }
}  // namespace

void SwitchMeasure(Activity& a, Measure to, const ScoreModel& m, const CsvProfile& profile) {
  const Measure from = a.measure;
  a.measure = to;
  if (!CanDecay(to)) a.half_life_days.reset();
  if (!NeedsColumn(to)) a.column.clear();
  if (NeedsColumn(to) && a.column.empty()) {
    const bool want_number = to != Measure::kDistinctValues;
    for (const ColumnProfile& c : profile.columns) {
      if (c.name == m.data.customer || c.name == m.data.time || c.name == m.data.event) continue;
      if (want_number == c.IsNumeric() && a.column.empty()) a.column = c.name;
    }
  }
  if ((from == Measure::kDaysSinceLast) != (to == Measure::kDaysSinceLast) && a.bins.empty()) a.weight = -a.weight;
  if (a.weight == 0) a.weight = 0;  // never -0 in the saved model
}

}  // namespace ces::app
