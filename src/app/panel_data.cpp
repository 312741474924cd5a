// Left pane, "Data" tab: what was read (file facts, warnings, row errors), which
// columns mean what (the mapping), and the first rows as the file has them.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>

#include "app/app.h"
#include "app/core/as_of_tail.h"
#include "app/core/field_words.h"
#include "app/core/platform_services.h"
#include "app/ui_kit.h"
#include "engine/csv/delimiters.h"
#include "engine/csv/value_parse.h"

namespace ces::app {

namespace {

constexpr float kLabelWidth = 120.0f;

void FactRow(const char* label, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", label);
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s", value.c_str());
}

void Label(const char* text) { ui::FieldLabel(text, kLabelWidth); }

// A drop-down of the file's columns; `optional` adds "(none)". True when changed.
bool ColumnCombo(const char* id, std::string* column, const CsvProfile& profile, bool optional, const char* none_label = "(none)") {
  bool changed = false;
  ImGui::SetNextItemWidth(-1);
  const std::string preview = column->empty() ? std::string(none_label) : *column;
  if (ImGui::BeginCombo(id, preview.c_str(), ImGuiComboFlags_HeightLarge)) {
    if (optional && ImGui::Selectable(none_label, column->empty())) {
      column->clear();
      changed = true;
    }
    for (const ColumnProfile& c : profile.columns) {
      ImGui::PushID(&c);
      const bool selected = *column == c.name;
      if (ImGui::Selectable(c.name.empty() ? "(unnamed)" : c.name.c_str(), selected)) {
        *column = c.name;
        changed = true;
      }
      ImGui::SameLine(ImGui::GetContentRegionAvail().x * 0.0f + 230.0f);
      ImGui::TextDisabled("%s", c.TypeName().c_str());
      if (selected) ImGui::SetItemDefaultFocus();
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  return changed;
}

}  // namespace

void App::DrawDataTab() {
  DrawFileFacts();
  DrawMapping();
  DrawPreview();
}

void App::DrawFileFacts() {
  if (!flow_.file().present) {
    ui::SectionTitle("No data yet");
    ui::Muted("Open a CSV export of customer activity (analytics events, CRM contacts, "
              "e-mail activity, orders\u2026) or drop it on the page. It is read in this "
              "browser tab and never uploaded.");
    ImGui::Spacing();
    if (ui::PrimaryButton("Open CSV\u2026")) platform_.RequestOpenFile();
    return;
  }

  ui::SectionTitle(flow_.file().name.c_str());
  const ScoreSession* scored = Scored();
  const ScoreSession* any = flow_.Latest();

  if (flow_.job()) {
    const float fraction = static_cast<float>(flow_.job()->fraction());
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%.0f%%", fraction * 100.0f);
    ImGui::ProgressBar(fraction, ImVec2(-FLT_MIN, 0), overlay);
    ui::Muted("Reading: %s of %s, %s rows", ui::Bytes(static_cast<double>(flow_.job()->bytes)).c_str(),
              ui::Bytes(static_cast<double>(flow_.job()->total)).c_str(), ui::Count(static_cast<uint64_t>(flow_.job()->rows())).c_str());
  }

  if (!flow_.model_note().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.62f, 0.78f, 1.0f, 1.0f));
    ImGui::TextWrapped("%s", flow_.model_note().c_str());
    ImGui::PopStyleColor();
  }

  if (flow_.status() == Status::kFailed) {
    if (!flow_.failure().empty()) ui::ErrorLine(flow_.failure());
    if (flow_.shown())
      for (const std::string& e : flow_.shown()->errors()) ui::ErrorLine(SessionErrorForPeople(e, flow_.shown()->model()));
  }
  if (flow_.status() == Status::kCancelled) ui::WarningLine("Reading was cancelled; no scores were computed.");
  if ((flow_.status() == Status::kFailed || flow_.status() == Status::kCancelled) && !flow_.job()) {
    if (flow_.file().profiled && ImGui::Button("Start a score from this file's columns")) flow_.StartFromFileColumns();
    if (flow_.file().profiled) ImGui::SameLine();
    if (ImGui::Button("Read the file again")) flow_.ReadAgain();
  }

  if (any && any->dataset().rows > 0 && ImGui::BeginTable("facts", 2, ImGuiTableFlags_SizingStretchProp)) {
    const Dataset& d = any->dataset();
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, kLabelWidth - 8);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    FactRow("Size", ui::Bytes(static_cast<double>(flow_.file().size)) +
                        (flow_.load_seconds() > 0 && !flow_.job() ? "  \u00b7  read in " + ui::Number(flow_.load_seconds(), 2) + " s" : ""));
    FactRow("Rows", ui::Count(static_cast<uint64_t>(d.rows)));
    if (scored) FactRow("Customers", ui::Count(d.customer_count()));
    FactRow("Delimiter", std::string(DelimiterLabel(d.delimiter)) + (d.delimiter_sniffed ? "  (detected)" : ""));
    FactRow("Encoding", EncodingName(d.encoding));
    if (flow_.model().last_valid().data.shape == Shape::kEvents) {
      std::string dates = "ISO or epoch timestamps";
      if (d.date_order == DateOrder::kMonthFirst || d.date_order == DateOrder::kDayFirst) {
        dates = d.date_order == DateOrder::kDayFirst ? "day first (D/M/YYYY)" : "month first (M/D/YYYY)";
        dates += d.date_order_assumed ? ", assumed" : ", seen at line " + std::to_string(d.date_order_line);
      }
      FactRow("Dates", dates);
      if (scored && scored->table().as_of) {
        FactRow("Scored as of", FormatDate(*scored->table().as_of) +
                                    (flow_.model().last_valid().window.as_of ? "" : "  (latest date in the file)"));
      }
    }
    ImGui::EndTable();
  }

  if (any) {
    const Dataset& d = any->dataset();
    for (const std::string& w : d.warnings) ui::WarningLine("\u26a0 " + w);
    // The score's own notes (as-of set by a few late rows, missing values) and the page's
    // (mixed currencies, an empty file): the same lines ces.summary().warnings gives.
    if (scored) {
      const ScoreTable& table = scored->table();
      for (size_t i = 0; i < table.warnings.size(); ++i) {
        ui::WarningLine("\u26a0 " + table.warnings[i]);
        if (IsAsOfTailNote(table, i)) DrawUseProposedAsOf();
      }
    }
    for (const std::string& w : flow_.DataNotes()) ui::WarningLine("\u26a0 " + w);
    if (d.row_errors > 0) {
      ImGui::PushStyleColor(ImGuiCol_Text, ui::kTextWarning);
      const std::string title = ui::Count(static_cast<uint64_t>(d.row_errors)) +
                                (d.row_errors == 1 ? " row skipped" : " rows skipped") + " (row errors)###row-errors";
      const bool open = ImGui::TreeNodeEx(title.c_str(), ImGuiTreeNodeFlags_SpanAvailWidth);
      ImGui::PopStyleColor();
      Mark("row-errors");
      if (open) {
        const float height = std::min(220.0f, ImGui::GetTextLineHeightWithSpacing() * (static_cast<float>(d.errors.size()) + 1.5f));
        if (ImGui::BeginTable("row-error-list", 2, ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter,
                              ImVec2(0, height))) {
          ImGui::TableSetupColumn("Line", ImGuiTableColumnFlags_WidthFixed, 70);
          ImGui::TableSetupColumn("Why it was skipped", ImGuiTableColumnFlags_WidthStretch);
          ImGui::TableSetupScrollFreeze(0, 1);
          ImGui::TableHeadersRow();
          for (const RowError& e : d.errors) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(e.line));
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", e.message.c_str());
          }
          ImGui::EndTable();
        }
        if (static_cast<size_t>(d.row_errors) > d.errors.size())
          ui::Muted("The first %zu are listed; all %s were counted and skipped.", d.errors.size(),
                    ui::Count(static_cast<uint64_t>(d.row_errors)).c_str());
        ImGui::TreePop();
      }
    }
  }
}

void App::DrawMapping() {
  ui::SectionTitle("Columns");
  ui::Muted("Which column holds what. A change here reads the file again.");
  DrawFieldErrors("data");
  DrawFieldErrors("data.shape");
  ScoreModel& m = flow_.model().edit();
  bool changed = false;
  const CsvProfile& profile = flow_.file().profile;
  const bool can_pick = flow_.file().profiled && !profile.columns.empty();

  Label("Shape");
  const bool events = m.data.shape == Shape::kEvents;
  // Switching shape builds a starter model for the new shape from the file's columns,
  // keeping the model's name and tiers.
  auto switch_to = [&](Shape shape) {
    ColumnGuess g = GuessColumns(profile);
    g.shape = shape;
    if (shape == Shape::kCustomers) {
      g.event = -1;
    } else {
      for (size_t i = 0; i < profile.columns.size() && g.time < 0; ++i)
        if (profile.columns[i].IsTimestamp()) g.time = static_cast<int>(i);
    }
    ScoreModel starter = StarterModel(profile, g);
    starter.name = m.name;
    starter.tiers = m.tiers;
    m = starter;
    changed = true;
  };
  if (ImGui::RadioButton("Event log", events) && !events && can_pick) switch_to(Shape::kEvents);
  ImGui::SetItemTooltip("One row per event: user, time, event name\u2026 (analytics, e-mail activity, orders)");
  ImGui::SameLine();
  if (ImGui::RadioButton("One row per customer", !events) && events && can_pick) switch_to(Shape::kCustomers);
  ImGui::SetItemTooltip("One row per customer with a number per metric (CRM or e-mail tool exports)");
  if (!can_pick && ImGui::IsItemHovered()) ImGui::SetTooltip("Open a file first: switching shape builds activities from its columns.");

  auto column_field = [&](const char* label, const char* id, std::string* value, bool optional, const char* tip) {
    Label(label);
    if (tip) {
      ImGui::SameLine(kLabelWidth - 22);
      ImGui::TextDisabled("(?)");
      ImGui::SetItemTooltip("%s", tip);
      ImGui::SameLine(kLabelWidth);
    }
    if (can_pick) {
      changed |= ColumnCombo(id, value, profile, optional);
    } else {
      ImGui::SetNextItemWidth(-1);
      changed |= ImGui::InputTextWithHint(id, optional ? "(none)" : "column name", value);
    }
    Mark(id + 2);
  };
  column_field("Customer", "##customer", &m.data.customer, false, "The column that identifies a customer: a user id, e-mail address, account id\u2026");
  DrawFieldErrors("data.customer");
  if (m.data.shape == Shape::kEvents) {
    column_field("Time", "##time", &m.data.time, false, "When the event happened. ISO 8601, epoch seconds or milliseconds, M/D/YYYY or D/M/YYYY.");
    DrawFieldErrors("data.time");
    column_field("Event", "##event", &m.data.event, true, "The event name (login, purchase\u2026). Without one, activities count every row.");
    DrawFieldErrors("data.event");
  }
  column_field("Segment", "##segment", &m.data.segment, true, "Groups to compare: plan, country, lifecycle stage\u2026");
  DrawFieldErrors("data.segment");

  if (ImGui::TreeNode("Reading options")) {
    if (m.data.shape == Shape::kEvents) {
      Label("Time format");
      static const TimeFormat kFormats[] = {TimeFormat::kAuto, TimeFormat::kIso8601, TimeFormat::kEpochSeconds,
                                            TimeFormat::kEpochMillis, TimeFormat::kMdy, TimeFormat::kDmy};
      static const char* const kFormatLabels[] = {"automatic", "ISO 8601", "epoch seconds", "epoch milliseconds",
                                                  "M/D/YYYY (US)", "D/M/YYYY"};
      int current = 0;
      for (int i = 0; i < 6; ++i)
        if (kFormats[i] == m.data.time_format) current = i;
      ImGui::SetNextItemWidth(-1);
      if (ImGui::Combo("##time-format", &current, kFormatLabels, 6)) {
        m.data.time_format = kFormats[current];
        changed = true;
      }
      DrawFieldErrors("data.time_format");
    }
    Label("Delimiter");
    int current = 0;
    for (size_t i = 0; i < kCsvDelimiterCount; ++i)
      if (kCsvDelimiters[i].delimiter == m.data.delimiter) current = static_cast<int>(i);
    ImGui::SetNextItemWidth(-1);
    auto label = [](void*, int i) { return kCsvDelimiters[i].label; };
    if (ImGui::Combo("##delimiter", &current, label, nullptr, static_cast<int>(kCsvDelimiterCount))) {
      m.data.delimiter = kCsvDelimiters[current].delimiter;
      changed = true;
    }
    DrawFieldErrors("data.delimiter");
    ImGui::TreePop();
  }
  if (changed) AfterModelEdit();
}

void App::DrawPreview() {
  if (!flow_.file().profiled || flow_.file().profile.columns.empty()) return;
  const CsvProfile& p = flow_.file().profile;
  ui::SectionTitle("First rows");
  ui::Muted("As read from the file. Highlighted: the columns the score uses.");
  const ScoreModel& m = flow_.model().edit();
  auto role_color = [&](const std::string& name) -> ImU32 {
    if (name == m.data.customer) return IM_COL32(88, 148, 240, 70);
    if (name == m.data.time || name == m.data.event) return IM_COL32(160, 110, 230, 70);
    if (name == m.data.segment) return IM_COL32(240, 170, 70, 70);
    for (const Activity& a : m.activities)
      if (a.column == name) return IM_COL32(76, 175, 125, 70);
    return 0;
  };
  const int columns = static_cast<int>(std::min<size_t>(p.columns.size(), 200));
  const float height = std::max(180.0f, ImGui::GetContentRegionAvail().y);
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                     ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuter |
                                     ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("preview", columns, kFlags, ImVec2(0, std::min(height, 330.0f)))) return;
  for (int i = 0; i < columns; ++i) ImGui::TableSetupColumn(p.columns[static_cast<size_t>(i)].name.c_str(), 0, 0);
  ImGui::TableSetupScrollFreeze(0, 2);
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int i = 0; i < columns; ++i) {
    ImGui::TableSetColumnIndex(i);
    if (ImU32 color = role_color(p.columns[static_cast<size_t>(i)].name)) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, color);
    ImGui::TableHeader(p.columns[static_cast<size_t>(i)].name.c_str());
  }
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int i = 0; i < columns; ++i) {
    ImGui::TableSetColumnIndex(i);
    if (ImU32 color = role_color(p.columns[static_cast<size_t>(i)].name)) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, color);
    ImGui::TextDisabled("%s", p.columns[static_cast<size_t>(i)].TypeName().c_str());
  }
  for (const std::vector<std::string>& row : p.preview) {
    ImGui::TableNextRow();
    for (int i = 0; i < columns; ++i) {
      ImGui::TableSetColumnIndex(i);
      if (static_cast<size_t>(i) >= row.size()) continue;
      const std::string& cell = row[static_cast<size_t>(i)];
      // Long cells are cut: a preview, not a viewer.
      ImGui::TextUnformatted(ui::Clip(cell, 48).c_str());
    }
  }
  ImGui::EndTable();
}

void App::DrawFieldErrors(const std::string& path, bool nested) {
  // In words and from 1 for people; the CLI and the API keep the contract's paths.
  for (const ModelError* e : flow_.model().ErrorsAt(path, nested)) ui::ErrorLine(ErrorForPeople(*e, flow_.model().edit()));
}

}  // namespace ces::app
