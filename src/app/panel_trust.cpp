// Issue 14's trial, the findings left after it: the as-of tail note's "Use <day>" button
// (logic in app/core/as_of_tail.h), the table's Points | Measured switch, the Models
// menu's width at 1024 px, and the welcome pane after Undo took a starter away.
#include <imgui.h>

#include <algorithm>

#include "app/app.h"
#include "app/core/as_of_tail.h"
#include "app/core/platform_services.h"
#include "app/ui_kit.h"
#include "engine/csv/value_parse.h"
#include "engine/results/results_view.h"

namespace ces::app {

void App::DrawUseProposedAsOf() {
  const std::optional<int32_t> day = ProposedAsOf(flow_);
  if (!day) return;
  const std::string label = "Use " + FormatDate(*day) + "###use-proposed-as-of";
  ImGui::Indent();
  if (ImGui::SmallButton(label.c_str())) UseProposedAsOf(flow_);
  Mark("use-as-of");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Score as of %s, the day most rows reach (Ctrl+Z takes it back)", FormatDate(*day).c_str());
  ImGui::Unindent();
}

// The table's activity columns show points (weight × the value after cap and curve) or
// what was measured (a customer's MRR, not its log): a marketer reads the second. The
// download keeps the contract's columns (`value` after the curve, `points`).
void App::DrawTableModeToggle() {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float switch_width = ImGui::CalcTextSize("PointsMeasured").x + ImGui::GetFrameHeight() * 2 +
                             style.ItemSpacing.x * 2 + style.ItemInnerSpacing.x * 2;
  const float label_width = ImGui::CalcTextSize("  Show").x + style.ItemSpacing.x;
  ImGui::SameLine();
  const float room = ImGui::GetContentRegionAvail().x;
  if (room < switch_width) ImGui::NewLine();  // a narrow pane: on a line of its own
  if (room < switch_width || room >= switch_width + label_width) {  // the word goes first when short of room
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("  Show");
    ImGui::SameLine();
  }
  const bool before = table_measured_;
  if (ImGui::RadioButton("Points", !table_measured_)) table_measured_ = false;
  Mark("table-points");
  ImGui::SetItemTooltip("Each activity's points: weight \u00d7 the value after cap and curve.");
  ImGui::SameLine();
  if (ImGui::RadioButton("Measured", table_measured_)) table_measured_ = true;
  Mark("table-measured");
  ImGui::SetItemTooltip("What was measured for each activity, before cap and curve (a count, a sum, a value).");
  // A sort on an activity column follows the figures shown.
  ResultsColumn& sort = flow_.results().query.sort;
  if (before != table_measured_ && (sort.kind == ResultsColumn::kPoints || sort.kind == ResultsColumn::kMeasure)) {
    sort.kind = table_measured_ ? ResultsColumn::kMeasure : ResultsColumn::kPoints;
    flow_.results().QueryChanged();
  }
}

// The toolbar's Models menu takes the room the buttons after it leave, up to what the
// current model's name needs: at 1024 px a fixed 150 px cut "My engagement score".
// `labels`: the buttons drawn after it on the same line, as the toolbar words them.
float App::ModelsMenuWidth(float minimum, std::initializer_list<const char*> labels) {
  const ImGuiStyle& style = ImGui::GetStyle();
  // Each button, the gap before it, and the toolbar's wider gaps (12 before Open…, 16 at
  // least before Download).
  float rest = 12.0f + 16.0f;
  for (const char* label : labels) rest += ImGui::CalcTextSize(label, nullptr, true).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
  const std::string name = ui::Clip(flow_.library().current_entry().name, 40);
  // ImGui's combo shows its preview between the frame padding and the arrow button.
  const float wanted = ImGui::CalcTextSize(name.c_str()).x + ImGui::GetFrameHeight() + style.FramePadding.x * 2 + 1.0f;
  const float room = ImGui::GetContentRegionAvail().x - rest;
  const float width = std::max(minimum, std::min({wanted, room, 360.0f}));
  models_name_fits_ = width >= wanted;
  return width;
}

// The welcome pane's failure screen when Undo took away the starter a file brought: the
// score back on screen does not fit the file, which is what Undo was asked for; say so,
// and offer Redo rather than "could not be scored".
void App::DrawUndoneStarter() {
  ImGui::PushFont(ui::FigureFont());
  ImGui::TextUnformatted("Undo put back the previous score");
  ImGui::PopFont();
  ImGui::Spacing();
  ImGui::TextWrapped("%s", flow_.UndoneStarterNote().c_str());
  ImGui::Spacing();
  if (ui::PrimaryButton("Redo: bring the starter back")) flow_.Redo();
  Mark("undone-starter-redo");
  ImGui::SameLine();
  if (ImGui::Button("Open another file\u2026")) platform_.RequestOpenFile();
}

}  // namespace ces::app
