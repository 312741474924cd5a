// "Export as SQL" (issue 12 point 3): the score definition as one query for a warehouse,
// for a dialect tests execute on a real engine. What the query is and which dialects are
// offered is core/sql_export.h; this file only draws it. Copy and Download give exactly
// what `ces sql --dialect D [--table T]` prints for the same model.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/app.h"
#include "app/core/platform_services.h"
#include "app/core/sql_export.h"
#include "app/ui_kit.h"
#include "engine/sql/sql_query.h"

namespace ces::app {

void App::DrawSqlExportPopup() {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(860.0f, viewport->WorkSize.x - 40), 0));
  if (!ImGui::BeginPopupModal("Export as SQL", nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize)) return;
  const ScoreModel& model = flow_.model().last_valid();
  const std::string default_table = DefaultSqlTable(model);

  ImGui::TextUnformatted("Engine");
  for (size_t i = 0; i < kSqlExportDialectCount; ++i) {
    ImGui::SameLine(0, i == 0 ? 16 : 12);
    if (ImGui::RadioButton(kSqlExportDialects[i].label, sql_export_.dialect == i)) sql_export_.dialect = i;
    Mark((std::string("sql-dialect-") + kSqlExportDialects[i].id).c_str());
  }
  ImGui::SameLine(0, 28);
  ImGui::TextUnformatted("Table");
  ImGui::SameLine();
  char table[256];
  std::snprintf(table, sizeof table, "%s", sql_export_.table.c_str());
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##sql-table", default_table.c_str(), table, sizeof table))
    sql_export_.table = table;
  Mark("sql-table");
  ImGui::SetItemTooltip("The table (or schema.table) the query reads; one row per row of your CSV file.");

  const SqlExportDialect& dialect = kSqlExportDialects[std::min(sql_export_.dialect, kSqlExportDialectCount - 1)];
  const OperationResult& r = sql_export_.Result(model, flow_.model().version());
  const std::string shown = sql_export_.TableShown(model);
  const bool ok = r.kind == OperationResult::kText;
  ImGui::Spacing();
  ImGui::PushTextWrapPos(0);
  if (ok) {
    ImGui::TextWrapped("Run on %s over a table \u201c%s\u201d holding your file's rows, this query computes the same "
                       "table as this page's scores: the same customers in the same order, the same tiers and segments, "
                       "every number within 1e-6.", dialect.label, shown.c_str());
  } else {
    ui::ErrorLine(r.body);
  }
  ui::Muted("How to load the table (column types, the _line column) and run it nightly: docs/sql.md in the CES "
            "repository. The same text: ces sql --model MODEL.json --dialect %s%s%s.",
            dialect.id, shown == default_table ? "" : " --table ", shown == default_table ? "" : shown.c_str());
  ImGui::PopTextWrapPos();
  if (ok) {
    ImGui::Spacing();
    // Read-only: ImGui never writes through the pointer with this flag. Long lines scroll
    // with the cursor; Copy and Download give the whole text.
    ImGui::InputTextMultiline("##sql-query", const_cast<char*>(r.body.c_str()), r.body.size() + 1,
                              ImVec2(-1, std::min(420.0f, viewport->WorkSize.y * 0.5f)), ImGuiInputTextFlags_ReadOnly);
    Mark("sql-query");
  }
  ImGui::Spacing();
  ImGui::BeginDisabled(!ok);
  if (ui::PrimaryButton("Copy")) {
    platform_.CopyToClipboard(r.body);
    Notify(Notice::kInfo, std::string("The ") + dialect.label + " query is on your clipboard.");
  }
  Mark("sql-copy");
  ImGui::SameLine();
  if (ImGui::Button("Download (.sql)")) platform_.OfferDownload(sql_export_.FileName(model.name), "application/sql", r.body);
  Mark("sql-download");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
  Mark("sql-close");
  ImGui::EndPopup();
}

}  // namespace ces::app
