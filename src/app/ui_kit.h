// The app's look and its small shared widgets: style and palette, number and
// byte formatting, tier colours, section titles, help markers, error lines.
// Panels use these so every screen speaks the same visual language.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/model.h"

namespace ces::app::ui {

// [SECTION] Palette
inline constexpr ImU32 kAccent = IM_COL32(88, 148, 240, 255);       // primary actions, selection
inline constexpr ImU32 kPositive = IM_COL32(76, 175, 125, 255);     // points that add
inline constexpr ImU32 kNegative = IM_COL32(230, 96, 88, 255);      // points that subtract
inline constexpr ImU32 kGrid = IM_COL32(255, 255, 255, 28);
inline constexpr ImU32 kPanelBg = IM_COL32(30, 33, 39, 255);
inline const ImVec4 kTextMuted{0.62f, 0.65f, 0.70f, 1.0f};
inline const ImVec4 kTextWarning{0.96f, 0.76f, 0.32f, 1.0f};
inline const ImVec4 kTextError{1.00f, 0.50f, 0.45f, 1.0f};
inline const ImVec4 kTextGood{0.50f, 0.82f, 0.55f, 1.0f};

void ApplyStyle();

// [SECTION] Fonts (loaded by the platform in the order of FontRole; see app.h)
ImFont* HeadingFont();
ImFont* FigureFont();

// [SECTION] Formatting
std::string Count(uint64_t n);                 // 1234567 -> "1,234,567"
std::string Bytes(double bytes);               // "214.3 MB"
std::string Number(double x, int max_decimals = 2);  // short, trailing zeros removed, 1,234.5; never "-0"
std::string Percent(double fraction);          // "12.5%"
std::string Clip(std::string_view text, size_t max_bytes);  // cut at a UTF-8 boundary, with "…"

// [SECTION] Tier colours
// The tier's own colour ("#rrggbb"), else one from a red-to-green ramp by position.
ImU32 TierColor(const std::vector<Tier>& tiers, size_t index);
ImU32 TierColorOr(const std::vector<Tier>& tiers, int index, ImU32 no_tier);
bool ParseHexColor(std::string_view hex, float rgb[3]);
std::string HexColor(const float rgb[3]);
ImU32 WithAlpha(ImU32 color, float alpha);

// [SECTION] Widgets
void SectionTitle(const char* text);           // heading font, with spacing above
void FieldLabel(const char* text, float width);  // a label on the frame's line; the field starts at `width`
void Muted(const char* fmt, ...) IM_FMTARGS(1);
void HelpMarker(const char* text);             // a (?) that explains on hover
void ErrorLine(const std::string& text);       // red wrapped text
void WarningLine(const std::string& text);     // amber wrapped text
bool PrimaryButton(const char* label, const ImVec2& size = ImVec2(0, 0));
bool SmallIconButton(const char* label, const char* tooltip);  // tight button with a hover hint
void ColorSwatch(ImU32 color, float size);     // a filled rounded square on the text line
// A stacked horizontal bar of `counts` in tier colours, `height` high and the available width.
void TierMixBar(const std::vector<Tier>& tiers, const std::vector<uint64_t>& counts, float width, float height);

}  // namespace ces::app::ui
