// Right pane before there are scores: the welcome screen with the examples, the
// loading screen (progress, rows per second, Cancel), and what to do after a
// failure or a cancel.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>

#include "app/app.h"
#include "app/core/examples.h"
#include "app/core/field_words.h"
#include "app/core/platform_services.h"
#include "app/ui_kit.h"

namespace ces::app {

void App::DrawWelcome() {
  const float width = ImGui::GetContentRegionAvail().x;
  const float column = std::min(width - 40.0f, 720.0f);
  const float indent = std::max(20.0f, (width - column) * 0.5f);
  ImGui::SetCursorPos(ImVec2(indent, std::max(ImGui::GetCursorPosY(), 36.0f)));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + column);

  if (flow_.status() == Status::kFailed && !flow_.UndoneStarterNote().empty()) {
    DrawUndoneStarter();  // [panel_trust.cpp]
  } else if (flow_.status() == Status::kFailed) {
    ImGui::PushFont(ui::FigureFont());
    ImGui::TextUnformatted("This file could not be scored");
    ImGui::PopFont();
    ImGui::Spacing();
    if (!flow_.failure().empty()) ui::ErrorLine(flow_.failure());
    if (flow_.shown())
      for (const std::string& e : flow_.shown()->errors()) ui::ErrorLine(SessionErrorForPeople(e, flow_.shown()->model()));
    ImGui::Spacing();
    ui::Muted("The Data tab on the left shows the file's columns: pick the ones the score should use, "
              "or start a new score from them.");
    ImGui::Spacing();
    if (flow_.file().profiled && ui::PrimaryButton("Start a score from this file's columns")) flow_.StartFromFileColumns();
    Mark("use-starter");
    ImGui::SameLine();
    if (ImGui::Button("Open another file\u2026")) platform_.RequestOpenFile();
  } else if (flow_.status() == Status::kCancelled) {
    ImGui::PushFont(ui::FigureFont());
    ImGui::TextUnformatted("Reading was cancelled");
    ImGui::PopFont();
    ImGui::Spacing();
    ui::Muted("%s was not read to the end, so there are no scores yet.", flow_.file().name.c_str());
    ImGui::Spacing();
    if (ui::PrimaryButton("Read it again")) flow_.ReadAgain();
    ImGui::SameLine();
    if (ImGui::Button("Open another file\u2026")) platform_.RequestOpenFile();
  } else {
    ImGui::PushFont(ui::FigureFont());
    ImGui::TextUnformatted("Score every customer by engagement");
    ImGui::PopFont();
    ImGui::Spacing();
    ImGui::TextWrapped("Open a CSV export from your analytics, CRM, e-mail or shop tool. CES ranks every "
                       "customer by the activities you choose, and shows why each one scored what they did.");
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kTextGood);
    ImGui::TextWrapped("Private by design: the file is read inside this browser tab. Nothing is uploaded, "
                       "and the page cannot send anything anywhere.");
    ImGui::PopStyleColor();
    ImGui::Spacing();
    ImGui::Spacing();
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(18, 10));
    if (ui::PrimaryButton("Open CSV\u2026")) platform_.RequestOpenFile();
    Mark("welcome-open");
    ImGui::PopStyleVar();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("  or drop a file anywhere on this page");

    if (BundledExampleCount() > 0) {
      ImGui::Spacing();
      ImGui::Spacing();
      ui::SectionTitle("Or try an example");
      ui::Muted("Realistic exports with a ready-made score. One click loads both.");
      ImGui::Spacing();
      const int per_row = column > 560 ? 2 : 1;
      const float card_width = (column - static_cast<float>(per_row - 1) * 12.0f) / static_cast<float>(per_row);
      for (size_t i = 0; i < BundledExampleCount(); ++i) {
        const BundledExample& e = BundledExamples()[i];
        if (i % static_cast<size_t>(per_row) != 0) ImGui::SameLine(0, 12);
        ImGui::PushID(static_cast<int>(i));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float height = 84.0f;
        if (ImGui::InvisibleButton("example", ImVec2(card_width, height))) LoadExample(i);
        Mark(("welcome-example-" + std::string(e.id)).c_str());
        // The keyboard's focus (Tab, arrows) shows as the pointer's hover does, with a thicker
        // edge: an invisible button draws no focus frame of its own.
        const bool focused = ImGui::IsItemFocused();
        const bool hovered = ImGui::IsItemHovered() || focused;
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled(p, ImVec2(p.x + card_width, p.y + height),
                            hovered ? IM_COL32(52, 62, 80, 255) : IM_COL32(38, 43, 52, 255), 8.0f);
        draw->AddRect(p, ImVec2(p.x + card_width, p.y + height),
                      hovered ? ui::kAccent : IM_COL32(255, 255, 255, 20), 8.0f, 0, focused ? 2.5f : 1.0f);
        const float pad = 14.0f;
        draw->PushClipRect(p, ImVec2(p.x + card_width - pad * 0.5f, p.y + height), true);  // a long description stays inside
        // Fonts are rasterised at the pixel ratio and drawn scaled back (FontGlobalScale).
        draw->AddText(ui::HeadingFont(), ui::HeadingFont()->FontSize * ImGui::GetIO().FontGlobalScale, ImVec2(p.x + pad, p.y + 10),
                      IM_COL32(235, 238, 243, 255), e.title.data(), e.title.data() + e.title.size());
        const std::string line1 = ui::Clip(e.description, 70);
        draw->AddText(ImVec2(p.x + pad, p.y + 38), IM_COL32(170, 176, 186, 255), line1.c_str());
        const std::string line2 = std::string(e.id) + ".csv  \u00b7  " + ui::Bytes(static_cast<double>(e.data_bytes)) +
                                  "  \u00b7  " + ui::Count(e.data_rows) + " rows";
        draw->AddText(ImVec2(p.x + pad, p.y + 58), IM_COL32(130, 136, 146, 255), line2.c_str());
        draw->PopClipRect();
        ImGui::PopID();
      }
    }

    ImGui::Spacing();
    ImGui::Spacing();
    ui::SectionTitle("How it works");
    ui::Muted("1.  Open a file: CES guesses which columns hold the customer, the time and the event.");
    ui::Muted("2.  Shape the score under Score: which activities count and how much. Results update as you type.");
    ui::Muted("3.  Download the scores as CSV, or save the score definition and share it as a link.");
  }
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

void App::DrawLoading(bool compact) {
  const ReadJob* job = flow_.job();
  const double fraction = job ? job->fraction() : 0.0;
  const uint64_t bytes = job ? job->bytes : 0, total = job ? job->total : flow_.file().size;
  const int64_t rows = job ? job->rows() : 0;
  const double seconds = job ? job->seconds() : 0.0;
  char overlay[32];
  std::snprintf(overlay, sizeof overlay, "%.0f%%", fraction * 100.0);
  const std::string detail = ui::Bytes(static_cast<double>(bytes)) + " of " + ui::Bytes(static_cast<double>(total)) +
                             "   \u00b7   " + ui::Count(static_cast<uint64_t>(rows)) + " rows   \u00b7   " +
                             ui::Count(static_cast<uint64_t>(seconds > 0.05 ? static_cast<double>(rows) / seconds : 0)) +
                             " rows/s   \u00b7   " + ui::Number(seconds, 1) + " s";

  if (compact) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Reading the file again for the new columns\u2026");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 90);
    ImGui::ProgressBar(static_cast<float>(fraction), ImVec2(ImGui::GetContentRegionAvail().x - 90, 0), overlay);
    Mark("progress-bar");
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(-1, 0))) flow_.CancelRead();
    Mark("cancel");
    return;
  }

  const float width = ImGui::GetContentRegionAvail().x;
  const float column = std::min(width - 40.0f, 640.0f);
  ImGui::SetCursorPos(ImVec2(std::max(20.0f, (width - column) * 0.5f), std::max(ImGui::GetCursorPosY(), ImGui::GetContentRegionAvail().y * 0.28f)));
  ImGui::BeginGroup();
  ImGui::PushFont(ui::FigureFont());
  const bool all_read = job && job->total > 0 && job->bytes >= job->total;
  ImGui::TextUnformatted(all_read ? "Scoring" : job && job->kind == ReadJob::Kind::kReread ? "Reading the file again" : "Reading");
  ImGui::PopFont();
  ImGui::PushFont(ui::HeadingFont());
  ImGui::TextUnformatted(flow_.file().name.c_str());
  ImGui::PopFont();
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::ColorConvertU32ToFloat4(ui::kAccent));
  ImGui::ProgressBar(static_cast<float>(fraction), ImVec2(column, 26), overlay);
  ImGui::PopStyleColor();
  Mark("progress-bar");
  ImGui::TextDisabled("%s", detail.c_str());
  if (all_read) {
    ImGui::TextColored(ImVec4(0.62f, 0.78f, 1.0f, 1.0f), "Read. Scoring %s customers\u2026",
                       ui::Count(job->session ? job->session->dataset().customer_count() : 0).c_str());
  }
  ImGui::Spacing();
  if (ImGui::Button("Cancel", ImVec2(110, 0))) flow_.CancelRead();
  Mark("cancel");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("(Esc)");
  ImGui::Spacing();
  ui::Muted("The file is read in this tab, in slices, and never uploaded.");
  ImGui::EndGroup();
}

}  // namespace ces::app
