// Inside an activity card, the model v2 settings that are not about points: which
// group of the scorecard the activity belongs to, and (customers shape, measure
// `value`) what a customer with no value in the column gets.
#include <imgui.h>

#include <cmath>

#include "app/app.h"
#include "app/ui_kit.h"
#include "engine/aggregate/dataset.h"

namespace ces::app {

namespace {

struct MissingOption {
  Missing missing;
  const char* label;
  const char* help;
};
const MissingOption kMissing[] = {
    {Missing::kZero, "count as 0", "An empty cell counts as 0: the customer gets the points of a 0."},
    {Missing::kSkip, "leave out", "The activity gives these customers no points at all: it is left out of their score (and of its group)."},
    {Missing::kMean, "use the average", "An empty cell counts as the average of the customers who have a value."},
};

}  // namespace

// Customers whose every row had an empty cell in the activity's column, from the
// data read; -1 when not known (not read yet, or read for another column).
int64_t App::MissingCount(std::size_t index) const {
  const ScoreSession* s = Scored();
  if (!s) return -1;
  const ScoreModel& m = flow_.model().edit();
  const Dataset& d = s->dataset();
  const int slot = NumericSlot(d.plan, m.activities[index]);
  if (slot < 0 || d.profile_filled.empty()) return -1;
  const size_t slots = d.plan.numeric.size();
  int64_t missing = 0;
  for (size_t c = 0; c < d.customer_count(); ++c) missing += d.profile_filled[c * slots + static_cast<size_t>(slot)] == 0;
  return missing;
}

bool App::DrawActivityExtras(std::size_t index) {
  ScoreModel& m = flow_.model().edit();
  Activity& a = m.activities[index];
  const std::string suffix = "-" + std::to_string(index);
  bool changed = false;

  if (!m.groups.empty()) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Group");
    ImGui::SameLine(84);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##group", a.group.empty() ? "(choose a group)" : a.group.c_str())) {
      for (size_t g = 0; g < m.groups.size(); ++g) {
        if (ImGui::Selectable(m.groups[g].name.c_str(), m.groups[g].name == a.group)) a.group = m.groups[g].name, changed = true;
        Mark(("group-option-" + std::to_string(g)).c_str());  // one combo is open at a time
      }
      ImGui::EndCombo();
    }
    Mark(("activity-group" + suffix).c_str());
    if (ImGui::BeginDragDropTarget()) {  // a group dragged from the scorecard list
      if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("CES_GROUP")) {
        const size_t g = *static_cast<const size_t*>(p->Data);
        if (g < m.groups.size()) a.group = m.groups[g].name, changed = true;
      }
      ImGui::EndDragDropTarget();
    }
  }

  // Shown once some customer has no value (or a policy was chosen): a file without
  // empty cells does not need the question.
  const int64_t missing = m.data.shape == Shape::kCustomers && a.measure == Measure::kValue ? MissingCount(index) : 0;
  if (m.data.shape == Shape::kCustomers && a.measure == Measure::kValue && (missing != 0 || a.missing != Missing::kZero)) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Empty");
    ImGui::SameLine(84);
    const MissingOption* current = &kMissing[0];
    for (const MissingOption& o : kMissing)
      if (o.missing == a.missing) current = &o;
    ImGui::SetNextItemWidth(150);
    if (ImGui::BeginCombo("##missing", current->label)) {
      for (const MissingOption& o : kMissing) {
        if (ImGui::Selectable(o.label, o.missing == a.missing)) a.missing = o.missing, changed = true;
        ImGui::SetItemTooltip("%s", o.help);
        Mark((std::string("missing-option-") + MissingName(o.missing)).c_str());
      }
      ImGui::EndCombo();
    }
    Mark(("missing" + suffix).c_str());
    ImGui::SameLine();
    if (missing > 0) ImGui::TextColored(ui::kTextWarning, "%s have no value", ui::Count(static_cast<uint64_t>(missing)).c_str());
    else if (missing == 0) ImGui::TextDisabled("every customer has a value");
    else ImGui::TextDisabled("(counted once the file is read)");
    for (const MissingOption& o : kMissing)
      if (o.missing == a.missing) ui::Muted("%s", o.help);
  }
  return changed;
}

}  // namespace ces::app
