#include "app/ui_kit.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>

#include "app/app.h"
#include "engine/base/number_format.h"

namespace ces::app::ui {

void ApplyStyle() {
  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowPadding = ImVec2(14, 12);
  s.FramePadding = ImVec2(9, 5);
  s.CellPadding = ImVec2(8, 4);
  s.ItemSpacing = ImVec2(8, 7);
  s.ItemInnerSpacing = ImVec2(6, 6);
  s.IndentSpacing = 16;
  s.ScrollbarSize = 13;
  s.GrabMinSize = 12;
  s.WindowBorderSize = 0;
  s.ChildBorderSize = 1;
  s.PopupBorderSize = 1;
  s.FrameRounding = 5;
  s.ChildRounding = 6;
  s.PopupRounding = 6;
  s.GrabRounding = 4;
  s.TabRounding = 5;
  s.ScrollbarRounding = 6;
  s.SeparatorTextBorderSize = 1;

  ImVec4* c = s.Colors;
  const ImVec4 bg{0.090f, 0.098f, 0.118f, 1.0f};
  const ImVec4 panel{0.118f, 0.129f, 0.153f, 1.0f};
  const ImVec4 frame{0.165f, 0.180f, 0.212f, 1.0f};
  const ImVec4 accent{0.345f, 0.580f, 0.941f, 1.0f};
  c[ImGuiCol_Text] = ImVec4(0.91f, 0.92f, 0.94f, 1.0f);
  c[ImGuiCol_TextDisabled] = kTextMuted;
  c[ImGuiCol_WindowBg] = bg;
  c[ImGuiCol_ChildBg] = panel;
  c[ImGuiCol_PopupBg] = ImVec4(0.13f, 0.14f, 0.17f, 0.98f);
  c[ImGuiCol_Border] = ImVec4(1, 1, 1, 0.08f);
  c[ImGuiCol_FrameBg] = frame;
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.21f, 0.23f, 0.27f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.24f, 0.27f, 0.32f, 1.0f);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.22f, 0.26f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.29f, 0.34f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.30f, 0.34f, 0.40f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(accent.x, accent.y, accent.z, 0.22f);
  c[ImGuiCol_HeaderHovered] = ImVec4(accent.x, accent.y, accent.z, 0.32f);
  c[ImGuiCol_HeaderActive] = ImVec4(accent.x, accent.y, accent.z, 0.42f);
  c[ImGuiCol_CheckMark] = accent;
  c[ImGuiCol_SliderGrab] = accent;
  c[ImGuiCol_SliderGrabActive] = ImVec4(0.50f, 0.70f, 1.0f, 1.0f);
  c[ImGuiCol_Tab] = panel;
  c[ImGuiCol_TabHovered] = ImVec4(accent.x, accent.y, accent.z, 0.45f);
  c[ImGuiCol_TabActive] = ImVec4(0.20f, 0.26f, 0.36f, 1.0f);
  c[ImGuiCol_TabUnfocused] = panel;
  c[ImGuiCol_TabUnfocusedActive] = ImVec4(0.20f, 0.26f, 0.36f, 1.0f);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.15f, 0.165f, 0.195f, 1.0f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.025f);
  c[ImGuiCol_TableBorderLight] = ImVec4(1, 1, 1, 0.06f);
  c[ImGuiCol_TableBorderStrong] = ImVec4(1, 1, 1, 0.10f);
  c[ImGuiCol_Separator] = ImVec4(1, 1, 1, 0.09f);
  c[ImGuiCol_PlotHistogram] = accent;
  c[ImGuiCol_TitleBgActive] = panel;
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.55f);
}

ImFont* FontAt(FontRole role) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  const int i = static_cast<int>(role);
  return i < atlas->Fonts.Size ? atlas->Fonts[i] : ImGui::GetFont();
}

ImFont* HeadingFont() { return FontAt(FontRole::kHeading); }
ImFont* FigureFont() { return FontAt(FontRole::kFigure); }

std::string Count(uint64_t n) { return FormatThousands(static_cast<int64_t>(std::min<uint64_t>(n, INT64_MAX))); }

std::string Bytes(double bytes) {
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

std::string Number(double x, int max_decimals) {
  if (!std::isfinite(x)) return "–";
  char text[64];
  // Numbers from 1,000 up get thousands separators, as counts do; from 100,000 up no decimals.
  if (std::fabs(x) >= 1e15) return FormatThousands(x < 0 ? INT64_MIN + 1 : INT64_MAX);  // beyond exact integers
  if (std::fabs(x) >= 100000) return FormatThousands(std::llround(x));
  std::snprintf(text, sizeof text, "%.*f", max_decimals, x);
  std::string s = text;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  const size_t sign = s[0] == '-' ? 1 : 0;
  const size_t point = std::min(s.find('.'), s.size());
  if (point - sign > 3) s = FormatThousands(std::stoll(s.substr(0, point))) + s.substr(point);
  return s;
}

std::string Percent(double fraction) {
  char text[32];
  const double p = fraction * 100.0;
  if (p == 0 || p == 100) return p == 0 ? "0%" : "100%";
  std::snprintf(text, sizeof text, p < 0.1 ? "<0.1%%" : (p < 10 ? "%.1f%%" : "%.0f%%"), p);
  return text;
}

std::string Clip(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not inside a character
  return std::string(text.substr(0, end)) + "\u2026";
}

bool ParseHexColor(std::string_view hex, float rgb[3]) {
  if (hex.size() != 7 || hex[0] != '#') return false;
  for (int i = 0; i < 3; ++i) {
    int v = 0;
    for (int k = 0; k < 2; ++k) {
      const char ch = hex[static_cast<size_t>(1 + 2 * i + k)];
      int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
      if (d < 0) return false;
      v = v * 16 + d;
    }
    rgb[i] = static_cast<float>(v) / 255.0f;
  }
  return true;
}

std::string HexColor(const float rgb[3]) {
  char text[8];
  auto byte = [](float f) { return static_cast<int>(std::lround(std::clamp(f, 0.0f, 1.0f) * 255.0f)); };
  std::snprintf(text, sizeof text, "#%02x%02x%02x", byte(rgb[0]), byte(rgb[1]), byte(rgb[2]));
  return text;
}

ImU32 TierColor(const std::vector<Tier>& tiers, size_t index) {
  float rgb[3];
  if (index < tiers.size() && ParseHexColor(tiers[index].color, rgb))
    return ImGui::ColorConvertFloat4ToU32(ImVec4(rgb[0], rgb[1], rgb[2], 1.0f));
  // Low tiers red, middle amber, high green: the order of the list is the order of the scores.
  static const float kRamp[3][3] = {{0.85f, 0.33f, 0.31f}, {0.94f, 0.68f, 0.31f}, {0.36f, 0.72f, 0.36f}};
  const float t = tiers.size() > 1 ? static_cast<float>(index) / static_cast<float>(tiers.size() - 1) : 1.0f;
  const int k = t < 0.5f ? 0 : 1;
  const float f = t < 0.5f ? t * 2 : (t - 0.5f) * 2;
  for (int c = 0; c < 3; ++c) rgb[c] = kRamp[k][c] + (kRamp[k + 1][c] - kRamp[k][c]) * f;
  return ImGui::ColorConvertFloat4ToU32(ImVec4(rgb[0], rgb[1], rgb[2], 1.0f));
}

ImU32 TierColorOr(const std::vector<Tier>& tiers, int index, ImU32 no_tier) {
  return index >= 0 ? TierColor(tiers, static_cast<size_t>(index)) : no_tier;
}

ImU32 WithAlpha(ImU32 color, float alpha) {
  const ImU32 a = static_cast<ImU32>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f);
  return (color & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

void FieldLabel(const char* text, float width) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  ImGui::SameLine(width);
}

void SectionTitle(const char* text) {
  ImGui::Spacing();
  ImGui::PushFont(HeadingFont());
  ImGui::TextUnformatted(text);
  ImGui::PopFont();
}

void Muted(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  ImGui::PushStyleColor(ImGuiCol_Text, kTextMuted);
  ImGui::TextWrappedV(fmt, args);
  ImGui::PopStyleColor();
  va_end(args);
}

void HelpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::BeginItemTooltip()) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void ErrorLine(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, kTextError);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void WarningLine(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, kTextWarning);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

bool PrimaryButton(const char* label, const ImVec2& size) {
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.27f, 0.47f, 0.82f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.33f, 0.54f, 0.90f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.22f, 0.40f, 0.72f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  const bool pressed = ImGui::Button(label, size);
  ImGui::PopStyleColor(4);
  return pressed;
}

bool SmallIconButton(const char* label, const char* tooltip) {
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6, ImGui::GetStyle().FramePadding.y));
  const bool pressed = ImGui::Button(label);
  ImGui::PopStyleVar();
  if (tooltip) ImGui::SetItemTooltip("%s", tooltip);
  return pressed;
}

void ColorSwatch(ImU32 color, float size) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float y = p.y + (ImGui::GetTextLineHeight() - size) * 0.5f;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + size, y + size), color, 3.0f);
  ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
}

void TierMixBar(const std::vector<Tier>& tiers, const std::vector<uint64_t>& counts, float width, float height) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  uint64_t total = 0;
  for (uint64_t n : counts) total += n;
  draw->AddRectFilled(p, ImVec2(p.x + width, p.y + height), IM_COL32(255, 255, 255, 18), 3.0f);
  if (total > 0) {
    float x = p.x;
    for (size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] == 0) continue;
      const float w = width * static_cast<float>(static_cast<double>(counts[i]) / static_cast<double>(total));
      draw->AddRectFilled(ImVec2(x, p.y), ImVec2(x + w, p.y + height), TierColor(tiers, i));
      x += w;
    }
  }
  ImGui::Dummy(ImVec2(width, height));
}

}  // namespace ces::app::ui
