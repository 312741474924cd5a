// "Scale & tiers" tab, under the scale: model v2's scaling within segments. Rank or
// stretch within each plan (`scale.by_segment`), or give some segments their own
// target (`scale.target_by_segment`), listing the segment values the file holds.
#include <imgui.h>

#include <algorithm>

#include "app/app.h"
#include "app/ui_kit.h"

namespace ces::app {

void App::DrawSegmentScaling() {
  ScoreModel& m = flow_.model().edit();
  ScaleSpec& scale = m.scale;
  bool changed = false;
  const bool rank_like = scale.method == ScaleMethod::kPercentile || scale.method == ScaleMethod::kMinMax;
  // Settings that do not apply (another method, no segment column) are kept in the
  // edit but not written (ModelToJson), so switching back and forth loses nothing.
  if (m.data.segment.empty()) {
    if (rank_like || scale.method == ScaleMethod::kTarget)
      ui::Muted("Map a segment column (Data tab) to rank within each segment or give segments their own target.");
    return;
  }

  if (rank_like) {
    if (ImGui::Checkbox("Rank within segment", &scale.by_segment)) changed = true;
    Mark("by-segment");
    ImGui::SameLine();
    ui::Muted(scale.method == ScaleMethod::kPercentile ? "each customer is ranked against its own segment (\u201c%s\u201d)"
                                                       : "lowest and highest are taken within its own segment (\u201c%s\u201d)",
              m.data.segment.c_str());
  }

  if (scale.method == ScaleMethod::kTarget) {
    ImGui::TextDisabled("Targets per segment (empty: the target above)");
    const ScoreSession* s = Scored();
    std::vector<std::string> names;
    if (s && s->model().data.segment == m.data.segment) {
      const Dataset& d = s->dataset();
      for (uint32_t id = 1; id <= d.segments.size() && names.size() < 200; ++id) names.emplace_back(d.segment_name(id));
      std::sort(names.begin(), names.end());
    }
    for (const auto& [name, target] : scale.target_by_segment)  // kept even when this file lacks them
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    if (names.empty()) ui::Muted("The segment values appear once the file is read.");
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH;
    if (!names.empty() && ImGui::BeginTable("segment-targets", 2, kFlags)) {
      ImGui::TableSetupColumn("segment", ImGuiTableColumnFlags_WidthFixed, 180);
      ImGui::TableSetupColumn("target", ImGuiTableColumnFlags_WidthFixed, 110);
      for (size_t i = 0; i < names.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(ui::Clip(names[i], 40).c_str());
        ImGui::TableNextColumn();
        auto it = std::find_if(scale.target_by_segment.begin(), scale.target_by_segment.end(),
                               [&](const auto& p) { return p.first == names[i]; });
        double value = it == scale.target_by_segment.end() ? 0.0 : it->second;
        ImGui::SetNextItemWidth(-1);
        if (ImGui::InputDouble("##t", &value, 0, 0, value == 0 ? "" : "%.6g")) {
          if (value == 0 && it != scale.target_by_segment.end()) scale.target_by_segment.erase(it);
          else if (value != 0 && it == scale.target_by_segment.end()) scale.target_by_segment.emplace_back(names[i], value);
          else if (value != 0) it->second = value;
          changed = true;
        }
        Mark(("segment-target-" + std::to_string(i)).c_str());
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
  }
  if (changed) AfterModelEdit();
}

}  // namespace ces::app
