// Right pane, "Check" tab: does the score predict an outcome? The outcome picked (a
// column, an outcomes file, or from the log), the AUC as a gauge in plain words, the
// cross-validated AUC, the outcome rate by tier, the gains curve, each activity's own
// AUC, the suggested weights with "Try as draft", and a compare of the current model
// with another. The logic (and every figure) is CheckState's; this file only draws.
//
//   [SECTION] Outcome picker   [SECTION] Figures   [SECTION] Charts
//   [SECTION] Suggested weights   [SECTION] Compare   [SECTION] Side files, test hook
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/core/platform_services.h"
#include "app/ui_kit.h"
#include "engine/csv/value_parse.h"

namespace ces::app {

namespace {

constexpr float kChartHeight = 170.0f;
const char* const kSideOutcomes = "outcomes";
const char* const kSideModel = "compare-model";
const char* const kSuggestionLabel = "the suggested weights";

bool Finite(double x) { return std::isfinite(x); }
std::string Auc(double x) { return Finite(x) ? ui::Number(x, 3) : "\u2013"; }

// A half-circle gauge from 0 to 1 with the coin-toss mark at 0.5 and a needle at `value`.
void AucGauge(double value, float radius) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 centre(p.x + radius + 4, p.y + radius + 4);
  constexpr float kPi = 3.14159265f;
  auto angle = [&](double v) { return kPi + static_cast<float>(std::clamp(v, 0.0, 1.0)) * kPi; };
  // Bands: worse than chance, about chance, useful, strong.
  const struct { double from, to; ImU32 color; } bands[] = {
      {0.0, 0.5, ui::WithAlpha(ui::kNegative, 0.55f)},
      {0.5, 0.6, IM_COL32(150, 150, 150, 120)},
      {0.6, 0.75, ui::WithAlpha(ui::kAccent, 0.7f)},
      {0.75, 1.0, ui::WithAlpha(ui::kPositive, 0.8f)},
  };
  for (const auto& b : bands) {
    draw->PathArcTo(centre, radius - 7, angle(b.from), angle(b.to), 24);
    draw->PathStroke(b.color, 0, 12.0f);
  }
  const float a = angle(0.5);
  draw->AddLine(ImVec2(centre.x + std::cos(a) * (radius - 16), centre.y + std::sin(a) * (radius - 16)),
                ImVec2(centre.x + std::cos(a) * (radius + 2), centre.y + std::sin(a) * (radius + 2)), IM_COL32(255, 255, 255, 160), 1.5f);
  if (Finite(value)) {
    const float v = angle(value);
    draw->AddLine(centre, ImVec2(centre.x + std::cos(v) * (radius - 4), centre.y + std::sin(v) * (radius - 4)),
                  IM_COL32(240, 240, 240, 255), 3.0f);
  }
  draw->AddCircleFilled(centre, 5.0f, IM_COL32(240, 240, 240, 255));
  ImGui::Dummy(ImVec2(radius * 2 + 8, radius + 10));
}

// A horizontal bar, `fraction` of `width`, with `label` after it.
void Bar(float fraction, float width, ImU32 color, const std::string& label) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + width, p.y + h - 2), IM_COL32(255, 255, 255, 14), 2.0f);
  draw->AddRectFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + std::clamp(fraction, 0.0f, 1.0f) * width, p.y + h - 2), color, 2.0f);
  ImGui::Dummy(ImVec2(width, h));
  ImGui::SameLine();
  ImGui::TextUnformatted(label.c_str());
}

}  // namespace

// [SECTION] The tab

void App::DrawCheck() {
  const ScoreSession& s = *Scored();
  // A new file: new defaults. A new pass over the same file: the old figures dropped.
  const uint64_t file_key = std::hash<std::string>()(flow_.file().name) ^ (flow_.file().size * 0x9E3779B97F4A7C15ull);
  if (check_.prepared_for() != file_key) {
    check_.PrepareFor(s, flow_.file());
    check_.set_prepared_for(file_key);
  } else if (check_.figures_for() != &s) {
    check_.DropFigures();
  }
  check_.set_figures_for(&s);
  check_.Step(&s, flow_.file(), flow_.model().version());

  ImGui::BeginChild("check-body", ImVec2(0, 0), ImGuiChildFlags_None);
  DrawCheckOutcome();
  const CheckState::Status status = check_.backtest_status();
  if (status == CheckState::Status::kPending) {
    ImGui::Spacing();
    ImGui::TextColored(ui::kTextMuted, "Computing: the figures, the fitted weights and a 5-fold cross-validation\u2026");
  } else if (status == CheckState::Status::kError) {
    ImGui::Spacing();
    ui::ErrorLine(check_.backtest_error());
    Mark("check-error");
  } else if (status == CheckState::Status::kDone) {
    if (!check_.ResultIsFor(flow_.model().version()))
      ui::WarningLine("The score definition changed since this check: press \u201cCheck the score\u201d again.");
    DrawCheckFigures();
    DrawCheckCharts();
    DrawCheckWeights();
  }
  DrawCompare();
  ImGui::EndChild();
}

// [SECTION] Outcome picker

void App::DrawCheckOutcome() {
  const ScoreSession& s = *Scored();
  OutcomeChoice& c = check_.choice;
  const FileDates timeline = FileDatesOf(s);
  const float label_width = 150.0f;
  ui::SectionTitle("What should the score predict?");
  ImGui::TextWrapped("Pick an outcome you know for past customers. The check says whether high scores go with it, "
                     "which activities carry the signal, and which weights would fit it better.");
  ImGui::Spacing();
  int source = c.source;
  ImGui::RadioButton("A column of this file", &source, OutcomeChoice::kColumn);
  Mark("check-source-column");
  ImGui::SameLine();
  ImGui::RadioButton("An outcomes file", &source, OutcomeChoice::kOtherFile);
  Mark("check-source-file");
  if (timeline.has_dates) {
    ImGui::SameLine();
    ImGui::RadioButton("From the log", &source, OutcomeChoice::kLog);
    Mark("check-source-log");
  }
  c.source = static_cast<OutcomeChoice::Source>(source);

  auto column_combo = [&](const char* id, const std::vector<std::string>& columns) {
    ui::FieldLabel("Outcome column", label_width);
    ImGui::SetNextItemWidth(240);
    if (ImGui::BeginCombo(id, c.column.empty() ? "(choose)" : c.column.c_str())) {
      for (const std::string& name : columns)
        if (ImGui::Selectable(name.c_str(), name == c.column)) c.column = name;
      ImGui::EndCombo();
    }
    Mark("check-column");
  };
  if (c.source == OutcomeChoice::kColumn) {
    // Outcome-like columns (yes/no, 1/0) first, then the others.
    std::vector<std::string> columns = OutcomeLikeColumns(flow_.file().profile);
    for (const ColumnProfile& col : flow_.file().profile.columns)
      if (std::find(columns.begin(), columns.end(), col.name) == columns.end()) columns.push_back(col.name);
    column_combo("##check-column", columns);
    ImGui::SameLine();
    ui::HelpMarker("Cells read 1, true, yes, y as the outcome; 0, false, no, n as not; empty as unknown "
                   "(left out). A customer on several rows takes the last known one.");
  } else if (c.source == OutcomeChoice::kOtherFile) {
    if (ImGui::Button(check_.has_outcomes_file() ? "Open another outcomes file\u2026" : "Open an outcomes file\u2026"))
      platform_.RequestOpenSideFile(kSideOutcomes, ".csv,.tsv,.txt,text/csv");
    Mark("check-open-outcomes");
    if (check_.has_outcomes_file()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", ui::Clip(check_.outcomes_file_name(), 60).c_str());
      column_combo("##check-file-column", check_.outcomes_file_columns());
    } else {
      ui::Muted("A CSV with the \u201c%s\u201d column and an outcome column (churned, renewed\u2026).",
                s.model().data.customer.c_str());
    }
  } else {
    ui::FieldLabel("Customers who were", label_width);
    const char* const kKinds[] = {"active", "inactive", "did an event"};
    int kind = static_cast<int>(c.log_kind);
    ImGui::SetNextItemWidth(140);
    ImGui::Combo("##check-kind", &kind, kKinds, 3);
    Mark("check-kind");
    c.log_kind = static_cast<LogOutcome>(kind);
    if (c.log_kind == LogOutcome::kEvent) {
      ImGui::SameLine();
      ImGui::SetNextItemWidth(200);
      const Dataset& data = s.dataset();
      if (ImGui::BeginCombo("##check-event", c.events.empty() ? "(choose the event)" : c.events.c_str())) {
        for (uint32_t id = 1; id <= data.events.size(); ++id) {
          const std::string name(data.event_name(id));
          if (ImGui::Selectable(name.c_str(), name == c.events)) c.events = name;
        }
        ImGui::EndCombo();
      }
    }
    ui::FieldLabel("in the next", label_width);
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt("days##check-horizon", &c.horizon, 1, 7);
    Mark("check-horizon");
    c.horizon = std::clamp(c.horizon, 1, std::max(1, timeline.last - timeline.first));
    ui::FieldLabel("after", label_width);
    // The date on the file's timeline: D + H may not pass its last day.
    const int32_t lo = timeline.first, hi = std::max(timeline.first, timeline.last - c.horizon);
    c.at = std::clamp(c.at, lo, hi);
    int at = c.at - lo;
    const std::string shown = FormatDate(c.at);
    ImGui::SetNextItemWidth(std::max(160.0f, ImGui::GetContentRegionAvail().x - 20));
    if (ImGui::SliderInt("##check-at", &at, 0, hi - lo, shown.c_str())) c.at = lo + at;
    Mark("check-at");
    ui::Muted("The file runs from %s to %s. Scores are taken on the chosen date, from the log before it.",
              FormatDate(timeline.first).c_str(), FormatDate(timeline.last).c_str());
  }
  ui::FieldLabel("High scores should", label_width);
  const char* const kExpect[] = {"go with the outcome (usual)", "go with the outcome", "go against it (churn)"};
  const bool default_high = !(c.source == OutcomeChoice::kLog && c.log_kind == LogOutcome::kInactive);
  char automatic[80];
  std::snprintf(automatic, sizeof automatic, "%s (automatic)", default_high ? "go with the outcome" : "go against it");
  const char* items[] = {automatic, kExpect[1], kExpect[2]};
  int expect = c.expect;
  ImGui::SetNextItemWidth(260);
  ImGui::Combo("##check-expect", &expect, items, 3);
  c.expect = static_cast<OutcomeChoice::Expect>(expect);
  ImGui::Spacing();
  const bool busy = check_.backtest_status() == CheckState::Status::kPending || Busy();
  ImGui::BeginDisabled(busy);
  if (ui::PrimaryButton("Check the score")) check_.RequestBacktest();
  ImGui::EndDisabled();
  Mark("check-run");
}

// [SECTION] Figures

void App::DrawCheckFigures() {
  const BacktestResult& r = check_.result();
  ImGui::Spacing();
  ImGui::Separator();
  ui::SectionTitle("How well does the score rank them?");
  AucGauge(r.auc, 70.0f);
  Mark("check-gauge");
  ImGui::SameLine(0, 18);
  ImGui::BeginGroup();
  ImGui::PushFont(ui::FigureFont());
  ImGui::Text("AUC %s", Auc(r.auc).c_str());
  ImGui::PopFont();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(260.0f, ImGui::GetContentRegionAvail().x - 10));
  ImGui::TextUnformatted(check_.AucSentence().c_str());
  ImGui::TextDisabled("%s customers with a known outcome, %s of them with it (%s), outcome %s.", ui::Count(r.customers).c_str(),
                      ui::Count(r.positives).c_str(),
                      ui::Percent(r.customers ? static_cast<double>(r.positives) / static_cast<double>(r.customers) : 0).c_str(),
                      check_.result_choice().Describe().c_str());
  ImGui::TextDisabled("Computed in %s s (figures, fit and 5-fold cross-validation).", ui::Number(check_.backtest_seconds(), 2).c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();

  ImGui::Spacing();
  ImGui::BeginGroup();
  ImGui::Text("Suggested weights: AUC %s in-sample,", Auc(r.auc_suggested).c_str());
  ImGui::SameLine();
  ImGui::TextColored(ui::kTextGood, "%s cross-validated", Auc(r.auc_cross_validated).c_str());
  Mark("check-auc-cv");
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("Cross-validated: weights fitted on four fifths of the customers, judged on the fifth they never saw. "
                      "It is the honest estimate; an in-sample AUC flatters any fit.");
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

// [SECTION] Charts

void App::DrawCheckCharts() {
  const BacktestResult& r = check_.result();
  const ScoreModel& m = Scored()->model();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float half = std::max(240.0f, (avail - 20) / 2);

  ImGui::Spacing();
  ImGui::BeginGroup();  // outcome rate per tier
  ui::SectionTitle("Outcome rate by tier");
  double top = 0;
  for (const auto& t : r.tiers) top = std::max(top, Finite(t.rate) ? t.rate : 0.0);
  if (r.tiers.empty()) ui::Muted("The model has no tiers.");
  for (size_t i = 0; i < r.tiers.size(); ++i) {
    const auto& t = r.tiers[i];
    ImGui::TextUnformatted(ui::Clip(t.name, 18).c_str());
    ImGui::SameLine(110);
    const std::string label = Finite(t.rate) ? ui::Percent(t.rate) + "  (" + ui::Count(t.positives) + " of " + ui::Count(t.customers) + ")" : "no customers";
    Bar(top > 0 && Finite(t.rate) ? static_cast<float>(t.rate / top) : 0.0f, half - 240, ui::TierColor(m.tiers, i), label);
  }
  ImGui::EndGroup();
  ImGui::SameLine(0, 20);

  ImGui::BeginGroup();  // cumulative gains against the random diagonal
  ui::SectionTitle("Cumulative gains");
  const float size = std::min(kChartHeight, half - 40);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 o(p.x + 4, p.y + size);
  draw->AddRect(ImVec2(o.x, p.y), ImVec2(o.x + size, o.y), ui::kGrid);
  draw->AddLine(o, ImVec2(o.x + size, p.y), IM_COL32(200, 200, 200, 110), 1.0f);  // random ranking
  ImVec2 last = o;
  for (const auto& d : r.deciles) {
    const ImVec2 q(o.x + size * static_cast<float>(d.decile) / 10.0f, o.y - size * static_cast<float>(d.cumulative_gain));
    draw->AddLine(last, q, ui::kAccent, 2.5f);
    draw->AddCircleFilled(q, 2.5f, ui::kAccent);
    last = q;
  }
  ImGui::Dummy(ImVec2(size + 8, size + 2));
  Mark("check-gains");
  ImGui::SameLine();
  ImGui::BeginGroup();
  const double first = r.deciles.empty() ? 0 : r.deciles[0].cumulative_gain;
  const double lift = r.deciles.empty() ? NAN : r.deciles[0].lift;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(140.0f, half - size - 30));
  ImGui::TextWrapped("The first tenth of customers, most likely first, holds %s of the outcome%s.", ui::Percent(first).c_str(),
                     Finite(lift) ? (" (" + ui::Number(lift, 1) + "\u00d7 chance)").c_str() : "");
  ui::Muted("The grey diagonal is a random order; the higher the blue curve above it, the better.");
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::EndGroup();

  ImGui::Spacing();
  ui::SectionTitle("Each activity's own signal");
  ui::Muted("The AUC of the activity's points alone: right of the middle it carries the signal, at the middle it is noise, "
                      "left of it it points the wrong way.");
  const float bar_w = std::max(160.0f, avail - 330);
  for (const auto& a : r.activities) {
    ImGui::TextUnformatted(ui::Clip(a.name, 28).c_str());
    ImGui::SameLine(200);
    const ImVec2 q = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    const float mid = q.x + bar_w / 2;
    draw->AddRectFilled(ImVec2(q.x, q.y + 3), ImVec2(q.x + bar_w, q.y + h - 2), IM_COL32(255, 255, 255, 12), 2.0f);
    if (Finite(a.auc)) {
      const float end = q.x + static_cast<float>(std::clamp(a.auc, 0.0, 1.0)) * bar_w;
      const ImU32 color = a.auc >= 0.55 ? ui::kPositive : a.auc <= 0.45 ? ui::kNegative : IM_COL32(150, 150, 150, 200);
      draw->AddRectFilled(ImVec2(std::min(mid, end), q.y + 3), ImVec2(std::max(mid, end), q.y + h - 2), color, 2.0f);
    }
    draw->AddLine(ImVec2(mid, q.y), ImVec2(mid, q.y + h), IM_COL32(255, 255, 255, 120));
    ImGui::Dummy(ImVec2(bar_w, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(Finite(a.auc) ? Auc(a.auc).c_str() : "\u2013 (one class only)");
  }
}

// [SECTION] Suggested weights

void App::DrawCheckWeights() {
  const BacktestResult& r = check_.result();
  ImGui::Spacing();
  ui::SectionTitle("Suggested weights");
  if (r.no_signal)
    ui::WarningLine("The outcome shows no signal in these activities: the suggestion is today's weights.");
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("check-weights", 3, kFlags)) {
    ImGui::TableSetupColumn("Activity", ImGuiTableColumnFlags_WidthFixed, 220);
    ImGui::TableSetupColumn("Today", ImGuiTableColumnFlags_WidthFixed, 110);
    ImGui::TableSetupColumn("Suggested", ImGuiTableColumnFlags_WidthFixed, 110);
    ImGui::TableHeadersRow();
    for (const auto& a : r.activities) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(ui::Clip(a.name, 32).c_str());
      ImGui::TableNextColumn();
      if (!a.has_weight) {
        ImGui::TextDisabled("ranges");
        ImGui::TableNextColumn();
        ImGui::TextDisabled("kept");
        continue;
      }
      ImGui::TextUnformatted(ui::Number(a.weight, 3).c_str());
      ImGui::TableNextColumn();
      const bool changed = std::abs(a.suggested_weight - a.weight) > 1e-9 * std::max(1.0, std::abs(a.weight));
      if (!a.fitted) ImGui::TextDisabled("%s (all equal)", ui::Number(a.suggested_weight, 3).c_str());
      else if (changed) ImGui::TextColored(a.suggested_weight * a.weight < 0 ? ui::kTextWarning : ui::kTextGood, "%s", ui::Number(a.suggested_weight, 3).c_str());
      else ImGui::TextUnformatted(ui::Number(a.suggested_weight, 3).c_str());
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  const bool current = check_.ResultIsFor(flow_.model().version());
  ImGui::BeginDisabled(!current || Busy());
  if (ui::PrimaryButton("Try as draft")) check_.ApplySuggested(flow_);
  ImGui::EndDisabled();
  Mark("check-try-draft");
  ImGui::SameLine();
  ImGui::BeginDisabled(!current || Busy());
  if (ImGui::Button("Compare with the suggestion")) check_.RequestCompare(kSuggestionLabel, ModelToJson(r.suggested_model));
  ImGui::EndDisabled();
  Mark("check-compare-suggested");
  ui::Muted("Fitted over the customers with a known outcome: a penalised logistic regression on each weighted "
                      "activity (ranges keep their points), scaled to move as many points in total as today's weights.");
}

// [SECTION] Compare

void App::DrawCompare() {
  ImGui::Spacing();
  ImGui::Separator();
  ui::SectionTitle("Compare with another model");
  ui::Muted("Who would change tier, and how much the ranking moves, on this file.");
  if (!check_.before_draft_json().empty()) {
    // Said here rather than in a notice: a notice would sit over these buttons.
    ImGui::TextColored(ui::kTextGood, "The suggested weights are the score definition now (a draft: edit, save or put back).");
    if (ImGui::Button("Compare with the model before the draft"))
      check_.RequestCompare("the model before the draft", check_.before_draft_json());
    Mark("check-compare-before");
    ImGui::SameLine();
    if (ImGui::Button("Put back the previous weights")) check_.RestoreBeforeDraft(flow_);
    Mark("check-restore");
    ImGui::SameLine();
  }
  if (ImGui::Button("Open a model file to compare\u2026")) platform_.RequestOpenSideFile(kSideModel, ".json,application/json");
  Mark("check-open-model");
  DrawCompareLibrary();

  const CheckState::Status status = check_.compare_status();
  if (status == CheckState::Status::kPending) {
    ImGui::TextColored(ui::kTextMuted, "Comparing\u2026");
    return;
  }
  if (status == CheckState::Status::kError) {
    ui::ErrorLine(check_.compare_error());
    return;
  }
  if (status != CheckState::Status::kDone) return;
  if (!check_.CompareIsFor(flow_.model().version()))
    ui::WarningLine("The score definition changed since this compare: compare again to see it against the current one.");
  const CheckState::CompareView& v = check_.compare();
  ImGui::Spacing();
  // The compare CSV's "before" is always the model on screen; say which is which in words,
  // since after Try as draft the model on screen is the new one.
  ImGui::TextWrapped("Rows: tiers with the score on screen (\u201cbefore\u201d in the CSV). Columns: tiers with %s (\u201cafter\u201d). "
                     "Mean change is the mean absolute change in points.", check_.compare_label().c_str());
  if (check_.compare_label() == kSuggestionLabel && check_.backtest_status() == CheckState::Status::kDone)
    ImGui::TextDisabled("AUC against %s: today %s, suggested %s.", check_.result_choice().Describe().c_str(),
                        Auc(check_.result().auc).c_str(), Auc(check_.result().auc_suggested).c_str());
  ImGui::Text("Rank correlation (Spearman) %s  \u00b7  mean change %s points  \u00b7  %s customers compared",
              v.spearman ? ui::Number(*v.spearman, 3).c_str() : "\u2013", ui::Number(v.mean_abs_change, 2).c_str(),
              ui::Count(static_cast<uint64_t>(v.moved)).c_str());
  Mark("check-compare-figures");
  if (v.added || v.gone) ImGui::TextDisabled("%lld only after, %lld only before", static_cast<long long>(v.added), static_cast<long long>(v.gone));
  ImGui::SameLine();
  if (ImGui::Button("Download the compare CSV")) {
    const std::string csv = check_.CompareCsv();
    platform_.OfferDownload("ces-compare.csv", "text/csv", csv);
  }
  Mark("check-compare-csv");

  // Tier moves: rows are before, columns after; off the diagonal is a change of tier.
  const size_t n = v.tiers.size();
  if (n > 0 && ImGui::BeginTable("check-tier-moves", static_cast<int>(n + 1),
                                 ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("on screen \\ other", ImGuiTableColumnFlags_WidthFixed, 140);
    for (const std::string& t : v.tiers) ImGui::TableSetupColumn(t.empty() ? "(no tier)" : t.c_str(), ImGuiTableColumnFlags_WidthFixed, 90);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < n; ++i) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(v.tiers[i].empty() ? "(no tier)" : v.tiers[i].c_str());
      for (size_t j = 0; j < n; ++j) {
        ImGui::TableNextColumn();
        const int64_t count = v.matrix[i][j];
        if (count == 0) {
          ImGui::TextDisabled("\u00b7");
          continue;
        }
        // A cell is a button: it lists its customers below the matrix.
        const bool selected = check_.selected_from == static_cast<int>(i) && check_.selected_to == static_cast<int>(j);
        char label[64];
        std::snprintf(label, sizeof label, "%s##cell%zu-%zu", ui::Count(static_cast<uint64_t>(count)).c_str(), i, j);
        if (i != j) ImGui::PushStyleColor(ImGuiCol_Text, j > i ? ui::kTextGood : ui::kTextWarning);
        if (ImGui::Selectable(label, selected)) {
          check_.selected_from = selected ? -1 : static_cast<int>(i);
          check_.selected_to = selected ? -1 : static_cast<int>(j);
        }
        if (i != j) ImGui::PopStyleColor();
      }
    }
    ImGui::EndTable();
    Mark("check-tier-moves");
  }
  if (check_.selected_from >= 0 && check_.selected_to >= 0) {
    constexpr size_t kListed = 50;
    const auto list = check_.CellCustomers(static_cast<size_t>(check_.selected_from), static_cast<size_t>(check_.selected_to), kListed);
    const int64_t count = v.matrix[static_cast<size_t>(check_.selected_from)][static_cast<size_t>(check_.selected_to)];
    ImGui::Text("%s \u2192 %s: %s customers%s", v.tiers[static_cast<size_t>(check_.selected_from)].c_str(),
                v.tiers[static_cast<size_t>(check_.selected_to)].c_str(), ui::Count(static_cast<uint64_t>(count)).c_str(),
                count > static_cast<int64_t>(kListed) ? " (the first 50 by change; all are in the compare CSV)" : "");
    for (const auto& m : list)
      ImGui::TextDisabled("  %-20s %s \u2192 %s (%s%s)", ui::Clip(m.customer, 20).c_str(), ui::Number(m.before, 1).c_str(),
                          ui::Number(m.after, 1).c_str(), m.change > 0 ? "+" : "", ui::Number(m.change, 1).c_str());
  }
  auto movers = [&](const char* title, const std::vector<CheckState::CompareView::Mover>& list) {
    ImGui::BeginGroup();
    ImGui::TextUnformatted(title);
    if (list.empty()) ImGui::TextDisabled("none");
    for (const auto& m : list) {
      ImGui::Text("%-18s %6s \u2192 %-6s %s%s", ui::Clip(m.customer, 18).c_str(), ui::Number(m.before, 1).c_str(),
                  ui::Number(m.after, 1).c_str(), m.change > 0 ? "+" : "", ui::Number(m.change, 1).c_str());
      if (m.tier_before != m.tier_after) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s \u2192 %s", m.tier_before.c_str(), m.tier_after.c_str());
      }
    }
    ImGui::EndGroup();
  };
  ImGui::Spacing();
  movers("Biggest drops", v.drops);
  ImGui::SameLine(0, 30);
  movers("Biggest rises", v.rises);
}

// The other scores kept in this browser (core: LibraryCompareOffers), one click each.
void App::DrawCompareLibrary() {
  const std::vector<CompareOffer> offers = LibraryCompareOffers(flow_.library());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(250);
  ImGui::BeginDisabled(offers.empty());
  const bool open = ImGui::BeginCombo("##compare-library", "Compare with a saved score");
  Mark("check-compare-library");
  ImGui::EndDisabled();
  ImGui::SetItemTooltip(offers.empty() ? "Only one score is kept in this browser (Models menu: New or Duplicate)."
                                       : "Another score kept in this browser, on this file.");
  if (!open) return;
  for (size_t i = 0; i < offers.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable(flow_.library().entries()[offers[i].index].name.c_str()))
      check_.RequestCompare(offers[i].label, offers[i].model_json);
    Mark(("compare-library-" + std::to_string(i)).c_str());
    ImGui::PopID();
  }
  ImGui::EndCombo();
}

// [SECTION] Side files, test hook

void App::OnSideFile(std::string_view purpose, std::string_view name, std::string bytes) {
  if (purpose == kSideOutcomes) {
    check_.SetOutcomesFile(std::string(name), std::move(bytes));
  } else if (purpose == kSideModel) {
    check_.RequestCompare("\u201c" + std::string(name) + "\u201d", std::move(bytes));
  }
  right_tab_request_ = kCheckTab;
}

const char* App::DropTarget() const {
  return right_tab_shown_ == kCheckTab && Scored() && check_.WaitsForOutcomesFile() ? kSideOutcomes : "data";
}

std::string App::CheckStateJson() const {
  using Json = nlohmann::json;
  auto number = [](double x) { return Finite(x) ? Json(x) : Json(nullptr); };
  const char* const kStatus[] = {"idle", "pending", "done", "error"};
  Json j = {{"status", kStatus[static_cast<int>(check_.backtest_status())]},
            {"options", Json::parse(check_.choice.OptionsJson(), nullptr, false)}};
  if (check_.backtest_status() == CheckState::Status::kError) j["error"] = check_.backtest_error();
  if (check_.backtest_status() == CheckState::Status::kDone) {
    const BacktestResult& r = check_.result();
    j["customers"] = r.customers;
    j["positives"] = r.positives;
    j["auc"] = number(r.auc);
    j["aucSuggested"] = number(r.auc_suggested);
    j["aucCrossValidated"] = number(r.auc_cross_validated);
    j["sentence"] = check_.AucSentence();
    j["seconds"] = check_.backtest_seconds();
  }
  j["compare"] = {{"status", kStatus[static_cast<int>(check_.compare_status())]}};
  if (check_.compare_status() == CheckState::Status::kDone) {
    j["compare"]["moved"] = check_.compare().moved;
    j["compare"]["spearman"] = check_.compare().spearman ? Json(*check_.compare().spearman) : Json(nullptr);
    j["compare"]["meanAbsChange"] = check_.compare().mean_abs_change;
  }
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace ces::app
