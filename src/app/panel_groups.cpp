// "Score" tab, above the activities: the scorecard (model v2 `groups`). Activities
// fall into weighted groups (Usage, Support, Billing…); each group gets a 0-100
// sub-score of its own and the score is their weighted mean. Weights are shown as
// shares of 100 % because that is how a marketer reads "60 / 40".
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "app/app.h"
#include "app/ui_kit.h"

namespace ces::app {

namespace {

std::string UniqueGroupName(const ScoreModel& m) {
  for (int i = static_cast<int>(m.groups.size()) + 1;; ++i) {
    const std::string name = "Group " + std::to_string(i);
    auto same = [&](const std::string& n) { return n == name; };
    if (std::none_of(m.groups.begin(), m.groups.end(), [&](const Group& g) { return same(g.name); }) &&
        std::none_of(m.activities.begin(), m.activities.end(), [&](const Activity& a) { return same(a.name); }))
      return name;
  }
}

const char* const kMethods[] = {"rank", "stretch", "target", "raw points"};
const ScaleMethod kMethodOf[] = {ScaleMethod::kPercentile, ScaleMethod::kMinMax, ScaleMethod::kTarget, ScaleMethod::kRaw};

}  // namespace

void App::DrawGroups() {
  ScoreModel& m = flow_.model().edit();
  bool changed = false;
  bool scorecard = !m.groups.empty();
  if (ImGui::Checkbox("Scorecard: split the score into weighted groups", &scorecard)) {
    if (scorecard) {
      m.groups = {Group{UniqueGroupName(m), 1, std::nullopt}};
      for (Activity& a : m.activities) a.group = m.groups[0].name;
    } else {
      m.groups.clear();
      for (Activity& a : m.activities) a.group.clear();
    }
    changed = true;
  }
  Mark("scorecard");
  ImGui::SetItemTooltip("Each group (e.g. Usage, Support) gets its own 0\u2013100 score; the score is their weighted average.");
  if (m.groups.empty()) {
    if (changed) AfterModelEdit();
    return;
  }

  // Each group's mean score over the customers it is present for, when the scored
  // model has the same groups.
  std::vector<double> means(m.groups.size(), NAN);
  if (const ScoreSession* s = Scored(); s && s->model().groups.size() == m.groups.size())
    means = flow_.results().GroupMeans(*s);
  double total_weight = 0;
  for (const Group& g : m.groups) total_weight += g.weight > 0 ? g.weight : 0;

  size_t remove = m.groups.size();
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg;
  if (ImGui::BeginTable("groups", 6, kFlags)) {
    ImGui::TableSetupColumn("Group", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Weight", ImGuiTableColumnFlags_WidthFixed, 48);
    ImGui::TableSetupColumn("Share", ImGuiTableColumnFlags_WidthFixed, 40);
    ImGui::TableSetupColumn("Scale", ImGuiTableColumnFlags_WidthFixed, 112);
    ImGui::TableSetupColumn("Mean", ImGuiTableColumnFlags_WidthFixed, 36);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 22);
    ImGui::TableHeadersRow();
    for (size_t g = 0; g < m.groups.size(); ++g) {
      Group& group = m.groups[g];
      const std::string suffix = "-" + std::to_string(g);
      ImGui::PushID(static_cast<int>(g));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const std::string old_name = group.name;
      ImGui::SetNextItemWidth(-1);
      if (ImGui::InputTextWithHint("##name", "Group name", &group.name)) {
        for (Activity& a : m.activities)  // the activities follow the rename
          if (a.group == old_name) a.group = group.name;
        changed = true;
      }
      Mark(("group-name" + suffix).c_str());
      if (ImGui::BeginDragDropSource()) {  // drop on an activity's Group field
        ImGui::SetDragDropPayload("CES_GROUP", &g, sizeof g);
        ImGui::Text("Put an activity in %s", group.name.c_str());
        ImGui::EndDragDropSource();
      }
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      changed |= ImGui::InputDouble("##weight", &group.weight, 0, 0, "%.6g");
      Mark(("group-weight" + suffix).c_str());
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      if (total_weight > 0 && group.weight > 0) ImGui::TextDisabled("%s%%", ui::Number(group.weight / total_weight * 100, 1).c_str());
      ImGui::TableNextColumn();
      int method = group.scale ? static_cast<int>(std::find(kMethodOf, kMethodOf + 4, group.scale->method) - kMethodOf) + 1 : 0;
      std::string preview = group.scale ? kMethods[method - 1] : "as the score";
      ImGui::SetNextItemWidth(group.scale && group.scale->method == ScaleMethod::kTarget ? 64 : -1);
      if (ImGui::BeginCombo("##scale", preview.c_str())) {
        if (ImGui::Selectable("as the score", method == 0)) group.scale.reset(), changed = true;
        for (int k = 0; k < 4; ++k) {
          if (ImGui::Selectable(kMethods[k], method == k + 1)) {
            ScaleSpec scale;
            scale.method = kMethodOf[k];
            if (scale.method == ScaleMethod::kTarget) scale.target = 10;
            group.scale = scale;
            changed = true;
          }
        }
        ImGui::EndCombo();
      }
      Mark(("group-scale" + suffix).c_str());
      ImGui::SetItemTooltip("How this group's points become its 0\u2013100 score; by default the Scale tab's.");
      if (group.scale && group.scale->method == ScaleMethod::kTarget) {
        ImGui::SameLine(0, 2);
        ImGui::SetNextItemWidth(-1);
        changed |= ImGui::InputDouble("##target", &group.scale->target, 0, 0, "%.6g");
        ImGui::SetItemTooltip("The group's points that make a score of 100.");
      }
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      if (!std::isnan(means[g])) ImGui::TextUnformatted(ui::Number(means[g], 1).c_str());
      ImGui::TableNextColumn();
      if (ui::SmallIconButton("\u00d7", "Remove this group (its activities move to another)")) remove = g;
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (remove < m.groups.size()) {
    const std::string gone = m.groups[remove].name;
    m.groups.erase(m.groups.begin() + static_cast<long>(remove));
    for (Activity& a : m.activities)
      if (a.group == gone) a.group = m.groups.empty() ? std::string() : m.groups[0].name;
    changed = true;
  }
  if (m.groups.size() < 32 && ImGui::SmallButton("+ Add group")) {
    m.groups.push_back(Group{UniqueGroupName(m), 1, std::nullopt});
    changed = true;
  }
  Mark("add-group");
  ImGui::SameLine();
  ui::Muted("Pick each activity's group in its card below.");
  DrawFieldErrors("groups", true);
  if (changed) AfterModelEdit();
  ImGui::Separator();
}

}  // namespace ces::app
