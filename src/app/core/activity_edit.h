// Edits to an activity that carry rules with them: what else changes when the editor
// switches its measure. No ImGui: the Score tab calls it, tests/app checks it.
#pragma once

#include "engine/inspect/inspect.h"
#include "engine/model/model.h"

namespace ces::app {

// Sets `a.measure` to `to` and keeps the activity sensible: a half-life only where it
// applies, a column only where one is read (the first fitting column of the file when
// none was chosen), and the weight's sign flipped when switching to or from "days since
// last". Days since is large for dormant customers, so +1 on a count of logins must
// become −1 on days since the last login (and −2 on refunds, +2 on days since the last
// refund): recency rewarded, not dormancy. Bins are kept as they are.
void SwitchMeasure(Activity& a, Measure to, const ScoreModel& model, const CsvProfile& profile);

}  // namespace ces::app
