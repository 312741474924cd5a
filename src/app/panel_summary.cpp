// Right pane, top: the headline figures (customers, mean, median), the tier mix as
// coloured bars, and a histogram of the scores with the tier boundaries on it.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/ui_kit.h"
#include "engine/csv/value_parse.h"
#include "engine/score/tiers.h"

namespace ces::app {

namespace {

void Figure(const std::string& value, const char* label, float width) {
  ImGui::BeginGroup();
  ImGui::PushFont(ui::FigureFont());
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("%s", label);
  ImGui::EndGroup();
  ImGui::SameLine(0, std::max(22.0f, width - ImGui::GetItemRectSize().x));
}

}  // namespace

void App::DrawSummary() {
  const ScoreSession& s = *Scored();
  const ScoreTable& t = s.table();
  const ScoreModel& m = s.model();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float left = std::clamp(avail * 0.45f, 300.0f, 460.0f);
  // A customer open in a short pane (1024×700): the figures and the tier bar only, so the
  // table and the customer's breakdown below both fit (the legend's filter is also the
  // table's tier menu).
  const bool short_pane = flow_.results().selected && right_tab_shown_ == 0 && ImGui::GetContentRegionAvail().y < 660;
  const float height = short_pane ? 80.0f : m.groups.empty() ? 168.0f : 192.0f;  // a scorecard adds the line of group means

  ImGui::BeginChild("summary-figures", ImVec2(left, height), ImGuiChildFlags_None, ImGuiWindowFlags_NoScrollbar);
  const float third = left / 3.0f;
  Figure(ui::Count(t.customers), "customers", third);
  Figure(t.customers ? ui::Number(t.score_mean, 1) : "\u2013", "mean score", third);
  Figure(t.customers ? ui::Number(t.score_median, 1) : "\u2013", "median score", third);
  ImGui::NewLine();
  ImGui::Spacing();
  if (!m.tiers.empty() && short_pane) {
    ui::TierMixBar(m.tiers, t.tier_counts, left - 4, 12);
    Mark("tier-bar");
  } else if (!m.tiers.empty()) {
    ui::TierMixBar(m.tiers, t.tier_counts, left - 4, 12);
    Mark("tier-bar");
    // The legend doubles as the tier filter of the table below.
    const int columns = m.tiers.size() > 3 ? 2 : 1;
    if (ImGui::BeginTable("tier-legend", columns, ImGuiTableFlags_SizingStretchSame)) {
      for (size_t i = 0; i < m.tiers.size(); ++i) {
        ImGui::TableNextColumn();
        ui::ColorSwatch(ui::TierColor(m.tiers, i), 10);
        ImGui::SameLine(0, 6);
        const double share = t.customers ? static_cast<double>(t.tier_counts[i]) / static_cast<double>(t.customers) : 0;
        char label[320];
        std::snprintf(label, sizeof label, "%s  %s \u00b7 %s##legend%zu", ui::Clip(m.tiers[i].name, 40).c_str(),
                      ui::Count(t.tier_counts[i]).c_str(), ui::Percent(share).c_str(), i);
        const bool filtered = flow_.results().query.tier == static_cast<int>(i);
        if (ImGui::Selectable(label, filtered, ImGuiSelectableFlags_DontClosePopups)) {
          flow_.results().query.tier = filtered ? -1 : static_cast<int>(i);
          flow_.results().QueryChanged();
          right_tab_request_ = 0;
        }
        ImGui::SetItemTooltip(filtered ? "Show every tier in the table" : "Show only this tier in the table");
      }
      ImGui::EndTable();
    }
  } else {
    ui::Muted("No tiers defined: add some under Scale & tiers to group customers.");
  }
  if (!m.groups.empty() && !short_pane) {  // v2 scorecard: each group's mean score over the customers it applies to
    std::string line = "Group means:";
    const std::vector<double>& means = flow_.results().GroupMeans(s);
    for (size_t g = 0; g < m.groups.size() && g < means.size(); ++g)
      line += (g ? " \u00b7 " : " ") + ui::Clip(m.groups[g].name, 24) + " " +
              (std::isnan(means[g]) ? "\u2013" : ui::Number(means[g], 1));
    ImGui::TextWrapped("%s", line.c_str());
    Mark("group-means");
  }
  ImGui::EndChild();

  ImGui::SameLine(0, 20);
  DrawHistogram(ImVec2(ImGui::GetContentRegionAvail().x, height));
  ImGui::Spacing();
}

void App::DrawHistogram(const ImVec2& size) {
  const ScoreSession& s = *Scored();
  const ScoreModel& m = s.model();
  const size_t bins = static_cast<size_t>(std::clamp(size.x / 9.0f, 10.0f, 100.0f));
  const ScoreHistogram& h = flow_.results().Histogram(s, bins);

  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("histogram", size);
  Mark("histogram");
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(255, 255, 255, 8), 6.0f);

  const float font = ImGui::GetFontSize();
  const ImVec2 plot_min(p.x + 10, p.y + font + 12);
  const ImVec2 plot_max(p.x + size.x - 10, p.y + size.y - font - 8);
  const float plot_w = plot_max.x - plot_min.x, plot_h = plot_max.y - plot_min.y;
  const char* kCaption = "Score distribution";
  const float caption_end = p.x + 10 + ImGui::CalcTextSize(kCaption).x;
  auto x_of = [&](double score) { return plot_min.x + static_cast<float>((score - h.lo) / (h.hi - h.lo)) * plot_w; };

  // Bars, in the colour of the tier their middle falls in.
  const float bin_w = plot_w / static_cast<float>(h.counts.size());
  const double bin_span = (h.hi - h.lo) / static_cast<double>(h.counts.size());
  int hovered_bin = -1;
  if (hovered) {
    const float mx = ImGui::GetIO().MousePos.x;
    if (mx >= plot_min.x && mx < plot_max.x) hovered_bin = static_cast<int>((mx - plot_min.x) / bin_w);
  }
  for (size_t i = 0; i < h.counts.size(); ++i) {
    if (h.counts[i] == 0) continue;
    const float bar = h.max_count ? plot_h * static_cast<float>(static_cast<double>(h.counts[i]) / static_cast<double>(h.max_count)) : 0;
    const double middle = h.lo + (static_cast<double>(i) + 0.5) * bin_span;
    const ImU32 color = ui::TierColorOr(m.tiers, TierIndex(m.tiers, middle), ui::kAccent);
    const float x0 = plot_min.x + static_cast<float>(i) * bin_w;
    draw->AddRectFilled(ImVec2(x0 + 0.5f, plot_max.y - std::max(bar, 1.0f)), ImVec2(x0 + bin_w - 0.5f, plot_max.y),
                        ui::WithAlpha(color, static_cast<int>(i) == hovered_bin ? 1.0f : 0.78f));
  }
  draw->AddLine(ImVec2(plot_min.x, plot_max.y), ImVec2(plot_max.x, plot_max.y), IM_COL32(255, 255, 255, 60));

  // Tier boundaries: dashed lines, labelled on the axis below.
  struct AxisLabel {
    double value;
    bool tier;
  };
  std::vector<AxisLabel> labels;
  for (size_t i = 0; i + 1 < m.tiers.size(); ++i) {
    if (!m.tiers[i].below) continue;
    const double below = *m.tiers[i].below;
    if (below <= h.lo || below >= h.hi) continue;
    const float x = std::round(x_of(below)) + 0.5f;
    for (float y = plot_min.y; y < plot_max.y; y += 6) draw->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 3, plot_max.y)), IM_COL32(230, 232, 236, 150));
    labels.push_back({below, true});
  }
  labels.push_back({h.lo, false});
  labels.push_back({h.hi, false});
  if (labels.size() == 2) labels.push_back({(h.lo + h.hi) / 2, false});
  // The selected customer.
  if (flow_.results().selected && *flow_.results().selected < s.table().customers) {
    const float x = x_of(std::clamp(s.table().score[*flow_.results().selected], h.lo, h.hi));
    draw->AddLine(ImVec2(x, plot_min.y), ImVec2(x, plot_max.y), IM_COL32(255, 255, 255, 230), 2.0f);
    draw->AddTriangleFilled(ImVec2(x - 5, plot_max.y + 6), ImVec2(x + 5, plot_max.y + 6), ImVec2(x, plot_max.y),
                            IM_COL32(255, 255, 255, 230));
  }

  // Axis labels: tier bounds first (bright), then the ends; none drawn over another.
  std::vector<std::pair<float, float>> taken;
  for (const AxisLabel& label : labels) {
    const std::string text = ui::Number(label.value, label.tier ? 2 : 1);
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    const float x = std::clamp(x_of(label.value) - w * 0.5f, p.x + 4, p.x + size.x - w - 4);
    const bool overlaps = std::any_of(taken.begin(), taken.end(), [&](const auto& r) { return x < r.second + 6 && x + w + 6 > r.first; });
    if (overlaps) continue;
    taken.push_back({x, x + w});
    draw->AddText(ImVec2(x, plot_max.y + 4), label.tier ? IM_COL32(230, 232, 236, 235) : IM_COL32(150, 156, 166, 255), text.c_str());
  }
  // Top right: the date the window ends on, and how long the last re-score took.
  std::string corner;
  if (s.table().as_of) corner += "as of " + FormatDate(*s.table().as_of);
  if (flow_.rescore_ms() >= 0)
    corner += std::string(corner.empty() ? "" : "  \u00b7  ") + "re-scored in " +
              (flow_.rescore_ms() < 0.1 ? std::string("< 0.1") : ui::Number(flow_.rescore_ms(), 1)) + " ms";
  const float corner_x = p.x + size.x - 10 - ImGui::CalcTextSize(corner.c_str()).x;
  if (corner_x > caption_end + 16) {  // both fit on the top line
    draw->AddText(ImVec2(p.x + 10, p.y + 6), IM_COL32(160, 166, 176, 255), kCaption);
    draw->AddText(ImVec2(corner_x, p.y + 6), IM_COL32(130, 136, 146, 255), corner.c_str());
  } else {
    draw->AddText(ImVec2(p.x + 10, p.y + 6), IM_COL32(160, 166, 176, 255), kCaption);
  }

  if (hovered_bin >= 0 && static_cast<size_t>(hovered_bin) < h.counts.size()) {
    const double from = h.lo + hovered_bin * bin_span, to = from + bin_span;
    const uint64_t n = h.counts[static_cast<size_t>(hovered_bin)];
    ImGui::SetTooltip("Scores %s to %s\n%s customers (%s)", ui::Number(from, 2).c_str(), ui::Number(to, 2).c_str(),
                      ui::Count(n).c_str(),
                      ui::Percent(s.table().customers ? static_cast<double>(n) / static_cast<double>(s.table().customers) : 0).c_str());
  }
}

}  // namespace ces::app
