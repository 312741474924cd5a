#include "app/app.h"

#include <imgui.h>

#include <cfloat>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/platform_services.h"

namespace ces::app {
namespace {

// The toolbar geometry is fixed: buttons of this width, WindowPadding 12, ItemSpacing.x 8,
// FramePadding.y 6. The browser tests click the buttons by position.
constexpr float kToolbarButtonWidth = 160.0f;

const ImVec4 kColorDone{0.45f, 0.80f, 0.45f, 1.0f};
const ImVec4 kColorWarning{0.95f, 0.75f, 0.30f, 1.0f};
const ImVec4 kColorError{1.00f, 0.45f, 0.40f, 1.0f};

std::string FormatBytes(double bytes) {
  static const char* const kUnits[] = {"bytes", "kB", "MB", "GB", "TB"};
  int unit = 0;
  while (bytes >= 1000.0 && unit < 4) {
    bytes /= 1000.0;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, kUnits[unit]);
  return text;
}

std::string FormatCount(std::uint64_t n) {  // 1234567 -> "1,234,567"
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return digits;
}

void ApplyStyle() {
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowPadding = ImVec2(12.0f, 12.0f);
  style.FramePadding = ImVec2(10.0f, 6.0f);
  style.ItemSpacing = ImVec2(8.0f, 8.0f);
  style.WindowBorderSize = 0.0f;
  style.FrameRounding = 4.0f;
  style.GrabRounding = 4.0f;
}

}  // namespace

App::App(PlatformServices& platform) : platform_(platform) { ApplyStyle(); }

void App::OnFileBegin(std::string_view name, std::uint64_t size) { import_.Begin(name, size); }

bool App::OnFileChunk(const std::uint8_t* data, std::size_t size) { return import_.Feed(data, size); }

void App::OnFileEnd() { import_.Finish(); }

void App::OnFileError(std::string_view message) { import_.Fail(message); }

void App::Frame() {
  if (import_.reading() && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) import_.RequestCancel();

  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                      ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("CES", nullptr, kFlags);
  DrawToolbar();
  ImGui::Separator();
  DrawImport();
  ImGui::End();
}

void App::DrawToolbar() {
  const bool busy = import_.reading();
  ImGui::BeginDisabled(busy);
  if (ImGui::Button("Open CSV\u2026", ImVec2(kToolbarButtonWidth, 0.0f))) platform_.RequestOpenFile();
  ImGui::EndDisabled();

  ImGui::SameLine();
  ImGui::BeginDisabled(busy || import_.status() == FileImport::Status::Idle);
  if (ImGui::Button("Copy summary", ImVec2(kToolbarButtonWidth, 0.0f))) {
    platform_.CopyToClipboard(SummaryJson());
  }
  ImGui::SameLine();
  if (ImGui::Button("Download summary", ImVec2(kToolbarButtonWidth, 0.0f))) {
    platform_.OfferDownload("ces-summary.json", "application/json", SummaryJson());
  }
  ImGui::EndDisabled();

  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("or drop a CSV file anywhere on the page");
}

void App::DrawImport() {
  if (import_.status() == FileImport::Status::Idle) {
    ImGui::TextWrapped("Open a CSV export of customer activity to begin. "
                       "The file is read in this browser tab and never uploaded.");
  } else {
    ImGui::TextUnformatted(import_.name().c_str());

    const std::uint64_t total = import_.totalBytes();
    const float fraction = total > 0 ? static_cast<float>(double(import_.bytesRead()) / double(total))
                                     : (import_.status() == FileImport::Status::Done ? 1.0f : 0.0f);
    const std::string overlay = FormatBytes(double(import_.bytesRead())) + " of " + FormatBytes(double(total));
    ImGui::ProgressBar(fraction, ImVec2(-FLT_MIN, 0.0f), overlay.c_str());

    ImGui::Text("%s lines  \u00b7  %s/s  \u00b7  %.2f s", FormatCount(import_.lines()).c_str(),
                FormatBytes(import_.BytesPerSecond()).c_str(), import_.ElapsedSeconds());

    switch (import_.status()) {
      case FileImport::Status::Reading:
        if (ImGui::Button("Cancel")) import_.RequestCancel();
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("(Esc)");
        break;
      case FileImport::Status::Done:
        ImGui::TextColored(kColorDone, "Read completely.");
        break;
      case FileImport::Status::Cancelled:
        ImGui::TextColored(kColorWarning, "Cancelled.");
        break;
      case FileImport::Status::Failed:
        ImGui::PushStyleColor(ImGuiCol_Text, kColorError);
        ImGui::TextWrapped("%s", import_.error().c_str());
        ImGui::PopStyleColor();
        break;
      case FileImport::Status::Idle:
        break;
    }
  }
  ImGui::Spacing();
  ImGui::TextDisabled("Placeholder UI: the scoring engine is not connected yet.");
}

std::string App::SummaryJson() const {
  nlohmann::json summary = {
      {"status", ToString(import_.status())},
      {"file", import_.name()},
      {"size", import_.totalBytes()},
      {"bytes", import_.bytesRead()},
      {"lines", import_.lines()},
      {"elapsedMs", import_.ElapsedSeconds() * 1000.0},
  };
  if (!import_.error().empty()) summary["error"] = import_.error();
  // A file name need not be valid UTF-8: replace bad bytes instead of throwing.
  return summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ces::app
