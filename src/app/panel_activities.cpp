// Left pane, "Score" tab: the activity editor. Each activity is a card: what is
// measured (events, measure, column), how much it is worth (weight), and how it is
// shaped (cap, recency half-life, transform). Every change re-scores at once.
#include <imgui.h>
#include <imgui_internal.h>  // GetActiveID: the weight slider keeps its range while dragged
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "app/app.h"
#include "app/core/field_words.h"
#include "app/core/activity_edit.h"
#include "engine/inspect/event_words.h"
#include "app/ui_kit.h"

namespace ces::app {

namespace {

struct MeasureOption {
  Measure measure;
  const char* label;
  const char* help;
};
const MeasureOption kEventMeasures[] = {
    {Measure::kCount, "Number of events", "How many matching events fall in the window."},
    {Measure::kSum, "Sum of a column", "Adds up a numeric column (amount, minutes\u2026) over the matching events in the window."},
    {Measure::kDistinctDays, "Days active", "On how many different days matching events happened in the window."},
    {Measure::kDistinctValues, "Distinct values", "How many different values of a column (features, campaigns\u2026) the matching events have."},
    {Measure::kDaysSinceLast, "Days since last", "Days since the latest matching event, or the window length if none. Switching to it flips the weight's sign: a recent event is the good news."},
};
const MeasureOption kCustomerMeasures[] = {
    {Measure::kValue, "Value of a column", "The number in a column of the customer's row."},
};

bool NeedsColumn(Measure m) { return m == Measure::kSum || m == Measure::kValue || m == Measure::kDistinctValues; }
bool CanDecay(Measure m) { return m == Measure::kCount || m == Measure::kSum; }

// 1, 2, 5, 10, 20, 50, ... at or above x.
double NiceCeil(double x) {
  double step = 1;
  while (step < x) {
    if (step * 2 >= x) return step * 2;
    if (step * 5 >= x) return step * 5;
    step *= 10;
  }
  return step;
}

std::string UniqueName(const ScoreModel& m, const std::string& base) {
  auto taken = [&](const std::string& n) {
    return std::any_of(m.activities.begin(), m.activities.end(), [&](const Activity& a) { return a.name == n; });
  };
  if (!taken(base)) return base;
  for (int i = 2;; ++i) {
    std::string candidate = base + " " + std::to_string(i);
    if (!taken(candidate)) return candidate;
  }
}

// Event names with their row counts: the whole file's once scored with the same
// event column, else what the first MB shows.
struct EventCount {
  std::string name;
  uint64_t rows;
};
std::vector<EventCount> EventCounts(const ScoreSession* scored, const LoadedFile& file, const ScoreModel& edit, bool* partial) {
  std::vector<EventCount> out;
  *partial = false;
  if (edit.data.event.empty()) return out;
  if (scored && scored->model().data.event == edit.data.event) {
    const Dataset& d = scored->dataset();
    for (uint32_t id = 1; id <= d.events.size() && id < d.event_rows.size(); ++id)
      out.push_back({std::string(d.event_name(id)), d.event_rows[id]});
  } else if (file.profiled) {
    for (const ColumnProfile& c : file.profile.columns) {
      if (c.name != edit.data.event) continue;
      for (const auto& [value, count] : c.top_values) out.push_back({value, count});
      *partial = true;
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const EventCount& a, const EventCount& b) { return a.rows > b.rows; });
  return out;
}

// An empty, greyed field where a number goes once its checkbox is ticked.
void OffField(const char* id) {
  static std::string empty;
  ImGui::BeginDisabled();
  ImGui::InputTextWithHint(id, "off", &empty, ImGuiInputTextFlags_ReadOnly);
  ImGui::EndDisabled();
}

// The number of an optional setting (cap, half-life): an exact field while it is on,
// a greyed "off" (`off_id`) while it is not. True when the number was edited.
bool OptionalNumberField(const char* id, const char* off_id, std::optional<double>& value) {
  if (!value) {
    OffField(off_id);
    return false;
  }
  double number = *value;
  if (!ImGui::InputDouble(id, &number, 0.0, 0.0, "%.6g")) return false;
  value = number;
  return true;
}

std::string JoinEvents(const std::vector<std::string>& events) {
  if (events.empty()) return "every event";
  std::string s;
  for (size_t i = 0; i < events.size(); ++i) s += (i ? ", " : "") + events[i];
  return ui::Clip(s, 60);
}

// A line a marketer can read: what the activity measures and how.
std::string Explain(const Activity& a, const ScoreModel& m) {
  std::string s;
  const std::string events = a.events.empty() ? std::string("any") : JoinEvents(a.events);
  switch (a.measure) {
    case Measure::kCount: s = "Counts " + events + " events"; break;
    case Measure::kSum: s = "Adds up \u201c" + a.column + "\u201d on " + events + " events"; break;
    case Measure::kDistinctDays: s = "Counts the days with " + events + " events"; break;
    case Measure::kDistinctValues: s = "Counts different \u201c" + a.column + "\u201d values on " + events + " events"; break;
    case Measure::kDaysSinceLast: s = "Days since the last " + events + " event"; break;
    case Measure::kValue: s = "Takes \u201c" + a.column + "\u201d"; break;
  }
  if (m.data.shape == Shape::kEvents && a.measure != Measure::kDaysSinceLast)
    s += " in the last " + std::to_string(m.window.days) + " days";
  if (a.half_life_days) s += ", recent ones worth more";
  if (a.cap) s += ", at most " + ui::Number(*a.cap, 4);
  if (a.transform == Transform::kLog) s += ", on a log scale";
  if (a.transform == Transform::kSqrt) s += ", square-rooted";
  if (a.bins.empty()) s += "; \u00d7 " + ui::Number(a.weight, 4) + " points.";
  else s += "; points by range (" + std::to_string(a.bins.size()) + " ranges).";
  return s;
}

}  // namespace

// One line under the name, always there and always one line high: the definition's
// problems (the name's own first, said in place), else a hint. A banner above the name
// and a line under it that came and went moved the whole panel while typing a name.
void App::DrawModelStatusLine() {
  const ModelState& state = flow_.model();
  std::string text;
  bool problem = !state.valid();
  if (const std::vector<const ModelError*> name = state.ErrorsAt("name", false); !name.empty()) {
    text = "\u26a0 " + ErrorForPeople(*name.front(), state.edit());
    if (const size_t others = state.errors().size() - 1; others > 0)
      text += " (and " + std::to_string(others) + (others == 1 ? " other problem" : " other problems") + " in red below)";
  } else if (problem) {
    // Short enough for the line at the panel's narrowest (the results pane says which scores show).
    text = "\u26a0 The definition has " + std::to_string(state.errors().size()) +
           (state.errors().size() == 1 ? " problem" : " problems") + " (in red below).";
  } else {
    text = "Every edit re-scores at once; Ctrl+Z undoes it.";
  }
  const float height = ImGui::GetTextLineHeightWithSpacing();
  ImGui::BeginChild("##model-status", ImVec2(-1, height), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoNav);
  ImGui::PushStyleColor(ImGuiCol_Text, problem ? ui::kTextError : ui::kTextMuted);
  ImGui::TextUnformatted(text.c_str());  // clipped by the line, whole in the tooltip
  ImGui::PopStyleColor();
  ImGui::EndChild();
  if (problem) ImGui::SetItemTooltip("%s", text.c_str());
  Mark("model-status");
}

void App::DrawActivitiesTab() {
  ScoreModel& m = flow_.model().edit();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Score name");
  ImGui::SameLine(120);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##model-name", "e.g. Product engagement", &m.name)) AfterModelEdit();
  Mark("model-name");
  DrawModelStatusLine();
  ui::Muted("A customer's raw score is the sum of the points from each activity below: "
            "weight \u00d7 what was measured (after the cap and curve), or fixed points by range.");
  DrawGroups();
  DrawFieldErrors("activities");
  ImGui::Spacing();

  if (weight_range_.size() != m.activities.size()) weight_range_.assign(m.activities.size(), 0.0);
  std::pair<CardAction, size_t> action{CardAction::kNone, 0};
  for (size_t i = 0; i < m.activities.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    const CardAction clicked = DrawActivity(i);  // applied after the loop: it changes the list
    if (clicked != CardAction::kNone) action = {clicked, i};
    ImGui::PopID();
  }

  std::vector<Activity>& list = m.activities;
  const size_t i = action.second;
  switch (action.first) {
    case CardAction::kNone: break;
    case CardAction::kUp: std::swap(list[i], list[i - 1]); std::swap(weight_range_[i], weight_range_[i - 1]); break;
    case CardAction::kDown: std::swap(list[i], list[i + 1]); std::swap(weight_range_[i], weight_range_[i + 1]); break;
    case CardAction::kDuplicate: {
      Activity copy = list[i];
      copy.name = UniqueName(m, copy.name + " copy");
      list.insert(list.begin() + static_cast<long>(i) + 1, copy);
      weight_range_.insert(weight_range_.begin() + static_cast<long>(i) + 1, weight_range_[i]);
      break;
    }
    case CardAction::kDelete:
      list.erase(list.begin() + static_cast<long>(i));
      weight_range_.erase(weight_range_.begin() + static_cast<long>(i));
      break;
  }
  if (action.first != CardAction::kNone) AfterModelEdit();

  ImGui::Spacing();
  if (ImGui::Button("+ Add activity", ImVec2(-1, 0))) {
    Activity a;
    a.name = UniqueName(m, "New activity");
    a.weight = 1;
    if (m.data.shape == Shape::kCustomers) {
      a.measure = Measure::kValue;
      for (const ColumnProfile& c : flow_.file().profile.columns)
        if (c.IsNumeric() && c.name != m.data.customer && a.column.empty()) a.column = c.name;
    }
    if (m.data.shape == Shape::kEvents) {  // the most frequent event no activity counts yet
      bool partial = false;
      for (const EventCount& e : EventCounts(Scored(), flow_.file(), m, &partial)) {
        const bool used = std::any_of(m.activities.begin(), m.activities.end(), [&](const Activity& other) {
          return std::find(other.events.begin(), other.events.end(), e.name) != other.events.end();
        });
        if (used || e.name.empty() || e.name.size() > 150) continue;
        a.events = {e.name};
        a.name = UniqueName(m, e.name);
        if (!TroubleWord(e.name).empty()) a.weight = -1;  // a cancellation or a failure takes points away
        break;
      }
    }
    if (!m.groups.empty()) a.group = m.groups[0].name;  // a scorecard needs every activity in a group
    m.activities.push_back(a);
    weight_range_.push_back(0.0);
    AfterModelEdit();
  }
  Mark("add-activity");
}

App::CardAction App::DrawActivity(std::size_t index) {
  ScoreModel& m = flow_.model().edit();
  Activity& a = m.activities[index];
  const std::string path = "activities[" + std::to_string(index) + "]";
  const std::string suffix = "-" + std::to_string(index);
  bool changed = false;
  const bool events_shape = m.data.shape == Shape::kEvents;
  const CsvProfile& profile = flow_.file().profile;
  constexpr float kLabel = 84.0f;

  const bool has_errors = !flow_.model().ErrorsAt(path, true).empty();
  ImGui::PushStyleColor(ImGuiCol_Border, has_errors ? ImVec4(1.0f, 0.45f, 0.4f, 0.6f) : ImVec4(1, 1, 1, 0.08f));
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.14f, 0.152f, 0.18f, 1.0f));
  ImGui::BeginChild("card", ImVec2(0, 0),
                    ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding,
                    ImGuiWindowFlags_NavFlattened);  // Tab goes through the cards' fields
  ImGui::PopStyleColor(2);

  // Name, and the buttons that move, copy or delete the card.
  CardAction action = CardAction::kNone;
  const ImGuiStyle& style = ImGui::GetStyle();
  constexpr float kDeleteGap = 16.0f;  // the destructive button stands apart from Copy
  const float buttons_width = ImGui::CalcTextSize("\u2191\u2193Copy\u00d7").x + 4 * 12.0f + 2 * 2.0f + kDeleteGap;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - buttons_width - style.ItemSpacing.x);
  changed |= ImGui::InputTextWithHint("##name", "Activity name", &a.name);
  Mark(("activity-name" + suffix).c_str());
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(2, style.ItemSpacing.y));
  ImGui::SameLine(0, style.ItemSpacing.x);
  ImGui::BeginDisabled(index == 0);
  if (ui::SmallIconButton("\u2191", "Move up")) action = CardAction::kUp;
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(index + 1 == m.activities.size());
  if (ui::SmallIconButton("\u2193", "Move down")) action = CardAction::kDown;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ui::SmallIconButton("Copy", "Duplicate this activity")) action = CardAction::kDuplicate;
  ImGui::SameLine(0, kDeleteGap);
  if (ui::SmallIconButton("\u00d7", "Delete this activity (Undo brings it back)")) action = CardAction::kDelete;
  Mark(("delete" + suffix).c_str());
  ImGui::PopStyleVar();

  // What is measured.
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("Measure");
  ImGui::SameLine(kLabel);
  const MeasureOption* options = events_shape ? kEventMeasures : kCustomerMeasures;
  const size_t option_count = events_shape ? std::size(kEventMeasures) : std::size(kCustomerMeasures);
  const MeasureOption* current = nullptr;
  for (size_t k = 0; k < option_count; ++k)
    if (options[k].measure == a.measure) current = &options[k];
  ImGui::SetNextItemWidth(events_shape ? 150.0f : -1.0f);
  if (ImGui::BeginCombo("##measure", current ? current->label : MeasureName(a.measure))) {
    for (size_t k = 0; k < option_count; ++k) {
      if (ImGui::Selectable(options[k].label, current == &options[k])) {
        SwitchMeasure(a, options[k].measure, m, profile);  // the rules that come with it (sign, column)
        changed = true;
      }
      ImGui::SetItemTooltip("%s", options[k].help);
    }
    ImGui::EndCombo();
  }
  if (current) ImGui::SetItemTooltip("%s", current->help);
  if (events_shape) {
    ImGui::SameLine();
    ImGui::TextDisabled("of");
    ImGui::SameLine();
    changed |= DrawEventPicker(index);
  }
  if (NeedsColumn(a.measure)) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Column");
    ImGui::SameLine(kLabel);
    ImGui::SetNextItemWidth(-1);
    if (flow_.file().profiled && !profile.columns.empty()) {
      if (ImGui::BeginCombo("##column", a.column.empty() ? "(choose a column)" : a.column.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (const ColumnProfile& c : profile.columns) {
          ImGui::PushID(&c);
          if (ImGui::Selectable(c.name.c_str(), a.column == c.name)) {
            a.column = c.name;
            changed = true;
          }
          ImGui::SameLine(220);
          ImGui::TextDisabled("%s", c.TypeName().c_str());
          ImGui::PopID();
        }
        ImGui::EndCombo();
      }
    } else {
      changed |= ImGui::InputTextWithHint("##column", "column name", &a.column);
    }
  }

  // How much it is worth: weight × value (a slider for feel, a field for the exact
  // number), or points by range.
  changed |= DrawActivityPoints(index);
  if (m.activities[index].bins.empty()) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("Weight");
  ImGui::SameLine(kLabel);
  double& range = weight_range_[index];
  const ImGuiID slider_id = ImGui::GetID("##weight-slider");
  if (range <= 0 || ImGui::GetActiveID() != slider_id) range = NiceCeil(std::max(1.0, std::fabs(a.weight) * 2.0));
  const double lo = -range, hi = range;
  const char* format = range <= 1 ? "%.3f" : range <= 10 ? "%.2f" : range <= 100 ? "%.1f" : "%.0f";
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 96.0f);
  ImGui::PushStyleColor(ImGuiCol_SliderGrab, a.weight < 0 ? ImVec4(0.90f, 0.38f, 0.35f, 1) : ImVec4(0.35f, 0.58f, 0.94f, 1));
  changed |= ImGui::SliderScalar("##weight-slider", ImGuiDataType_Double, &a.weight, &lo, &hi, format);
  ImGui::PopStyleColor();
  Mark(("weight-slider" + suffix).c_str());
  ImGui::SetItemTooltip("Points per unit. Negative weights take points away (tickets, inactivity). Ctrl+click to type.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  changed |= ImGui::InputDouble("##weight", &a.weight, 0.0, 0.0, "%.6g");
  Mark(("weight-input" + suffix).c_str());
  }
  changed |= DrawActivityExtras(index);

  // Shaping: cap, curve, recency.
  bool capped = a.cap.has_value();
  if (ImGui::Checkbox("Cap at", &capped)) {
    if (capped) {
      // Start at a level most customers stay under: the 90th percentile of the measure.
      double cap = 10;
      if (const ScoreSession* s = Scored(); s && index < s->table().activities && s->table().customers > 0 &&
                                              s->model().activities.size() == m.activities.size()) {
        std::vector<double> values(s->table().customers);
        for (uint32_t c = 0; c < values.size(); ++c) values[c] = s->table().Measure(c, index);
        auto nth = values.begin() + static_cast<long>(values.size() * 9 / 10);
        std::nth_element(values.begin(), nth, values.end());
        cap = std::max(1.0, std::ceil(*nth));
      }
      a.cap = cap;
    } else {
      a.cap.reset();
    }
    changed = true;
  }
  ImGui::SetItemTooltip("Counts at most this much, so a few extreme customers do not dominate.");
  Mark(("cap-check" + suffix).c_str());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(72);
  if (OptionalNumberField("##cap", "##cap-off", a.cap)) changed = true;
  Mark(("cap-input" + suffix).c_str());
  ImGui::SameLine(0, 18);
  ImGui::TextDisabled("Curve");
  ImGui::SameLine();
  static const char* const kTransforms[] = {"linear", "log", "square root"};
  int transform = static_cast<int>(a.transform);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::Combo("##transform", &transform, kTransforms, 3)) {
    a.transform = static_cast<Transform>(transform);
    changed = true;
  }
  ImGui::SetItemTooltip("log and square root give diminishing returns: the 100th login adds less than the 10th.");

  if (events_shape && CanDecay(a.measure)) {
    bool decays = a.half_life_days.has_value();
    if (ImGui::Checkbox("Recent events count more; half-life", &decays)) {
      if (decays) a.half_life_days = std::max(1.0, std::round(m.window.days / 4.0));
      else a.half_life_days.reset();
      changed = true;
    }
    ImGui::SetItemTooltip("An event this many days old is worth half of one today; twice as old, a quarter.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(64);
    if (OptionalNumberField("##half-life", "##half-life-off", a.half_life_days)) changed = true;
    ImGui::SameLine();
    ImGui::TextDisabled("days");
  }

  // What it does, in words, and what it adds up to across customers.
  ui::Muted("%s", Explain(a, m).c_str());
  if (const std::string* why = flow_.StarterReason(a)) ui::Muted("Why: %s", why->c_str());
  bool mean_shown = false;
  if (const ScoreSession* s = Scored(); s && s->model().activities.size() == m.activities.size() &&
                                        s->model().activities[index].name == a.name) {
    const std::vector<double>& means = flow_.results().MeanPoints(*s);
    if (index < means.size()) {
      ImGui::PushStyleColor(ImGuiCol_Text, means[index] < 0 ? ui::kTextError : ui::kTextGood);
      ImGui::TextWrapped("%s%s points per customer on average", means[index] > 0 ? "+" : "", ui::Number(means[index], 2).c_str());
      ImGui::PopStyleColor();
      mean_shown = true;
    }
  }
  // While a name is typed (or briefly invalid) the line keeps its place: the cards below do not jump.
  if (!mean_shown && Scored()) ImGui::TextUnformatted(" ");
  DrawFieldErrors(path, true);
  ImGui::EndChild();
  ImGui::Spacing();
  if (changed) AfterModelEdit();
  return action;
}

bool App::DrawEventPicker(std::size_t index) {
  ScoreModel& m = flow_.model().edit();
  Activity& a = m.activities[index];
  bool changed = false;
  ImGui::SetNextItemWidth(-1);
  const std::string preview = a.events.empty() ? "every event" : JoinEvents(a.events);
  if (!ImGui::BeginCombo("##events", preview.c_str(), ImGuiComboFlags_HeightLargest)) {
    Mark(("events-" + std::to_string(index)).c_str());
    return false;
  }
  Mark(("events-" + std::to_string(index)).c_str());
  // Escape closes the picker (its ticks were applied as they were clicked), with or without keyboard navigation.
  if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::CloseCurrentPopup();
  Mark("event-picker-open");
  bool partial = false;
  const std::vector<EventCount> counts = EventCounts(Scored(), flow_.file(), m, &partial);
  if (m.data.event.empty()) {
    ui::Muted("No event column is mapped (Data tab), so every row counts.");
  } else if (counts.empty()) {
    ui::Muted("Open a file to pick from the events it holds.");
  } else if (partial) {
    ui::Muted("From the first rows of the file; the full list appears once it is read.");
  }
  bool all = a.events.empty();
  if (ImGui::Checkbox("Every event", &all)) {
    if (all) a.events.clear();
    else if (!counts.empty()) a.events = {counts.front().name};
    changed = true;
  }
  if (counts.size() > 8) {
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##filter", "Filter events", &event_filter_);
  }
  ImGui::Separator();
  auto matches_filter = [&](const std::string& name) {
    if (event_filter_.empty()) return true;
    auto fold = [](char ch) { return static_cast<char>(std::tolower(static_cast<unsigned char>(ch))); };
    return std::search(name.begin(), name.end(), event_filter_.begin(), event_filter_.end(),
                       [&](char x, char y) { return fold(x) == fold(y); }) != name.end();
  };
  auto toggle = [&](const std::string& name, bool on) {
    auto it = std::find(a.events.begin(), a.events.end(), name);
    if (on && it == a.events.end()) a.events.push_back(name);
    if (!on && it != a.events.end()) a.events.erase(it);
    changed = true;
  };
  // Names the model lists that this file does not have: shown so they can be removed.
  for (const std::string& name : std::vector<std::string>(a.events)) {
    if (std::any_of(counts.begin(), counts.end(), [&](const EventCount& c) { return c.name == name; })) continue;
    bool on = true;
    ImGui::PushID(name.c_str());
    if (ImGui::Checkbox(name.c_str(), &on)) toggle(name, on);
    ImGui::SameLine(250);
    ImGui::TextColored(ui::kTextWarning, "not in this file");
    ImGui::PopID();
  }
  for (size_t k = 0; k < counts.size() && k < 2000; ++k) {
    const EventCount& c = counts[k];
    if (!matches_filter(c.name)) continue;
    bool on = std::find(a.events.begin(), a.events.end(), c.name) != a.events.end();
    ImGui::PushID(static_cast<int>(k));
    if (ImGui::Checkbox(c.name.empty() ? "(empty)" : ui::Clip(c.name, 40).c_str(), &on)) toggle(c.name, on);
    ImGui::SameLine(250);
    ImGui::TextDisabled("%s rows", ui::Count(c.rows).c_str());
    ImGui::PopID();
  }
  ImGui::EndCombo();
  return changed;
}

}  // namespace ces::app
