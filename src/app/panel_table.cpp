// Right pane, "Customers" tab: every customer in a virtualised table (only the
// rows on screen are drawn, so a million scroll smoothly), sortable by any
// column, with an id search and a tier filter. A click opens the detail view.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "app/app.h"
#include "app/ui_kit.h"
#include "app/core/platform_services.h"
#include "engine/base/number_format.h"

namespace ces::app {

namespace {
constexpr ImGuiID kPointsColumn = 1000;  // user id of the first activity-points column
constexpr ImGuiID kGroupColumn = 900;    // user id of the first group-score column (v2 scorecard)
constexpr ImGuiID kCarryColumn = 800;    // user id of the first carried column (v2 1.6)

// A customer's row as tab-separated text (what a spreadsheet pastes as cells): the
// columns the table shows, numbers as the table writes them.
std::string RowText(const Dataset& d, const ScoreModel& m, const ScoreTable& t, uint32_t c) {
  std::string row(d.customer_id(c));
  row += "\t" + FormatNumber(t.score[c]) + "\t" + FormatNumber(t.raw[c]) + "\t";
  if (t.tier[c] >= 0) row += m.tiers[static_cast<size_t>(t.tier[c])].name;
  if (!m.data.segment.empty()) row += "\t" + std::string(d.segment_name(t.segment[c]));
  const size_t carried = d.plan.carry.size();
  for (size_t j = 0; j < carried && c * carried + j < t.carry.size(); ++j) row += "\t" + std::string(d.carried_text(t.carry[c * carried + j]));
  for (size_t a = 0; a < m.activities.size(); ++a) {
    const double p = t.Points(c, a);
    row += "\t" + (std::isnan(p) ? std::string() : FormatNumber(p));
  }
  return row;
}
}  // namespace

void App::DrawResultsTable() {
  const ScoreSession& s = *Scored();
  const ScoreTable& t = s.table();
  const ScoreModel& m = s.model();
  const Dataset& d = s.dataset();

  // Filters.
  const bool narrow = ImGui::GetContentRegionAvail().x < 700;  // 1024 px: room for the Points | Measured switch
  ImGui::SetNextItemWidth(narrow ? 150.0f : 230.0f);
  // The search reaches the carried columns too (results_view.h): the hint says so.
  const char* hint = m.data.carry.empty() ? "Search customer id" : "Search id or kept columns";
  if (ImGui::InputTextWithHint("##search", hint, &search_text_)) {
    flow_.results().query.search = search_text_;
    flow_.results().QueryChanged();
  }
  Mark("search");
  ImGui::SameLine();
  const int tier = flow_.results().query.tier;
  const std::string tier_label = tier >= 0 && static_cast<size_t>(tier) < m.tiers.size() ? m.tiers[static_cast<size_t>(tier)].name : "All tiers";
  ImGui::SetNextItemWidth(narrow ? 120.0f : 170.0f);
  if (ImGui::BeginCombo("##tier-filter", tier_label.c_str())) {
    if (ImGui::Selectable("All tiers", tier < 0)) flow_.results().query.tier = -1;
    for (size_t i = 0; i < m.tiers.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      ui::ColorSwatch(ui::TierColor(m.tiers, i), 10);
      ImGui::SameLine();
      if (ImGui::Selectable(m.tiers[i].name.c_str(), tier == static_cast<int>(i))) flow_.results().query.tier = static_cast<int>(i);
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  Mark("tier-filter");
  if (flow_.results().query.tier != tier) flow_.results().QueryChanged();

  const std::vector<uint32_t>& rows = flow_.results().Rows(s);
  table_rows_shown_ = rows.size();
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  const char* noun = t.customers == 1 ? "customer" : "customers";
  if (rows.size() == t.customers) ImGui::TextDisabled("%s %s", ui::Count(t.customers).c_str(), noun);
  else ImGui::TextDisabled("%s of %s %s", ui::Count(rows.size()).c_str(), ui::Count(t.customers).c_str(), noun);
  DrawTableModeToggle();  // [panel_trust.cpp] points or what was measured
  if (flow_.results().filtered()) {  // a cell of the Trends view's migration matrix
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ui::kTextWarning, "filtered: %s %s \u00b7 %s", ui::Count(flow_.results().filter_size()).c_str(),
                       flow_.results().filter_size() == 1 ? "customer" : "customers", flow_.results().filter_label().c_str());
    Mark("filter-line");
    ImGui::SameLine();
    if (ImGui::SmallButton("clear")) flow_.results().ClearFilter();
    Mark("filter-clear");
  }

  // The detail view goes beside the table on wide screens, below it otherwise.
  const bool has_detail = flow_.results().selected && *flow_.results().selected < t.customers;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool beside = avail.x >= 1000.0f;
  ImVec2 table_size(0, -ImGui::GetTextLineHeightWithSpacing());  // room for the hint below
  if (has_detail) {
    table_size.y = 0;
    // Below the table, the detail takes the height its rows need, up to about half.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float wanted = 70.0f + line * (static_cast<float>(m.activities.size()) + 1.0f) * 1.15f + line * 2.5f;
    // At 1024×700 the old 55% left five rows; the detail scrolls, so the table keeps more.
    // In a short pane (the summary is cut to its figures then, panel_summary.cpp) the
    // detail takes what the table's eight rows leave, so its breakdown shows whole.
    // The table keeps a header and eight and a half rows (its scrollbar too).
    const float row = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
    const float table_min = ImGui::GetFrameHeightWithSpacing() + row * 8.5f + ImGui::GetStyle().ScrollbarSize + 8;
    const float most = std::max(avail.y * 0.42f, avail.y - table_min);
    const float detail_height = std::clamp(wanted, std::min(170.0f, avail.y * 0.4f), most);
    if (beside) table_size.x = avail.x * 0.58f;
    else table_size.y = std::max(140.0f, avail.y - detail_height - 8);
  }

  const bool has_segment = !m.data.segment.empty();
  const bool has_trend = UpdateTrends(s) && trends_.has_series();  // event logs: a sparkline per customer
  // Carried columns (v2 1.6: email, owner, MRR…) right after the segment, as in the download.
  const int carry_columns = static_cast<int>(std::min<size_t>(d.plan.carry.size(), m.data.carry.size()));
  const int group_columns = static_cast<int>(std::min<size_t>(m.groups.size(), 32));  // v2 scorecard: a score per group
  const int activity_columns = static_cast<int>(std::min<size_t>(m.activities.size(), 400));
  const int columns = 4 + (has_trend ? 1 : 0) + (has_segment ? 1 : 0) + carry_columns + group_columns + activity_columns;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuter |
                                     ImGuiTableFlags_Resizable | ImGuiTableFlags_Hideable | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("results", columns, kFlags, table_size)) {
    constexpr ImGuiTableColumnFlags kNumber = ImGuiTableColumnFlags_PreferSortDescending;
    ImGui::TableSetupColumn("Customer", ImGuiTableColumnFlags_NoHide, 190, 0);
    ImGui::TableSetupColumn("Score", kNumber | ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_NoHide, 64, 1);
    ImGui::TableSetupColumn("Raw", kNumber, 70, 2);
    ImGui::TableSetupColumn("Tier", 0, 110, 3);
    if (has_trend) ImGui::TableSetupColumn("Trend", ImGuiTableColumnFlags_NoSort, 92, 5);
    if (has_segment) ImGui::TableSetupColumn("Segment", 0, 100, 4);
    for (int j = 0; j < carry_columns; ++j) {  // text, not sortable: the results view sorts by v1 columns
      const std::string name = ui::Clip(m.data.carry[static_cast<size_t>(j)], 28);
      ImGui::TableSetupColumn(name.c_str(), ImGuiTableColumnFlags_NoSort, 150, kCarryColumn + static_cast<ImGuiID>(j));
    }
    for (int g = 0; g < group_columns; ++g) {  // not sortable: the results view sorts by v1 columns
      const std::string name = ui::Clip(m.groups[static_cast<size_t>(g)].name, 28);
      const float width = std::clamp(ImGui::CalcTextSize(name.c_str()).x + 28.0f, 64.0f, 220.0f);
      ImGui::TableSetupColumn(name.c_str(), ImGuiTableColumnFlags_NoSort, width, kGroupColumn + static_cast<ImGuiID>(g));
    }
    for (int a = 0; a < activity_columns; ++a) {
      // Each activity's points, headed by its name (wide enough to read it and the sort arrow).
      const std::string name = ui::Clip(m.activities[static_cast<size_t>(a)].name, 28);
      const float width = std::clamp(ImGui::CalcTextSize(name.c_str()).x + 28.0f, 64.0f, 220.0f);
      ImGui::TableSetupColumn(name.c_str(), kNumber, width, kPointsColumn + static_cast<ImGuiID>(a));
    }
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableHeadersRow();
    Mark("results-header");

    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
      if (specs->SpecsCount > 0) {
        const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
        ResultsColumn column;
        switch (spec.ColumnUserID) {
          case 0: column.kind = ResultsColumn::kCustomer; break;
          case 1: column.kind = ResultsColumn::kScore; break;
          case 2: column.kind = ResultsColumn::kRaw; break;
          case 3: column.kind = ResultsColumn::kTier; break;
          case 4: column.kind = ResultsColumn::kSegment; break;
          default:
            column = {table_measured_ ? ResultsColumn::kMeasure : ResultsColumn::kPoints, spec.ColumnUserID - kPointsColumn};
            break;
        }
        flow_.results().query.sort = column;
        flow_.results().query.descending = spec.SortDirection == ImGuiSortDirection_Descending;
      } else {
        flow_.results().query.sort = {};
        flow_.results().query.descending = true;
      }
      flow_.results().QueryChanged();
      specs->SpecsDirty = false;
      ImGui::SetScrollY(0.0f);  // a new order starts at its top, not where the old one was scrolled to
    }

    const std::vector<uint32_t>& sorted = flow_.results().Rows(s);
    ImGuiListClipper clipper;
    bool marked_first = false;
    clipper.Begin(static_cast<int>(sorted.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const uint32_t c = sorted[static_cast<size_t>(row)];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(c));
        const std::string_view id = d.customer_id(c);
        const std::string label = ui::Clip(id, 80);
        const bool selected = flow_.results().selected == c;
        if (ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap))
          flow_.results().selected = selected ? std::nullopt : std::optional<uint32_t>(c);
        if (ImGui::BeginPopupContextItem("row-menu")) {  // right click: copy the id or the whole row
          if (ImGui::MenuItem("Copy customer id")) platform_.CopyToClipboard(id);
          if (ImGui::MenuItem("Copy row")) platform_.CopyToClipboard(RowText(d, m, t, c));
          if (ImGui::MenuItem("Show details")) flow_.results().selected = c;
          ImGui::EndPopup();
        }
        if (row == clipper.DisplayStart) Mark("row-menu-anchor");
        if (ImGui::IsItemVisible()) Mark("last-visible-row");  // the last one marked wins: rows on screen
        if (!marked_first && ImGui::IsItemVisible()) {  // the top row on screen (the clipper also visits row 0 to measure)
          Mark("first-row");
          marked_first = true;
        }
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(ui::Number(t.score[c], 2).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(ui::Number(t.raw[c], 2).c_str());
        ImGui::TableNextColumn();
        if (t.tier[c] >= 0) {
          ui::ColorSwatch(ui::TierColor(m.tiers, static_cast<size_t>(t.tier[c])), 10);
          ImGui::SameLine(0, 6);
          ImGui::TextUnformatted(m.tiers[static_cast<size_t>(t.tier[c])].name.c_str());
        }
        if (has_trend) {
          ImGui::TableNextColumn();
          DrawSparkline(c, 84, ImGui::GetTextLineHeight());
        }
        if (has_segment) {
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(ui::Clip(d.segment_name(t.segment[c]), 40).c_str());
        }
        for (int j = 0; j < carry_columns; ++j) {
          ImGui::TableNextColumn();
          const size_t at = c * d.plan.carry.size() + static_cast<size_t>(j);
          if (at < t.carry.size()) ImGui::TextUnformatted(ui::Clip(d.carried_text(t.carry[at]), 60).c_str());
          if (row == clipper.DisplayStart && j == 0) Mark("carried-cell");
        }
        for (int g = 0; g < group_columns; ++g) {
          ImGui::TableNextColumn();
          const double score = t.group_score[c * m.groups.size() + static_cast<size_t>(g)];
          if (!std::isnan(score)) ImGui::TextUnformatted(ui::Number(score, 2).c_str());  // empty: group absent
        }
        if (row == 0) table_top_cells_.assign(static_cast<size_t>(activity_columns), std::string());
        for (int a = 0; a < activity_columns; ++a) {
          ImGui::TableNextColumn();
          const double points = t.Points(c, static_cast<size_t>(a));
          if (std::isnan(points)) continue;  // skipped (missing "skip"): no points
          // Measured: the figure before cap and curve (MRR 4,900, not its log), as the
          // customer's breakdown shows it; points keep their sign's colour.
          const std::string text = ui::Number(table_measured_ ? t.Measure(c, static_cast<size_t>(a)) : points, 2);
          if (row == 0) table_top_cells_[static_cast<size_t>(a)] = text;
          const bool red = !table_measured_ && points < 0;
          if (red) ImGui::PushStyleColor(ImGuiCol_Text, ui::kTextError);
          ImGui::TextUnformatted(text.c_str());
          if (red) ImGui::PopStyleColor();
        }
      }
    }
    // Arrow keys walk the selection through the sorted rows.
    const bool down = ImGui::IsKeyPressed(ImGuiKey_DownArrow), up = ImGui::IsKeyPressed(ImGuiKey_UpArrow);
    if (has_detail && (down || up) && ImGui::IsWindowFocused() && !ImGui::GetIO().WantTextInput) {
      auto it = std::find(sorted.begin(), sorted.end(), *flow_.results().selected);
      if (it != sorted.end()) {
        if (down && it + 1 != sorted.end()) flow_.results().selected = *(it + 1);
        if (up && it != sorted.begin()) flow_.results().selected = *(it - 1);
      }
    }
    ImGui::EndTable();
  }
  if (has_detail) {
    if (beside) ImGui::SameLine(0, 12);
    ImGui::BeginChild("detail", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding);
    DrawCustomerDetail();
    ImGui::EndChild();
  } else if (rows.empty()) {
    ui::Muted("No customer matches the search and tier filter.");
  } else {
    ImGui::TextDisabled("Click a customer to see how their score adds up.");
  }
}

}  // namespace ces::app
