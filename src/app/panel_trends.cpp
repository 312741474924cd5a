// Right pane, "Trends" tab: the loaded event log replayed on past dates (TrendsState).
// The tier mix per date as stacked bars with the mean and median score, two dates
// picked on that chart compared (biggest drops: the churn-risk watch list; biggest
// rises: upsell candidates, each downloadable), and the tier migration matrix, whose
// cells filter the Customers table. Also the small trend drawings other panels use:
// the table's sparkline and the customer view's chart.
//
// [SECTION] Keeping the history current
// [SECTION] The Trends tab
// [SECTION] Chart of the tier mix over time
// [SECTION] Movers and the migration matrix
// [SECTION] Sparkline and customer trend
// [SECTION] Test hook
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/core/platform_services.h"
#include "app/ui_kit.h"
#include "engine/csv/value_parse.h"
#include "engine/results/results_view.h"

namespace ces::app {

namespace {
constexpr double kSettleSeconds = 0.35;   // scores unchanged this long (no drag) before the history is redone
// Seconds of history a frame (at least one step: a date's population, the measures of
// 8,192 customers, or its other layers). Without a GPU a drawn frame costs the page
// ~50 ms besides: 25 ms more keeps each frame's task near 100 ms (issue 13).
constexpr double kFrameBudget = 0.025;
// Up to this many customers × dates the history is computed for the table's sparklines
// without being asked; past it (a million customers) only while the Trends tab is open,
// as one date can take a second there.
constexpr size_t kAutoTrendCells = 2600000;
constexpr ImU32 kMeanColor = IM_COL32(245, 245, 250, 235);
constexpr ImU32 kMedianColor = IM_COL32(250, 200, 90, 235);
constexpr ImU32 kPickColor = IM_COL32(120, 170, 255, 255);

std::string ShortDate(int32_t day) { return FormatDate(day).substr(5); }  // "12-31"

// The score axis: the scores' own range (0–100 for the scaled methods).
void ScoreAxis(const ScoreSession& s, double* lo, double* hi) {
  ScoreRange(s.model(), s.table(), lo, hi);
  if (!(*hi > *lo)) *hi = *lo + 1;
}
}  // namespace

// [SECTION] Keeping the history current

// A history is computed a few steps a frame (kFrameBudget; or between frames, App::Work), so the page keeps drawing
// through a long one, and the last complete one stays on screen meanwhile. A new file
// or new settings start at once; a re-score (an edit) waits until the scores settle and
// no slider is held, so dragging a weight does not replay the history on every frame.
bool App::UpdateTrends(const ScoreSession& s, bool asked) {
  const uint64_t version = flow_.results().version();
  const size_t cells = s.dataset().customer_count() * static_cast<size_t>(trends_.options.points);
  if (!asked && cells > kAutoTrendCells && trends_.Stale(s, version)) return false;  // a large file: on request only
  if (trends_.Stale(s, version)) {
    const double now = ImGui::GetTime();
    bool go = !trends_.HasDataFor(s) || trends_.options_pending() || trends_.Computing(s, version);
    if (!go) {
      if (trends_stale_since_ < 0) trends_stale_since_ = now;
      go = now - trends_stale_since_ >= kSettleSeconds && !ImGui::IsMouseDown(ImGuiMouseButton_Left);
    }
    if (go) {
      if (work_between_frames_) trends_due_ = true;  // App::Work advances it, between drawn frames
      else trends_.Update(s, version, kFrameBudget);
      trends_stale_since_ = -1;
    }
  }
  return trends_.HasDataFor(s) && trends_.error().empty() && !trends_.points().empty();
}

// [SECTION] The Trends tab

void App::DrawTrends() {
  const ScoreSession& s = *Scored();
  ImGui::BeginChild("trends", ImVec2(0, 0), ImGuiChildFlags_None);
  const bool ready = UpdateTrends(s, true);
  if (s.model().data.shape != Shape::kEvents) {
    ui::SectionTitle("Trends need an event log");
    ImGui::TextWrapped(
        "This file has one row per customer: it is a snapshot, so it holds no past to replay. "
        "With an event log (one row per event, with a date), this tab shows the tier mix week by week, "
        "who slipped and who rose between two dates, and how customers moved between tiers.");
    ImGui::Spacing();
    ImGui::TextWrapped(
        "To compare two snapshots, score an older export of the same file against this one: "
        "`ces movers --model model.json --before older.csv current.csv` on the command line, or "
        "ces.moversCsv({before: file}) in this page's JavaScript API. Both list the biggest drops first.");
    Mark("trends-needs-events");
    ImGui::EndChild();
    return;
  }

  DrawTrendsSettings();
  if (trends_.Computing(s, flow_.results().version())) {
    const auto [done, total] = trends_.progress();
    ImGui::TextDisabled("Replaying the file on past dates: %zu of %zu\u2026", done, total);
  } else if (trends_.HasDataFor(s) && !trends_.error().empty()) {
    ui::ErrorLine(trends_.error());
  }
  if (!ready) {
    ImGui::EndChild();
    return;
  }
  const std::vector<TrendPoint>& points = trends_.points();
  ImGui::Spacing();
  DrawTrendChart(s, ImVec2(ImGui::GetContentRegionAvail().x, 250));
  if (points.size() < 2) {
    ui::Muted("One date only: add points to compare two dates.");
    ImGui::EndChild();
    return;
  }

  // The two dates compared, also as lists (the chart picks them too).
  const TrendMovers* mv = trends_.movers();
  size_t from = mv ? mv->from : points.size() - 2, to = mv ? mv->to : points.size() - 1;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Compare");
  ImGui::SameLine();
  auto date_combo = [&](const char* id, size_t* index, bool is_from) {
    ImGui::SetNextItemWidth(130);
    if (ImGui::BeginCombo(id, FormatDate(points[*index].day).c_str())) {
      for (size_t k = 0; k < points.size(); ++k) {
        const bool allowed = is_from ? k < to : k > from;
        if (!allowed) continue;
        if (ImGui::Selectable(FormatDate(points[k].day).c_str(), k == *index)) *index = k;
      }
      ImGui::EndCombo();
    }
  };
  date_combo("##movers-from", &from, true);
  Mark("movers-from");
  ImGui::SameLine();
  ImGui::TextUnformatted("with");
  ImGui::SameLine();
  date_combo("##movers-to", &to, false);
  Mark("movers-to");
  ImGui::SameLine();
  ui::HelpMarker("Or click the chart: a click moves the nearer of the two dates.");
  trends_.SetMoversDates(s, from, to);

  if ((mv = trends_.movers())) {
    ImGui::Spacing();
    DrawMovers(s, *mv);
    ImGui::Spacing();
    DrawMigrationMatrix(s, *mv);
  }
  ImGui::EndChild();
}

void App::DrawTrendsSettings() {
  HistoryOptions& o = trends_.options;
  bool changed = false;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Every");
  ImGui::SameLine();
  int every = static_cast<int>(std::min<int64_t>(o.every, 100000));
  ImGui::SetNextItemWidth(96);
  if (ImGui::InputInt("##trend-every", &every, 1, 7) && every >= 1) {
    o.every = every;
    changed = true;
  }
  Mark("trend-every");
  ImGui::SameLine();
  ImGui::TextUnformatted("days,");
  ImGui::SameLine();
  int points = static_cast<int>(o.points);
  ImGui::SetNextItemWidth(96);
  if (ImGui::InputInt("##trend-points", &points, 1, 4) && points >= 1 && points <= kMaxHistoryPoints) {
    o.points = points;
    changed = true;
  }
  Mark("trend-points");
  ImGui::SameLine();
  ImGui::TextUnformatted("points, from");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(120);
  ImGui::InputTextWithHint("##trend-start", "YYYY-MM-DD", &trends_start_text_);
  Mark("trend-start");
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    int32_t day = 0;
    trends_start_error_.clear();
    if (trends_start_text_.empty()) {
      o.from.reset();
      changed = true;
    } else if (OptionResult e = ParseDateOption("from", trends_start_text_, &day)) {
      trends_start_error_ = e->ToString();
    } else {
      o.from = day;
      changed = true;
    }
  }
  ImGui::SetItemTooltip("The first date to show (optional): earlier points are left out.");
  ImGui::SameLine();
  ui::HelpMarker("The dates step back from the file's as-of date (or the model's), every so many days. "
                 "Each date is the score the file would have given on that day: only rows up to it, "
                 "customers that existed by then, their plan as of then. The same as `ces history`.");
  if (trends_.HasDataFor(*Scored()) && !trends_.points().empty()) {
    ImGui::SameLine(0, 18);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%zu dates replayed in %s ms", trends_.points().size(), ui::Number(trends_.seconds() * 1000, 0).c_str());
  }
  if (!trends_start_error_.empty()) ui::ErrorLine(trends_start_error_);
  if (changed) trends_.OptionsChanged();
}

// [SECTION] Chart of the tier mix over time

void App::DrawTrendChart(const ScoreSession& s, const ImVec2& size) {
  const std::vector<TrendPoint>& points = trends_.points();
  const ScoreModel& m = s.model();
  const size_t n = points.size();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##trend-chart", size);
  Mark("trend-chart");
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ui::kPanelBg, 4);

  const float line = ImGui::GetTextLineHeight();
  const ImVec2 plot_min(p.x + 48, p.y + line + 14), plot_max(p.x + size.x - 48, p.y + size.y - line - 10);
  const float plot_w = plot_max.x - plot_min.x, plot_h = plot_max.y - plot_min.y;
  size_t most = 1;
  for (const TrendPoint& t : points) most = std::max(most, t.customers);
  double lo = 0, hi = 100;
  ScoreAxis(s, &lo, &hi);
  for (const TrendPoint& t : points) {
    lo = std::min({lo, t.mean, t.median});
    hi = std::max({hi, t.mean, t.median});
  }
  const float slot = plot_w / static_cast<float>(n), bar = std::max(2.0f, slot * 0.68f);
  auto slot_x = [&](size_t k) { return plot_min.x + slot * (static_cast<float>(k) + 0.5f); };
  auto count_y = [&](double c) { return plot_max.y - static_cast<float>(c / static_cast<double>(most)) * plot_h; };
  auto score_y = [&](double v) { return plot_max.y - static_cast<float>((v - lo) / (hi - lo)) * plot_h; };

  // The compared span, behind the bars.
  const TrendMovers* mv = trends_.movers();
  if (mv) {
    draw->AddRectFilled(ImVec2(slot_x(mv->from) - slot * 0.5f, plot_min.y - 4), ImVec2(slot_x(mv->to) + slot * 0.5f, plot_max.y),
                        IM_COL32(88, 148, 240, 26));
    for (size_t k : {mv->from, mv->to}) {
      const float x = slot_x(k);
      draw->AddRect(ImVec2(x - bar * 0.5f - 2, plot_min.y - 4), ImVec2(x + bar * 0.5f + 2, plot_max.y + 1), kPickColor, 2, 0, 1.5f);
    }
  }
  // Grid: customers on the left, scores on the right.
  for (int i = 0; i <= 4; ++i) {
    const float y = plot_max.y - plot_h * static_cast<float>(i) / 4.0f;
    draw->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), ui::kGrid);
    const std::string left = ui::Count(static_cast<uint64_t>(std::llround(static_cast<double>(most) * i / 4.0)));
    draw->AddText(ImVec2(plot_min.x - 6 - ImGui::CalcTextSize(left.c_str()).x, y - line * 0.5f), IM_COL32(150, 156, 166, 255), left.c_str());
    const std::string right = ui::Number(lo + (hi - lo) * i / 4.0, 0);
    draw->AddText(ImVec2(plot_max.x + 6, y - line * 0.5f), IM_COL32(150, 156, 166, 255), right.c_str());
  }
  // Stacked bars: the first tier at the bottom.
  int hovered_k = -1;
  if (hovered) {
    const float mx = ImGui::GetIO().MousePos.x;
    if (mx >= plot_min.x && mx < plot_max.x) hovered_k = std::min(static_cast<int>((mx - plot_min.x) / slot), static_cast<int>(n) - 1);
  }
  for (size_t k = 0; k < n; ++k) {
    const TrendPoint& t = points[k];
    const float x0 = slot_x(k) - bar * 0.5f, x1 = slot_x(k) + bar * 0.5f;
    const float alpha = static_cast<int>(k) == hovered_k ? 1.0f : 0.8f;
    if (t.tier_counts.empty()) {
      draw->AddRectFilled(ImVec2(x0, count_y(static_cast<double>(t.customers))), ImVec2(x1, plot_max.y), ui::WithAlpha(ui::kAccent, alpha));
    } else {
      double below = 0;
      for (size_t tier = 0; tier < t.tier_counts.size(); ++tier) {
        if (t.tier_counts[tier] == 0) continue;
        const double top = below + static_cast<double>(t.tier_counts[tier]);
        draw->AddRectFilled(ImVec2(x0, count_y(top)), ImVec2(x1, count_y(below)), ui::WithAlpha(ui::TierColor(m.tiers, tier), alpha));
        below = top;
      }
    }
  }
  // Mean and median lines over the bars.
  for (int which = 0; which < 2; ++which) {
    const ImU32 color = which == 0 ? kMeanColor : kMedianColor;
    for (size_t k = 0; k < n; ++k) {
      const double v = which == 0 ? points[k].mean : points[k].median;
      const ImVec2 at(slot_x(k), score_y(v));
      if (k > 0) {
        const double prev = which == 0 ? points[k - 1].mean : points[k - 1].median;
        draw->AddLine(ImVec2(slot_x(k - 1), score_y(prev)), at, color, 2.0f);
      }
      draw->AddCircleFilled(at, 3.0f, color);
    }
  }
  // Date labels: as many as fit.
  float next_free = -1e9f;
  for (size_t k = 0; k < n; ++k) {
    const std::string text = n > 20 ? ShortDate(points[k].day) : FormatDate(points[k].day);
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    const float x = slot_x(k) - w * 0.5f;
    const bool picked = mv && (k == mv->from || k == mv->to);
    if (x < next_free && !picked && k + 1 != n) continue;
    draw->AddText(ImVec2(x, plot_max.y + 4), picked ? kPickColor : IM_COL32(150, 156, 166, 255), text.c_str());
    next_free = x + w + 10;
  }
  // Legend on the top line.
  float lx = p.x + 10;
  const float ly = p.y + 6;
  auto legend = [&](ImU32 color, const std::string& text, bool is_line) {
    if (is_line) draw->AddLine(ImVec2(lx, ly + line * 0.5f), ImVec2(lx + 14, ly + line * 0.5f), color, 2.0f);
    else draw->AddRectFilled(ImVec2(lx + 2, ly + 3), ImVec2(lx + 12, ly + line - 2), color, 2);
    draw->AddText(ImVec2(lx + 18, ly), IM_COL32(190, 195, 205, 255), text.c_str());
    lx += 18 + ImGui::CalcTextSize(text.c_str()).x + 14;
  };
  for (size_t tier = 0; tier < m.tiers.size(); ++tier) legend(ui::TierColor(m.tiers, tier), ui::Clip(m.tiers[tier].name, 24), false);
  if (m.tiers.empty()) legend(ui::kAccent, "customers", false);
  legend(kMeanColor, "mean score", true);
  legend(kMedianColor, "median score", true);

  if (hovered_k >= 0) {
    const TrendPoint& t = points[static_cast<size_t>(hovered_k)];
    std::string tip = FormatDate(t.day) + "\n" + ui::Count(t.customers) + " customers";
    for (size_t tier = 0; tier < t.tier_counts.size() && tier < m.tiers.size(); ++tier)
      tip += "\n  " + m.tiers[tier].name + ": " + ui::Count(t.tier_counts[tier]);
    tip += "\nmean " + ui::Number(t.mean, 1) + " \u00b7 median " + ui::Number(t.median, 1) + "\n\nClick to compare this date.";
    ImGui::SetTooltip("%s", tip.c_str());
  }
  // A click moves the nearer end of the comparison to the clicked date.
  if (clicked && hovered_k >= 0 && n >= 2) {
    const size_t k = static_cast<size_t>(hovered_k);
    size_t from = mv ? mv->from : 0, to = mv ? mv->to : n - 1;
    if (k < from) from = k;
    else if (k > to) to = k;
    else if (k - from <= to - k && k < to) from = k;
    else if (k > from) to = k;
    trends_.SetMoversDates(s, from, to);
  }
}

// [SECTION] Movers and the migration matrix

void App::DrawMovers(const ScoreSession& s, const TrendMovers& mv) {
  const std::vector<TrendPoint>& points = trends_.points();
  const std::string d0 = FormatDate(points[mv.from].day), d1 = FormatDate(points[mv.to].day);
  ui::SectionTitle(("Movers from " + d0 + " to " + d1).c_str());
  ImGui::TextDisabled("%s customers on both dates: %s dropped, %s rose. %s new since %s.", ui::Count(mv.moved).c_str(),
                      ui::Count(mv.drops).c_str(), ui::Count(mv.rises).c_str(), ui::Count(mv.added).c_str(), d0.c_str());
  const std::string base = flow_.file().name.substr(0, flow_.file().name.rfind('.'));
  const std::string stem = (base.empty() ? std::string("customers") : base) + "-";
  const std::string span = d0 + "-to-" + d1 + ".csv";
  if (ImGui::Button("Download all movers (CSV)"))
    platform_.OfferDownload(stem + "movers-" + span, "text/csv", trends_.MoversCsv(TrendsState::MoversPart::kAll));
  Mark("download-movers");
  ImGui::SetItemTooltip("Every customer: drops first, then rises, then new ones. The same file as `ces movers --from %s --to %s`.",
                        d0.c_str(), d1.c_str());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  const int kShow[] = {10, 25, 100};
  if (ImGui::BeginCombo("##movers-show", ("Top " + std::to_string(trends_show_)).c_str())) {
    for (int v : kShow)
      if (ImGui::Selectable(("Top " + std::to_string(v)).c_str(), v == trends_show_)) trends_show_ = v;
    ImGui::EndCombo();
  }

  // The two lists side by side: drops (rows from the front), rises (from the back of the moved rows).
  const float width = ImGui::GetContentRegionAvail().x;
  const bool beside = width >= 760;
  const float list_w = beside ? (width - 12) * 0.5f : width;
  const ScoreModel& m = s.model();
  auto list = [&](bool drops) {
    const size_t count = std::min<size_t>(drops ? mv.drops : mv.rises, static_cast<size_t>(trends_show_));
    ImGui::BeginGroup();
    ImGui::PushFont(ui::HeadingFont());
    ImGui::TextUnformatted(drops ? "Biggest drops" : "Biggest rises");
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled(drops ? "churn-risk watch list" : "upsell candidates");
    ImGui::SameLine();
    if (ImGui::SmallButton(drops ? "Download (CSV)##drops" : "Download (CSV)##rises"))
      platform_.OfferDownload(stem + (drops ? "drops-" : "rises-") + span, "text/csv",
                              trends_.MoversCsv(drops ? TrendsState::MoversPart::kDrops : TrendsState::MoversPart::kRises));
    Mark(drops ? "download-drops" : "download-rises");
    ImGui::SetItemTooltip("%s customers, biggest first, in the movers CSV format.", ui::Count(drops ? mv.drops : mv.rises).c_str());
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable(drops ? "drops" : "rises", 4, kFlags, ImVec2(list_w, 0))) {
      ImGui::TableSetupColumn("Customer", 0, 2.2f);
      ImGui::TableSetupColumn("Score", 0, 1.4f);
      ImGui::TableSetupColumn("Change", 0, 0.9f);
      ImGui::TableSetupColumn("Tier", 0, 1.8f);
      ImGui::TableHeadersRow();
      for (size_t i = 0; i < count; ++i) {
        const MoverRow& r = drops ? mv.rows[i] : mv.rows[mv.moved - 1 - i];
        const uint32_t c = mv.after_customer[r.after];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(c));
        const bool selected = flow_.results().selected == c;
        if (ImGui::Selectable(ui::Clip(mv.after.ids[r.after], 60).c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) {
          flow_.results().selected = c;
          right_tab_request_ = 0;  // its score explained, in the Customers tab
        }
        if (i == 0) Mark(drops ? "first-drop" : "first-rise");
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::Text("%s \u2192 %s", ui::Number(mv.before.scores[r.before], 1).c_str(), ui::Number(mv.after.scores[r.after], 1).c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(drops ? ui::kTextError : ui::kTextGood, "%s%s", r.change > 0 ? "+" : "", ui::Number(r.change, 1).c_str());
        ImGui::TableNextColumn();
        const int then = mv.before.tiers[r.before], now = mv.after.tiers[r.after];
        if (now >= 0) {
          if (then != now && then >= 0) {
            ui::ColorSwatch(ui::TierColor(m.tiers, static_cast<size_t>(then)), 8);
            ImGui::SameLine(0, 4);
            ImGui::TextDisabled("\u2192");
            ImGui::SameLine(0, 4);
          }
          ui::ColorSwatch(ui::TierColor(m.tiers, static_cast<size_t>(now)), 8);
          ImGui::SameLine(0, 4);
          ImGui::TextUnformatted(ui::Clip(m.tiers[static_cast<size_t>(now)].name, 24).c_str());
        }
      }
      ImGui::EndTable();
    }
    if (count == 0) ui::Muted(drops ? "Nobody's score dropped." : "Nobody's score rose.");
    ImGui::EndGroup();
  };
  list(true);
  if (beside) ImGui::SameLine(0, 12);
  list(false);
}

void App::DrawMigrationMatrix(const ScoreSession& s, const TrendMovers& mv) {
  const ScoreModel& m = s.model();
  const size_t tiers = m.tiers.size();
  if (tiers == 0) return;  // no tiers: nothing to migrate between
  const std::vector<TrendPoint>& points = trends_.points();
  const std::string d0 = FormatDate(points[mv.from].day), d1 = FormatDate(points[mv.to].day);
  ui::SectionTitle("Tier migration");
  ImGui::SameLine();
  ui::HelpMarker("Rows: the tier on the first date. Columns: the tier on the second. "
                 "Click a number to list those customers in the Customers table.");
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("migration", static_cast<int>(tiers) + 1, kFlags)) return;
  ImGui::TableSetupColumn((d0 + " \u2193  " + d1 + " \u2192").c_str(), 0, 190);
  for (size_t now = 0; now < tiers; ++now) ImGui::TableSetupColumn(ui::Clip(m.tiers[now].name, 24).c_str(), 0, 110);
  ImGui::TableHeadersRow();
  for (int then = 0; then <= static_cast<int>(tiers); ++then) {
    const bool is_new = then == static_cast<int>(tiers);  // the last row: customers that did not exist yet
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (is_new) {
      ImGui::TextDisabled("new since %s", d0.c_str());
    } else {
      ui::ColorSwatch(ui::TierColor(m.tiers, static_cast<size_t>(then)), 10);
      ImGui::SameLine(0, 6);
      ImGui::TextUnformatted(ui::Clip(m.tiers[static_cast<size_t>(then)].name, 40).c_str());
    }
    for (size_t now = 0; now < tiers; ++now) {
      ImGui::TableNextColumn();
      const uint64_t n = is_new ? mv.new_by_tier[now] : mv.matrix[static_cast<size_t>(then)][now];
      const bool same = !is_new && static_cast<size_t>(then) == now;
      const bool down = !is_new && now < static_cast<size_t>(then);  // tiers run from worst to best
      ImGui::PushID(then * 1000 + static_cast<int>(now));
      if (n == 0) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      else if (!same && !is_new) ImGui::PushStyleColor(ImGuiCol_Text, down ? ui::kTextError : ui::kTextGood);
      else ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_Text));
      ImGui::BeginDisabled(n == 0);
      if (ImGui::Selectable(ui::Count(n).c_str(), false)) {
        const std::string label = is_new ? "new since " + d0 + ", " + m.tiers[now].name + " on " + d1
                                         : m.tiers[static_cast<size_t>(then)].name + " on " + d0 + " \u2192 " +
                                               m.tiers[now].name + " on " + d1;
        flow_.results().query.tier = -1;  // exactly the cell's customers
        flow_.results().query.search.clear();
        search_text_.clear();
        flow_.results().FilterTo(s.dataset(), trends_.CellCustomers(is_new ? -1 : then, static_cast<int>(now)), label);
        right_tab_request_ = 0;
      }
      ImGui::EndDisabled();
      ImGui::PopStyleColor();
      Mark(("matrix-" + (is_new ? std::string("new") : std::to_string(then)) + "-" + std::to_string(now)).c_str());
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
  ui::Muted("The table lists the customers' scores on the file's own date; the cell says which tier they held on each date.");
}

// [SECTION] Sparkline and customer trend

void App::DrawSparkline(uint32_t c, float width, float height) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  if (!trends_.has_series() || c >= trends_.series_customers()) return;
  const size_t n = trends_.points().size();
  double lo = 0, hi = 100;
  ScoreAxis(*Scored(), &lo, &hi);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  auto at = [&](size_t k) {
    const double v = std::clamp(static_cast<double>(trends_.Score(c, k)), lo, hi);
    return ImVec2(p.x + width * (n > 1 ? static_cast<float>(k) / static_cast<float>(n - 1) : 0.5f),
                  p.y + height - 1 - static_cast<float>((v - lo) / (hi - lo)) * (height - 2));
  };
  size_t last = n;
  for (size_t k = 0; k < n; ++k) {
    if (std::isnan(trends_.Score(c, k))) continue;  // did not exist yet
    if (last < n) draw->AddLine(at(last), at(k), IM_COL32(170, 190, 220, 220), 1.3f);
    last = k;
  }
  if (last < n) {
    const int tier = trends_.Tier(c, last);
    draw->AddCircleFilled(at(last), 2.2f, ui::TierColorOr(Scored()->model().tiers, tier, ui::kAccent));
  }
  if (ImGui::IsItemHovered() && last < n) {
    size_t first = 0;
    while (first < n && std::isnan(trends_.Score(c, first))) ++first;
    const std::vector<TrendPoint>& pts = trends_.points();
    ImGui::SetTooltip("%s: %s\n%s: %s", FormatDate(pts[first].day).c_str(), ui::Number(trends_.Score(c, first), 1).c_str(),
                      FormatDate(pts[last].day).c_str(), ui::Number(trends_.Score(c, last), 1).c_str());
  }
}

void App::DrawCustomerTrend(const ScoreSession& s, uint32_t c) {
  if (!UpdateTrends(s) || !trends_.has_series() || c >= trends_.series_customers()) return;
  const std::vector<TrendPoint>& points = trends_.points();
  const ScoreModel& m = s.model();
  const size_t n = points.size();
  const float width = ImGui::GetContentRegionAvail().x, height = 74;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##customer-trend", ImVec2(width, height));
  Mark("customer-trend");
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p, ImVec2(p.x + width, p.y + height), ui::kPanelBg, 3);
  double lo = 0, hi = 100;
  ScoreAxis(s, &lo, &hi);
  const float line = ImGui::GetTextLineHeight();
  const ImVec2 plot_min(p.x + 8, p.y + 6), plot_max(p.x + width - 8, p.y + height - line - 6);
  auto x_of = [&](size_t k) {
    return plot_min.x + (plot_max.x - plot_min.x) * (n > 1 ? static_cast<float>(k) / static_cast<float>(n - 1) : 0.5f);
  };
  auto y_of = [&](double v) {
    return plot_max.y - static_cast<float>((std::clamp(v, lo, hi) - lo) / (hi - lo)) * (plot_max.y - plot_min.y);
  };
  // Tier bounds as faint lines, so the eye sees which band the score is in.
  for (const Tier& t : m.tiers)
    if (t.below && *t.below > lo && *t.below < hi)
      draw->AddLine(ImVec2(plot_min.x, y_of(*t.below)), ImVec2(plot_max.x, y_of(*t.below)), ui::kGrid);
  size_t last = n;
  std::vector<size_t> changes;  // dates where the tier differs from the date before
  for (size_t k = 0; k < n; ++k) {
    const float v = trends_.Score(c, k);
    if (std::isnan(v)) continue;
    if (last < n) {
      draw->AddLine(ImVec2(x_of(last), y_of(trends_.Score(c, last))), ImVec2(x_of(k), y_of(v)), IM_COL32(200, 215, 240, 230), 1.8f);
      if (trends_.Tier(c, k) != trends_.Tier(c, last)) changes.push_back(k);
    }
    last = k;
  }
  for (size_t k = 0; k < n; ++k) {
    const float v = trends_.Score(c, k);
    if (std::isnan(v)) continue;
    const bool changed = std::find(changes.begin(), changes.end(), k) != changes.end();
    const ImU32 color = ui::TierColorOr(m.tiers, trends_.Tier(c, k), ui::kAccent);
    if (changed) {
      draw->AddLine(ImVec2(x_of(k), plot_min.y), ImVec2(x_of(k), plot_max.y), ui::WithAlpha(color, 0.55f), 1.0f);
      draw->AddCircleFilled(ImVec2(x_of(k), y_of(v)), 4.5f, color);
      draw->AddCircle(ImVec2(x_of(k), y_of(v)), 5.5f, IM_COL32(255, 255, 255, 200));
    } else {
      draw->AddCircleFilled(ImVec2(x_of(k), y_of(v)), 2.5f, color);
    }
  }
  const std::string left = FormatDate(points.front().day), right = FormatDate(points.back().day);
  draw->AddText(ImVec2(plot_min.x, plot_max.y + 3), IM_COL32(150, 156, 166, 255), left.c_str());
  draw->AddText(ImVec2(plot_max.x - ImGui::CalcTextSize(right.c_str()).x, plot_max.y + 3), IM_COL32(150, 156, 166, 255), right.c_str());
  const std::string caption = changes.empty() ? "same tier on every date" : std::to_string(changes.size()) + " tier change" + (changes.size() > 1 ? "s" : "");
  const float cx = (plot_min.x + plot_max.x - ImGui::CalcTextSize(caption.c_str()).x) * 0.5f;
  draw->AddText(ImVec2(cx, plot_max.y + 3), IM_COL32(130, 136, 146, 255), caption.c_str());
  if (ImGui::IsItemHovered()) {
    const float mx = ImGui::GetIO().MousePos.x;
    size_t k = 0;
    for (size_t i = 1; i < n; ++i)
      if (std::fabs(x_of(i) - mx) < std::fabs(x_of(k) - mx)) k = i;
    const float v = trends_.Score(c, k);
    if (std::isnan(v)) ImGui::SetTooltip("%s: not a customer yet", FormatDate(points[k].day).c_str());
    else {
      const int tier = trends_.Tier(c, k);
      ImGui::SetTooltip("%s: %s%s%s", FormatDate(points[k].day).c_str(), ui::Number(v, 1).c_str(),
                        tier >= 0 ? " \u00b7 " : "", tier >= 0 ? m.tiers[static_cast<size_t>(tier)].name.c_str() : "");
    }
  }
}

// [SECTION] Test hook

std::string App::TrendsUiJson() const {
  nlohmann::json j = {{"filtered", nullptr}, {"filterLabel", flow_.results().filter_label()}};
  if (flow_.results().filtered()) j["filtered"] = flow_.results().filter_size();
  const ScoreSession* s = Scored();
  if (!s || !trends_.HasDataFor(*s)) return j.dump();
  j["error"] = trends_.error();
  j["seconds"] = trends_.seconds();
  nlohmann::json dates = nlohmann::json::array(), customers = nlohmann::json::array();
  for (const TrendPoint& t : trends_.points()) {
    dates.push_back(FormatDate(t.day));
    customers.push_back(t.customers);
  }
  j["dates"] = dates;
  j["customers"] = customers;
  if (const TrendMovers* mv = trends_.movers()) {
    j["from"] = FormatDate(trends_.points()[mv->from].day);
    j["to"] = FormatDate(trends_.points()[mv->to].day);
    j["matrix"] = mv->matrix;
    j["newByTier"] = mv->new_by_tier;
    j["moved"] = mv->moved;
    j["drops"] = mv->drops;
    j["rises"] = mv->rises;
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ces::app
