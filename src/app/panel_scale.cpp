// Left pane, "Scale & tiers" tab: the time window (events), how raw points become
// a 0-100 score, and the named tiers customers fall into.
#include <imgui.h>
#include <imgui_internal.h>  // GetActiveID
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "app/app.h"
#include "app/core/field_words.h"
#include "app/ui_kit.h"
#include "engine/csv/value_parse.h"

namespace ces::app {

namespace {

constexpr float kLabel = 120.0f;

void Label(const char* text) { ui::FieldLabel(text, kLabel); }

struct ScaleOption {
  ScaleMethod method;
  const char* label;
  const char* help;
};
const ScaleOption kScales[] = {
    {ScaleMethod::kPercentile, "Rank (percentile)", "Score = share of customers with a lower raw score. 80 means ahead of 80% of customers. Tiers then split customers by rank."},
    {ScaleMethod::kMinMax, "Stretch (min\u2013max)", "The lowest raw score becomes 0, the highest 100, the rest in between in proportion."},
    {ScaleMethod::kTarget, "Against a target", "Raw score \u00f7 target \u00d7 100, capped at 0 and 100. The target is what a fully engaged customer reaches."},
    {ScaleMethod::kRaw, "Raw points", "No scaling: the score is the sum of points itself."},
};

}  // namespace

void App::DrawScaleTab() {
  ScoreModel& m = flow_.model().edit();
  bool changed = false;
  const ScoreSession* scored = Scored();

  if (m.data.shape == Shape::kEvents) {
    ui::SectionTitle("Time window");
    ui::Muted("Only events in the window count (days since the last event looks at all of them).");
    Label("Window");
    int days = m.window.days;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 92);
    if (ImGui::SliderInt("##window-slider", &days, 7, 730, "%d days", ImGuiSliderFlags_Logarithmic)) {
      m.window.days = days;
      changed = true;
    }
    Mark("window-slider");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputInt("##window-days", &days, 0, 0)) {
      m.window.days = days;
      changed = true;
    }
    DrawFieldErrors("window.days");

    Label("Ends on");
    bool automatic = !m.window.as_of.has_value();
    const std::optional<int32_t> latest = scored ? scored->dataset().max_day : std::nullopt;
    if (ImGui::Checkbox("the latest date in the file", &automatic)) {
      if (automatic) m.window.as_of.reset();
      else m.window.as_of = latest.value_or(DaysFromCivil(2024, 12, 31));
      changed = true;
    }
    if (automatic && latest) {
      ImGui::SameLine();
      ImGui::TextDisabled("(%s)", FormatDate(*latest).c_str());
    }
    if (!automatic) {
      ImGui::SetCursorPosX(kLabel);
      // Typed dates apply once complete and valid; the field keeps what is typed meanwhile.
      static std::string typing;
      static int32_t typing_for = INT32_MIN;
      if (typing_for != *m.window.as_of && ImGui::GetActiveID() != ImGui::GetID("##as-of")) {
        typing = FormatDate(*m.window.as_of);
        typing_for = *m.window.as_of;
      }
      ImGui::SetNextItemWidth(130);
      if (ImGui::InputTextWithHint("##as-of", "YYYY-MM-DD", &typing, ImGuiInputTextFlags_CharsNoBlank)) {
        int32_t day = 0;
        if (ParseIsoDate(typing, &day)) {
          m.window.as_of = day;
          typing_for = day;
          changed = true;
        }
      }
      int32_t day = *m.window.as_of;
      ImGui::SameLine();
      if (ui::SmallIconButton("\u2212 1 day", nullptr)) --day;
      ImGui::SameLine();
      if (ui::SmallIconButton("+ 1 day", nullptr)) ++day;
      if (day != *m.window.as_of) {
        m.window.as_of = day;
        changed = true;
      }
      int32_t parsed = 0;
      if (!typing.empty() && !ParseIsoDate(typing, &parsed)) ui::ErrorLine("Type a date as YYYY-MM-DD.");
    }
    DrawFieldErrors("window.as_of");
    DrawFieldErrors("window");
  }

  ui::SectionTitle("Scale");
  ui::Muted("How the raw points become the score.");
  for (const ScaleOption& option : kScales) {
    if (ImGui::RadioButton(option.label, m.scale.method == option.method)) {
      m.scale.method = option.method;
      if (option.method == ScaleMethod::kTarget && !(m.scale.target > 0)) {
        // A first target most customers stay under: the 90th percentile of raw scores.
        double target = 100;
        if (scored && scored->table().customers > 0) {
          std::vector<double> raw = scored->table().raw;
          auto nth = raw.begin() + static_cast<long>(raw.size() * 9 / 10);
          std::nth_element(raw.begin(), nth, raw.end());
          if (*nth > 0) target = std::ceil(*nth);
        }
        m.scale.target = target;
      }
      changed = true;
    }
    Mark((std::string("scale-") + ScaleMethodName(option.method)).c_str());
    ImGui::SetItemTooltip("%s", option.help);
  }
  for (const ScaleOption& option : kScales)
    if (option.method == m.scale.method) ui::Muted("%s", option.help);
  if (m.scale.method == ScaleMethod::kTarget) {
    Label("Target");
    ImGui::SetNextItemWidth(140);
    changed |= ImGui::InputDouble("##target", &m.scale.target, 0.0, 0.0, "%.6g");
    ImGui::SameLine();
    ImGui::TextDisabled("raw points = 100");
  }
  if (changed) AfterModelEdit();
  changed = false;
  DrawSegmentScaling();
  DrawFieldErrors("scale", true);

  DrawTiers();
}

void App::DrawTiers() {
  ScoreModel& m = flow_.model().edit();
  bool changed = false;
  ui::SectionTitle("Tiers");
  ui::Muted("Named bands of the score, lowest first. A customer is in the first tier whose bound is above their score.");
  DrawFieldErrors("tiers");
  const ScoreSession* scored = Scored();
  const bool counts_match = scored && scored->model().tiers.size() == m.tiers.size();
  uint64_t total = 0;
  if (counts_match)
    for (uint64_t n : scored->table().tier_counts) total += n;

  int remove = -1, move_up = -1;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_PadOuterX;
  if (ImGui::BeginTable("tiers", 5, kFlags)) {
    ImGui::TableSetupColumn("colour", ImGuiTableColumnFlags_WidthFixed, 26);
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("bound", ImGuiTableColumnFlags_WidthFixed, 118);
    ImGui::TableSetupColumn("count", ImGuiTableColumnFlags_WidthFixed, 62);
    ImGui::TableSetupColumn("actions", ImGuiTableColumnFlags_WidthFixed, 48);
    for (size_t i = 0; i < m.tiers.size(); ++i) {
      Tier& tier = m.tiers[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImVec4 color = ImGui::ColorConvertU32ToFloat4(ui::TierColor(m.tiers, i));
      if (ImGui::ColorEdit3("##color", &color.x, ImGuiColorEditFlags_NoInputs | ImGuiColorEditFlags_NoLabel)) {
        tier.color = ui::HexColor(&color.x);
        changed = true;
      }
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      changed |= ImGui::InputTextWithHint("##name", "Tier name", &tier.name);
      ImGui::TableNextColumn();
      const bool last = i + 1 == m.tiers.size();
      if (last) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled(m.tiers.size() == 1 ? "everyone" : "the rest");
        if (tier.below) {  // a bound on the last tier is an error the engine names; let it be removed
          ImGui::SameLine();
          if (ui::SmallIconButton("clear", "The last tier takes every score above the others: it has no bound.")) {
            tier.below.reset();
            changed = true;
          }
        }
      } else {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("below");
        ImGui::SameLine();
        double below = tier.below.value_or(0.0);
        ImGui::SetNextItemWidth(-1);
        // The field at fault is outlined in red, beside the message under the table.
        const bool at_fault = !flow_.model().ErrorsAt("tiers[" + std::to_string(i) + "].below").empty();
        if (at_fault) {
          ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.5f);
          ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(1.0f, 0.42f, 0.38f, 1.0f));
        }
        if (ImGui::InputDouble("##below", &below, 0.0, 0.0, "%.6g")) {
          tier.below = below;
          changed = true;
        }
        if (at_fault) {
          ImGui::PopStyleColor();
          ImGui::PopStyleVar();
        }
        Mark(("tier-below-" + std::to_string(i)).c_str());
      }
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      if (counts_match && i < scored->table().tier_counts.size() && total > 0)
        ImGui::TextDisabled("%s", ui::Percent(static_cast<double>(scored->table().tier_counts[i]) / static_cast<double>(total)).c_str());
      ImGui::TableNextColumn();
      ImGui::BeginDisabled(i == 0);
      if (ui::SmallIconButton("\u2191", "Move up")) move_up = static_cast<int>(i);
      ImGui::EndDisabled();
      ImGui::SameLine(0, 2);
      if (ui::SmallIconButton("\u00d7", "Delete this tier")) remove = static_cast<int>(i);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  for (size_t i = 0; i < m.tiers.size(); ++i) {
    const std::string path = "tiers[" + std::to_string(i) + "]";
    DrawFieldErrors(path, true);
  }
  if (move_up > 0) {
    // Names and colours move; the bounds stay in place, so they keep increasing.
    Tier& a = m.tiers[static_cast<size_t>(move_up) - 1];
    Tier& b = m.tiers[static_cast<size_t>(move_up)];
    std::swap(a.name, b.name);
    std::swap(a.color, b.color);
    changed = true;
  }
  if (remove >= 0) {
    m.tiers.erase(m.tiers.begin() + remove);
    if (!m.tiers.empty()) m.tiers.back().below.reset();
    changed = true;
  }
  if (ImGui::Button("+ Add tier")) {
    // Split the top tier: the new one takes the upper part.
    const double top = m.tiers.size() >= 2 && m.tiers[m.tiers.size() - 2].below ? *m.tiers[m.tiers.size() - 2].below : 0.0;
    const double hi = m.scale.method == ScaleMethod::kRaw ? top + 10 : 100.0;
    Tier tier;
    tier.name = "Tier " + std::to_string(m.tiers.size() + 1);
    tier.color = NextTierColor(m.tiers);  // never the colour of the tier it was split from
    if (!m.tiers.empty()) m.tiers.back().below = std::round((top + hi) / 2);
    m.tiers.push_back(tier);
    changed = true;
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(m.tiers.empty());
  if (ImGui::Button("No tiers")) {
    m.tiers.clear();
    changed = true;
  }
  ImGui::EndDisabled();
  if (changed) AfterModelEdit();
}

}  // namespace ces::app
