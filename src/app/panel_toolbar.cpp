// The top bar: where data comes in (open, examples) and goes out (scores, model,
// share link). The most common path, open -> tweak -> download, reads left to right.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/app.h"
#include "app/core/examples.h"
#include "app/core/file_name.h"
#include "app/core/platform_services.h"
#include "app/ui_kit.h"

namespace ces::app {

void App::DrawToolbar() {
  // Narrow windows drop the subtitle first, then shorten the labels.
  const float width = ImGui::GetContentRegionAvail().x;
  // (The Models menu and Undo / Redo need ~330 px: the labels shorten below ~1360.)
  const bool roomy = width >= 1500, compact = width < 1340;
  ImGui::PushFont(ui::HeadingFont());
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 4);
  ImGui::TextColored(ImVec4(0.55f, 0.72f, 1.0f, 1.0f), "CES");
  ImGui::PopFont();
  if (roomy) {
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 2);
    ImGui::TextDisabled("Customer engagement score");
  }
  ImGui::SameLine(0, roomy ? 28 : 18);
  ImGui::SetCursorPosY(10);

  if (ui::PrimaryButton("Open CSV\u2026")) platform_.RequestOpenFile();
  Mark("open-csv");
  ImGui::SetItemTooltip("Or drop a CSV file anywhere on the page. It is read in this tab and never uploaded.");
  ImGui::SameLine();
  const bool has_examples = BundledExampleCount() > 0;
  ImGui::BeginDisabled(!has_examples);
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("Examples").x + ImGui::GetFrameHeight() + 20);
  const bool open = ImGui::BeginCombo("##examples", "Examples", ImGuiComboFlags_HeightLargest);
  Mark("examples");
  ImGui::EndDisabled();
  if (open) {
    ImGui::TextDisabled("Load an example dataset with its score");
    ImGui::Separator();
    for (size_t i = 0; i < BundledExampleCount(); ++i) {
      const BundledExample& e = BundledExamples()[i];
      ImGui::PushID(static_cast<int>(i));
      const std::string label = std::string(e.title) + "##example";
      if (ImGui::Selectable(label.c_str(), false, 0, ImVec2(420, 0))) LoadExample(i);
      Mark(("example-" + std::string(e.id)).c_str());
      ImGui::Indent(10);
      ui::Muted("%.*s \u00b7 %s \u00b7 %s rows", static_cast<int>(e.description.size()), e.description.data(),
                ui::Bytes(static_cast<double>(e.data_bytes)).c_str(), ui::Count(e.data_rows).c_str());
      ImGui::Unindent(10);
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }

  ImGui::SameLine(0, compact ? 12 : 24);
  const bool arrows = width < 1180;  // Undo / Redo worded where there is room
  // The buttons after the Models menu, each label written once: the menu takes the room they leave.
  const char* kOpen = compact ? "Open\u2026###open-model" : "Open model\u2026###open-model";
  const char* kSave = compact ? "Save###save-model" : "Save model###save-model";
  const char* kSql = compact ? "SQL\u2026###export-sql" : "Export as SQL\u2026###export-sql";
  const char* kShare = compact ? "Share link###share" : "Copy share link###share";
  const char* kDownload = compact ? "Download scores###download" : "Download scores (CSV)###download";
  DrawModelsMenu(ModelsMenuWidth(compact ? 150.0f : 200.0f,
                                 {UndoLabel(arrows), RedoLabel(arrows), kOpen, kSave, kSql,
                                  kShare, "Reset", kDownload}));  // [panel_library.cpp]
  ImGui::SameLine();
  DrawUndoButtons(arrows);
  ImGui::SameLine(0, compact ? 12 : 24);
  if (ImGui::Button(kOpen)) platform_.RequestOpenModelFile();
  Mark("open-model");
  ImGui::SetItemTooltip("Load a score definition (.json), e.g. one saved here or written for the ces command line.");
  ImGui::SameLine();
  if (ImGui::Button(kSave)) {
    platform_.OfferDownload(FileSlug(flow_.model().last_valid().name, "ces-model") + ".json", "application/json",
                            flow_.model().valid_json());
  }
  Mark("save-model");
  ImGui::SetItemTooltip("Download the score definition as JSON (usable with `ces score --model`).");
  ImGui::SameLine();
  if (ImGui::Button(kSql)) ImGui::OpenPopup("Export as SQL");
  Mark("export-sql");
  ImGui::SetItemTooltip("The score as one SQL query for DuckDB, PostgreSQL or ClickHouse: the same table, computed where your data lives.");
  ImGui::SameLine();
  if (ImGui::Button(kShare)) CopyShareLink();
  Mark("share-link");
  ImGui::SetItemTooltip("A link that opens this page with this score definition. It never contains your data.");
  ImGui::SameLine();
  if (ImGui::Button("Reset")) ImGui::OpenPopup("reset-model");
  ImGui::SetItemTooltip("Start the score definition over.");
  if (ImGui::BeginPopup("reset-model")) {
    ImGui::TextUnformatted(flow_.file().profiled ? "Replace the score with a starter score for this file?"
                                          : "Replace the score with the default score?");
    ui::Muted("Undo (Ctrl+Z) brings the current definition back.");
    if (ui::PrimaryButton("Reset score")) {
      flow_.ResetModel();
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Keep it")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }

  // Right-aligned: the result of it all.
  const float button_width = ImGui::CalcTextSize(kDownload, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
  const float right = ImGui::GetWindowContentRegionMax().x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 16, right - button_width));
  const ScoreSession* scored = Scored();
  ImGui::BeginDisabled(!scored || flow_.status() != Status::kScored);
  if (ui::PrimaryButton(kDownload)) {
    const std::string base = flow_.file().name.substr(0, flow_.file().name.rfind('.'));
    platform_.OfferDownload((base.empty() ? std::string("customers") : base) + "-scores.csv", "text/csv", flow_.ResultsCsv());
  }
  Mark("download-scores");
  ImGui::EndDisabled();
  if (scored) ImGui::SetItemTooltip("One row per customer, best first: the same table `ces score` writes.");
  DrawSqlExportPopup();  // opened by "Export as SQL" above (same ID stack)
}

}  // namespace ces::app
