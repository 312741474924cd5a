// Inside an activity card: how the activity's value becomes points. Either
// "weight × value" (v1) or "points by range" (model v2, `bins`): a small table of
// ranges, each with its points, and a step picture of what it gives.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/app.h"
#include "app/ui_kit.h"

namespace ces::app {

namespace {

// Starting ranges from the values customers have: below the median, below the 90th
// percentile, and the rest; so a first edit already splits customers sensibly.
std::vector<Bin> StarterBins(const ScoreSession* s, size_t index, size_t activities) {
  double mid = 1, high = 5;
  if (s && s->model().activities.size() == activities && index < s->table().activities && s->table().customers > 0) {
    std::vector<double> v;
    v.reserve(s->table().customers);
    for (uint32_t c = 0; c < s->table().customers; ++c)
      if (!std::isnan(s->table().Value(c, index))) v.push_back(s->table().Value(c, index));
    if (!v.empty()) {
      std::sort(v.begin(), v.end());
      mid = std::ceil(v[v.size() / 2]);
      high = std::ceil(v[v.size() * 9 / 10]);
      if (mid <= 0) mid = 1;
      if (high <= mid) high = mid * 2;
    }
  }
  return {Bin{mid, 0}, Bin{high, 10}, Bin{std::nullopt, 25}};
}

// The steps: x from the first bound's left to past the last, points up the side.
void DrawSteps(const std::vector<Bin>& bins, float width, float height) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  if (bins.empty()) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  double lo_pts = 0, hi_pts = 0;
  for (const Bin& b : bins) lo_pts = std::min(lo_pts, b.points), hi_pts = std::max(hi_pts, b.points);
  const double span_pts = hi_pts > lo_pts ? hi_pts - lo_pts : 1;
  const float pad = 4;
  const float x0 = p.x + pad, x1 = p.x + width - pad, y0 = p.y + pad, y1 = p.y + height - pad;
  draw->AddRectFilled(p, ImVec2(p.x + width, p.y + height), IM_COL32(255, 255, 255, 10), 3);
  auto y_of = [&](double pts) { return y1 - static_cast<float>((pts - lo_pts) / span_pts) * (y1 - y0); };
  draw->AddLine(ImVec2(x0, y_of(0)), ImVec2(x1, y_of(0)), ui::kGrid);
  // Each bin gets an equal slot: bounds can be far apart, the order is what matters.
  const float slot = (x1 - x0) / static_cast<float>(bins.size());
  for (size_t i = 0; i < bins.size(); ++i) {
    const float a = x0 + slot * static_cast<float>(i), b = a + slot;
    const float y = y_of(bins[i].points);
    const ImU32 color = bins[i].points < 0 ? ui::kNegative : ui::kPositive;
    draw->AddRectFilled(ImVec2(a + 1, std::min(y, y_of(0))), ImVec2(b - 1, std::max(y, y_of(0))), ui::WithAlpha(color, 0.35f));
    draw->AddLine(ImVec2(a, y), ImVec2(b, y), color, 2);
    if (i + 1 < bins.size()) {
      draw->AddLine(ImVec2(b, y), ImVec2(b, y_of(bins[i + 1].points)), color, 1);
      const std::string bound = ui::Number(*bins[i].below, 3);
      draw->AddText(ImVec2(b - ImGui::CalcTextSize(bound.c_str()).x * 0.5f, y1 - ImGui::GetTextLineHeight()),
                    IM_COL32(255, 255, 255, 120), bound.c_str());
    }
  }
}

}  // namespace

bool App::DrawActivityPoints(std::size_t index) {
  ScoreModel& m = flow_.model().edit();
  Activity& a = m.activities[index];
  const std::string suffix = "-" + std::to_string(index);
  bool changed = false;

  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("Points");
  ImGui::SameLine(84);
  bool by_range = !a.bins.empty();
  if (ImGui::RadioButton("weight \u00d7 value", !by_range) && by_range) {
    a.bins.clear();
    if (a.weight == 0) a.weight = 1;
    changed = true;
  }
  Mark(("points-weight" + suffix).c_str());
  ImGui::SetItemTooltip("Every unit of the value is worth the weight: twice the logins, twice the points.");
  ImGui::SameLine();
  if (ImGui::RadioButton("points by range", by_range) && !by_range) {
    a.bins = StarterBins(Scored(), index, m.activities.size());
    changed = true;
  }
  Mark(("points-range" + suffix).c_str());
  ImGui::SetItemTooltip("Fixed points per range of the value: e.g. under 1 order 0, under 5 orders 10, more 25.");
  if (a.bins.empty()) return changed;

  // The range table: "below" bounds, points, and a remove button; the last row is "the rest".
  size_t remove = a.bins.size();
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH;
  if (ImGui::BeginTable("bins", 4, kFlags)) {
    ImGui::TableSetupColumn("when the value is", ImGuiTableColumnFlags_WidthFixed, 120);
    ImGui::TableSetupColumn("bound", ImGuiTableColumnFlags_WidthFixed, 80);
    ImGui::TableSetupColumn("points", ImGuiTableColumnFlags_WidthFixed, 80);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 24);
    for (size_t i = 0; i < a.bins.size(); ++i) {
      Bin& b = a.bins[i];
      const bool last = i + 1 == a.bins.size();
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      if (last) ImGui::TextDisabled(a.bins.size() == 1 ? "any value" : "at least");
      else ImGui::TextDisabled(i == 0 ? "below" : "from there, below");
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      if (last) {
        if (a.bins.size() > 1) ImGui::TextDisabled("%s", ui::Number(*a.bins[i - 1].below, 4).c_str());
      } else {
        double below = *b.below;
        if (ImGui::InputDouble("##below", &below, 0, 0, "%.6g")) b.below = below, changed = true;
        Mark(("bin-below" + suffix + "-" + std::to_string(i)).c_str());
      }
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      changed |= ImGui::InputDouble("##points", &b.points, 0, 0, "%.6g");
      Mark(("bin-points" + suffix + "-" + std::to_string(i)).c_str());
      ImGui::TableNextColumn();
      if (a.bins.size() > 1 && ui::SmallIconButton("\u00d7", "Remove this range")) remove = i;
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (remove < a.bins.size()) {
    const bool was_last = remove + 1 == a.bins.size();
    a.bins.erase(a.bins.begin() + static_cast<long>(remove));
    if (was_last) a.bins.back().below.reset();  // the new last row is "the rest"
    changed = true;
  }
  if (a.bins.size() < 64 && ImGui::SmallButton("+ range")) {
    // Split the open-ended range: a new bound past the last one.
    const double last_bound = a.bins.size() > 1 ? *a.bins[a.bins.size() - 2].below : 0;
    a.bins.back().below = a.bins.size() > 1 ? last_bound + std::max(1.0, std::fabs(last_bound)) : 1;
    a.bins.push_back(Bin{std::nullopt, a.bins.back().points});
    changed = true;
  }
  Mark(("add-bin" + suffix).c_str());
  ImGui::SameLine();
  ui::Muted("A value equal to a bound goes to the higher range.");
  DrawSteps(a.bins, ImGui::GetContentRegionAvail().x, 54);
  return changed;
}

}  // namespace ces::app
