// One customer's score, explained: for each activity what was measured, what the
// cap and curve made of it, and the points it gave, as bars around zero; then how
// the raw total became the score.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/app.h"
#include "app/core/customer_explanation.h"
#include "app/core/platform_services.h"
#include "app/ui_kit.h"
#include "engine/results/results_view.h"

namespace ces::app {

// From the raw total to the score, in one sentence.
std::string App::HowScored(const ScoreSession& s, uint32_t c) {
  const ScoreTable& t = s.table();
  const ScoreModel& m = s.model();
  if (!m.groups.empty()) {  // v2 scorecard: the score is the weighted mean of the group scores present
    std::string how = "Score = weighted average of the group scores";
    double total = 0;
    for (size_t g = 0; g < m.groups.size(); ++g)
      if (!std::isnan(t.group_score[c * m.groups.size() + g])) total += m.groups[g].weight;
    std::string terms;
    for (size_t g = 0; g < m.groups.size(); ++g) {
      const double score = t.group_score[c * m.groups.size() + g];
      if (std::isnan(score)) continue;
      terms += (terms.empty() ? "" : " + ") + ui::Number(score, 2) + " \u00d7 " + ui::Number(m.groups[g].weight / total * 100, 1) + "%";
    }
    if (terms.empty()) return how + ": no group applies to this customer, so the score is 0.";
    return how + ": " + terms + " = " + ui::Number(t.raw[c], 2) + ". Each group's points become its 0\u2013100 score by its scale.";
  }
  std::string how = "Raw score = sum of points = " + ui::Number(t.raw[c], 4) + ". ";
  switch (m.scale.method) {
    case ScaleMethod::kPercentile:
      how += "As a percentile: " + ui::Number(t.score[c], 2) + "% of customers score lower (ties count half).";
      break;
    case ScaleMethod::kMinMax: {
      const auto [lo, hi] = RawRange(s.table());
      how += "Stretched between the lowest raw score (" + ui::Number(lo, 2) + ") and the highest (" + ui::Number(hi, 2) + ").";
      break;
    }
    case ScaleMethod::kTarget:
      how += "Against the target " + ui::Number(m.scale.target, 4) + ": raw \u00f7 target \u00d7 100, kept within 0\u2013100.";
      break;
    case ScaleMethod::kRaw:
      how += "The score is the raw score.";
      break;
  }
  return how;
}

void App::DrawCustomerDetail() {
  const ScoreSession& s = *Scored();
  const ScoreTable& t = s.table();
  const ScoreModel& m = s.model();
  const uint32_t c = *flow_.results().selected;

  // The score, then who and where they stand.
  ImGui::PushFont(ui::FigureFont());
  ImGui::TextUnformatted(ui::Number(t.score[c], 2).c_str());
  ImGui::PopFont();
  ImGui::SameLine(0, 14);
  ImGui::BeginGroup();
  ImGui::PushFont(ui::HeadingFont());
  ImGui::TextUnformatted(ui::Clip(s.dataset().customer_id(c), 100).c_str());
  ImGui::PopFont();
  Mark("detail-title");
  ImGui::SameLine();
  if (ui::SmallIconButton("Copy id", "Copy this customer id to the clipboard")) platform_.CopyToClipboard(s.dataset().customer_id(c));
  Mark("copy-id");
  if (t.tier[c] >= 0) {
    ui::ColorSwatch(ui::TierColor(m.tiers, static_cast<size_t>(t.tier[c])), 10);
    ImGui::SameLine(0, 6);
    ImGui::TextUnformatted(m.tiers[static_cast<size_t>(t.tier[c])].name.c_str());
    ImGui::SameLine();
  }
  const size_t rank = flow_.results().RankOf(s, c);
  std::string line = "#" + ui::Count(rank + 1) + " of " + ui::Count(t.customers) + "  \u00b7  raw " + ui::Number(t.raw[c], 4);
  const std::string_view segment = s.dataset().segment_name(t.segment[c]);  // the model version's rule
  if (!segment.empty()) line += "  \u00b7  " + ui::Clip(segment, 40);
  ImGui::TextDisabled("%s", line.c_str());
  // Carried columns (v2 1.6): what the team keeps beside the score, by the same rule as the segment.
  const size_t carried = s.dataset().plan.carry.size();
  std::string kept;
  for (size_t j = 0; j < carried && j < m.data.carry.size() && c * carried + j < t.carry.size(); ++j) {
    const std::string_view v = s.dataset().carried_text(t.carry[c * carried + j]);
    if (!v.empty()) kept += (kept.empty() ? "" : "  \u00b7  ") + m.data.carry[j] + ": " + ui::Clip(v, 60);
  }
  if (!kept.empty()) {
    ImGui::TextUnformatted(kept.c_str());
    Mark("detail-carried");
  }
  ImGui::EndGroup();
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - 24);
  if (ui::SmallIconButton("\u00d7", "Close")) {
    flow_.results().selected.reset();
    return;
  }
  ImGui::Spacing();
  // The breakdown is what the view is for: when the pane cannot hold the trend chart and
  // all its rows (1024×700, or a customer opened below the table at 1280×800), the chart
  // goes after it, a scroll away.
  const float line_height = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2 + 1;
  const float needed = line_height * (static_cast<float>(m.activities.size() + m.groups.size()) + 3) + 140.0f;
  const bool trend_after = ImGui::GetContentRegionAvail().y < needed;
  if (!trend_after) DrawCustomerTrend(s, c);  // [panel_trends.cpp] its score on past dates, tier changes marked (event logs)

  // Points per activity (core/customer_explanation.h, as the live region says them): the
  // bars share one scale and one zero line.
  const CustomerExplanation why = ExplainCustomer(s, c);
  const double most_positive = why.most_positive, most_negative = why.most_negative;
  const double span = most_positive - most_negative;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit |
                                     ImGuiTableFlags_ScrollY;
  const std::string how = HowScored(s, c);
  const float footer = ImGui::CalcTextSize(how.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y +
                       ImGui::GetStyle().ItemSpacing.y * 2;
  // As tall as its rows need, within what is left above the footer.
  const float row_height = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2 + 1;
  const float rows_height = row_height * (static_cast<float>(m.activities.size()) + 1) + 4;
  const float groups_height = m.groups.empty() ? 0.0f : row_height * (static_cast<float>(m.groups.size()) + 1) + 12;
  const float table_height = std::max(90.0f, std::min(rows_height, ImGui::GetContentRegionAvail().y - footer - groups_height));
  const std::vector<double>& means = flow_.results().MeanPoints(s);
  if (!m.groups.empty()) DrawGroupBreakdown(s, c);
  if (ImGui::BeginTable("why", 5, kFlags, ImVec2(0, table_height))) {
    ImGui::TableSetupColumn("Activity", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Measured", ImGuiTableColumnFlags_WidthFixed, 92);
    ImGui::TableSetupColumn("\u00d7 weight", ImGuiTableColumnFlags_WidthFixed, 64);
    ImGui::TableSetupColumn("Points", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn("Average", ImGuiTableColumnFlags_WidthFixed, 62);
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableHeadersRow();
    for (size_t a = 0; a < m.activities.size(); ++a) {
      const Activity& act = m.activities[a];
      const ActivityPart& part = why.parts[a];
      const double measured = part.measured, value = part.value, points = part.points;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(ui::Clip(act.name, 60).c_str());
      if (a + 1 == m.activities.size()) Mark("detail-why-last");
      if (!act.group.empty()) ImGui::SetItemTooltip("Group: %s", act.group.c_str());
      ImGui::TableNextColumn();
      // The measure, then what the cap and curve made of it.
      std::string shaped = ui::Number(measured, 2);
      const bool capped = act.cap && measured > *act.cap;
      if ((capped || act.transform != Transform::kNone) && value != measured) shaped += " \u2192 " + ui::Number(value, 2);
      ImGui::TextUnformatted(shaped.c_str());
      if (ImGui::IsItemHovered()) {
        std::string tip = "Measured: " + ui::Number(measured, 6);
        if (capped) tip += "\nCapped at " + ui::Number(*act.cap, 6);
        if (act.transform == Transform::kLog) tip += "\nLog curve: ln(1 + x)";
        if (act.transform == Transform::kSqrt) tip += "\nSquare root";
        tip += "\nValue: " + ui::Number(value, 6) + "\nPoints: " + ui::Number(act.weight, 6) + " \u00d7 " + ui::Number(value, 6) +
               " = " + ui::Number(points, 6);
        ImGui::SetTooltip("%s", tip.c_str());
      }
      ImGui::TableNextColumn();
      if (act.bins.empty()) ImGui::TextDisabled("%s", ui::Number(act.weight, 3).c_str());
      else ImGui::TextDisabled("by range");
      if (part.left_out) {  // missing "skip": the activity is left out for this customer
        ImGui::TableNextColumn();
        ImGui::TextDisabled("left out (no value)");
        ImGui::TableNextColumn();
        if (a < means.size()) ImGui::TextDisabled("%s%s", means[a] > 0 ? "+" : "", ui::Number(means[a], 2).c_str());
        continue;
      }
      ImGui::TableNextColumn();
      // A bar from the zero line, right for points gained, left for points lost.
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float width = ImGui::GetContentRegionAvail().x;
      const std::string label = (points > 0 ? "+" : "") + ui::Number(points, 2);
      const float label_w = ImGui::CalcTextSize(label.c_str()).x + 12;
      const float bar_area = std::max(10.0f, width - label_w);
      const float zero = p.x + (span > 0 ? static_cast<float>(-most_negative / span) * bar_area : 0.0f);
      const float len = span > 0 ? static_cast<float>(std::fabs(points) / span) * bar_area : 0.0f;
      const float h = ImGui::GetTextLineHeight();
      ImDrawList* draw = ImGui::GetWindowDrawList();
      if (points >= 0) {
        draw->AddRectFilled(ImVec2(zero, p.y + 3), ImVec2(zero + len, p.y + h - 2), ui::kPositive, 2.0f);
        draw->AddText(ImVec2(zero + len + 4, p.y), IM_COL32(200, 230, 210, 255), label.c_str());
      } else {
        draw->AddRectFilled(ImVec2(zero - len, p.y + 3), ImVec2(zero, p.y + h - 2), ui::kNegative, 2.0f);
        const float text_x = zero - len - label_w;
        draw->AddText(ImVec2(text_x >= p.x ? text_x : zero + 4, p.y), IM_COL32(245, 200, 195, 255), label.c_str());
      }
      draw->AddLine(ImVec2(zero, p.y), ImVec2(zero, p.y + h), IM_COL32(255, 255, 255, 70));
      ImGui::Dummy(ImVec2(width, h));
      // What the average customer gets from the same activity, for comparison.
      ImGui::TableNextColumn();
      if (a < means.size()) ImGui::TextDisabled("%s%s", means[a] > 0 ? "+" : "", ui::Number(means[a], 2).c_str());
    }
    ImGui::EndTable();
    Mark("detail-why");
  }

  ui::Muted("%s", how.c_str());
  if (trend_after) {
    ImGui::Spacing();
    DrawCustomerTrend(s, c);
  }
}

// The scorecard first: each group's points and score, and its share of the score.
void App::DrawGroupBreakdown(const ScoreSession& s, uint32_t c) {
  const ScoreTable& t = s.table();
  const ScoreModel& m = s.model();
  const size_t groups = m.groups.size();
  double total = 0;
  for (size_t g = 0; g < groups; ++g)
    if (!std::isnan(t.group_score[c * groups + g])) total += m.groups[g].weight;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("groups-why", 4, kFlags)) return;
  ImGui::TableSetupColumn("Group", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Points", ImGuiTableColumnFlags_WidthFixed, 70);
  ImGui::TableSetupColumn("Share", ImGuiTableColumnFlags_WidthFixed, 56);
  ImGui::TableSetupColumn("Group score", ImGuiTableColumnFlags_WidthStretch, 1.3f);
  ImGui::TableHeadersRow();
  for (size_t g = 0; g < groups; ++g) {
    const double points = t.group_points[c * groups + g], score = t.group_score[c * groups + g];
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(ui::Clip(m.groups[g].name, 60).c_str());
    ImGui::TableNextColumn();
    if (std::isnan(score)) {
      ImGui::TextDisabled("\u2013");
      ImGui::TableNextColumn();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("left out: none of its activities has a value");
      continue;
    }
    ImGui::TextUnformatted(ui::Number(points, 2).c_str());
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s%%", ui::Number(m.groups[g].weight / total * 100, 1).c_str());
    ImGui::TableNextColumn();
    // A 0-100 bar.
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x, h = ImGui::GetTextLineHeight();
    const float bar = std::max(0.0f, width - 44);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + bar, p.y + h - 2), ui::kGrid, 2);
    draw->AddRectFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + bar * static_cast<float>(std::clamp(score, 0.0, 100.0) / 100), p.y + h - 2),
                        ui::kAccent, 2);
    draw->AddText(ImVec2(p.x + bar + 4, p.y), IM_COL32(230, 230, 240, 255), ui::Number(score, 1).c_str());
    ImGui::Dummy(ImVec2(width, h));
  }
  ImGui::EndTable();
  ImGui::Spacing();
}

}  // namespace ces::app
