// Right pane, "Segments" tab: customers grouped by the segment column (plan,
// country, lifecycle stage...), with their count, mean and median score and tier mix.
#include <imgui.h>

#include <algorithm>
#include <numeric>

#include "app/app.h"
#include "app/ui_kit.h"

namespace ces::app {

void App::DrawSegments() {
  const ScoreSession& s = *Scored();
  const ScoreModel& m = s.model();
  if (m.data.segment.empty()) {
    ImGui::Spacing();
    ui::Muted("Choose a segment column (plan, country, lifecycle stage\u2026) on the Data tab to compare groups of customers.");
    if (ImGui::Button("Go to the Data tab")) left_tab_request_ = 0;
    return;
  }
  const std::vector<SegmentStats>& segments = flow_.results().Segments(s);
  const uint64_t total = s.table().customers;
  ImGui::TextDisabled("%zu segments of \u201c%s\u201d", segments.size(), m.data.segment.c_str());

  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                     ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuter |
                                     ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("segments", 5, kFlags)) return;
  ImGui::TableSetupColumn("Segment", ImGuiTableColumnFlags_DefaultSort, 170, 0);
  ImGui::TableSetupColumn("Customers", ImGuiTableColumnFlags_PreferSortDescending, 120, 1);
  ImGui::TableSetupColumn("Mean score", ImGuiTableColumnFlags_PreferSortDescending, 150, 2);
  ImGui::TableSetupColumn("Median", ImGuiTableColumnFlags_PreferSortDescending, 70, 3);
  ImGui::TableSetupColumn("Tier mix", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoSort, 0, 4);
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableHeadersRow();

  // Sorting is local: a handful of segments, re-sorted each frame at no cost.
  std::vector<size_t> order(segments.size());
  std::iota(order.begin(), order.end(), size_t{0});
  if (const ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
    const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
    const bool descending = spec.SortDirection == ImGuiSortDirection_Descending;
    auto key = [&](size_t i) -> double {
      switch (spec.ColumnUserID) {
        case 1: return static_cast<double>(segments[i].customers);
        case 2: return segments[i].score_mean;
        case 3: return segments[i].score_median;
        default: return static_cast<double>(i);  // the engine's order: by name, no segment last
      }
    };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return descending ? key(a) > key(b) : key(a) < key(b); });
  }

  double max_mean = 1;
  for (const SegmentStats& st : segments) max_mean = std::max(max_mean, st.score_mean);
  const double scale_top = m.scale.method == ScaleMethod::kRaw ? max_mean : 100.0;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(order.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const SegmentStats& st = segments[order[static_cast<size_t>(row)]];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (st.name.empty()) ImGui::TextDisabled("(no segment)");
      else ImGui::TextUnformatted(ui::Clip(st.name, 60).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%s", ui::Count(st.customers).c_str());
      ImGui::SameLine();
      ImGui::TextDisabled("%s", ui::Percent(total ? static_cast<double>(st.customers) / static_cast<double>(total) : 0).c_str());
      ImGui::TableNextColumn();
      // The mean as a number and a small bar, so segments compare at a glance.
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float bar_w = 70.0f, h = ImGui::GetTextLineHeight();
      ImDrawList* draw = ImGui::GetWindowDrawList();
      draw->AddRectFilled(ImVec2(p.x, p.y + 4), ImVec2(p.x + bar_w, p.y + h - 3), IM_COL32(255, 255, 255, 18), 2.0f);
      const float filled = scale_top > 0 ? static_cast<float>(std::clamp(st.score_mean / scale_top, 0.0, 1.0)) * bar_w : 0.0f;
      draw->AddRectFilled(ImVec2(p.x, p.y + 4), ImVec2(p.x + filled, p.y + h - 3), ui::kAccent, 2.0f);
      ImGui::Dummy(ImVec2(bar_w, h));
      ImGui::SameLine();
      ImGui::TextUnformatted(ui::Number(st.score_mean, 1).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(ui::Number(st.score_median, 1).c_str());
      ImGui::TableNextColumn();
      if (m.tiers.empty()) continue;
      ui::TierMixBar(m.tiers, st.tier_counts, std::max(40.0f, ImGui::GetContentRegionAvail().x - 4), h - 4);
      if (ImGui::IsItemHovered()) {
        std::string tip;
        for (size_t i = 0; i < m.tiers.size() && i < st.tier_counts.size(); ++i)
          tip += (i ? "\n" : "") + m.tiers[i].name + ": " + ui::Count(st.tier_counts[i]) + " (" +
                 ui::Percent(st.customers ? static_cast<double>(st.tier_counts[i]) / static_cast<double>(st.customers) : 0) + ")";
        ImGui::SetTooltip("%s", tip.c_str());
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace ces::app
