#include "app/core/announcement.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/core/field_words.h"
#include "app/core/customer_explanation.h"
#include "app/core/scoring_flow.h"
#include "engine/results/summary.h"
#include "engine/session.h"

namespace ces::app {

namespace {

constexpr size_t kSpokenActivities = 3;  // enough to say why, short enough to hear

std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string OneDecimal(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", std::abs(x) < 0.05 ? 0.0 : x);
  return buffer;
}

std::string Short(double x) {  // at most 2 decimals, no trailing zeros, thousands separated
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.2f", std::abs(x) < 0.005 || !std::isfinite(x) ? 0.0 : x);
  std::string s = buffer;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  const size_t sign = s[0] == '-' ? 1 : 0;
  const size_t point = std::min(s.find('.'), s.size());
  if (point - sign > 3 && point - sign < 16) s = std::string(sign ? "-" : "") + Thousands(std::stoull(s.substr(sign, point - sign))) + s.substr(point);
  return s;
}

// Points as a screen reader should say them: "12", "minus 3.5".
std::string SpokenPoints(double points) {
  return points < 0 ? "minus " + Short(-points) : Short(points);
}

}  // namespace

std::string SelectionAnnouncement(const ScoringFlow& flow) {
  const ScoreSession* s = flow.Scored();
  const std::optional<uint32_t>& selected = flow.results().selected;
  if (!s || !selected || *selected >= s->dataset().customer_count()) return {};
  const uint32_t c = *selected;
  std::string text = "Customer " + std::string(s->dataset().customer_id(c)) + ": score " + Short(s->table().score[c]);
  const int tier = s->table().tier[c];
  if (tier >= 0 && static_cast<size_t>(tier) < s->model().tiers.size()) text += ", tier " + s->model().tiers[static_cast<size_t>(tier)].name;
  text += ".";
  // Why: the activities that gave or took the most points, as the customer view shows them.
  const CustomerExplanation why = ExplainCustomer(*s, c);
  const std::vector<size_t> top = why.Top(kSpokenActivities);
  if (top.empty()) return text + " No activity gave points.";
  // Without groups the raw score is the points' sum (with groups, a mean of group scores).
  text += s->model().groups.empty() ? " Raw score " + Short(s->table().raw[c]) + " points: " : std::string(" Points: ");
  for (size_t i = 0; i < top.size(); ++i) {
    const ActivityPart& part = why.parts[top[i]];
    text += (i ? ", " : "") + s->model().activities[part.activity].name + " " + SpokenPoints(part.points) +
            " (measured " + Short(part.measured) + ")";
  }
  if (const size_t more = why.WithPoints() - top.size(); more > 0)
    text += "; " + std::to_string(more) + (more == 1 ? " more activity" : " more activities");
  return text + ".";
}

std::string StatusAnnouncement(const ScoringFlow& flow) {
  using Status = ScoringFlow::Status;
  const std::string file = flow.file().name.empty() ? std::string("The file") : flow.file().name;
  switch (flow.status()) {
    case Status::kEmpty:
    case Status::kLoading:
      return {};
    case Status::kCancelled:
      return "Reading " + file + " was cancelled.";
    case Status::kFailed: {
      if (std::string undone = flow.UndoneStarterNote(); !undone.empty()) return undone;
      const nlohmann::json s = nlohmann::json::parse(flow.SummaryJson(), nullptr, false);
      std::string why = flow.failure();
      if (why.empty() && flow.shown() && !flow.shown()->errors().empty())  // in words, as the page shows it
        why = SessionErrorForPeople(flow.shown()->errors().front(), flow.shown()->model());
      if (why.empty() && s.is_object() && s["errors"].is_array() && !s["errors"].empty())
        why = s["errors"][0].value("message", "");
      return file + " could not be scored" + (why.empty() ? std::string(".") : ": " + why);
    }
    case Status::kScored:
      break;
  }
  // The figures of the page's summary, by the same rules (ces::FiguresOf) and from the
  // same session; not by parsing SummaryJson, which took ~14 ms of the first frame of a
  // 100k-customer file's scores.
  const SummaryFigures figures = FiguresOf(flow.Latest());
  std::string text = file + " scored with \u201c" + flow.model().last_valid().name + "\u201d: " + Thousands(figures.customers) +
                     (figures.customers == 1 ? " customer" : " customers");
  if (figures.mean) text += ", mean score " + OneDecimal(*figures.mean);
  text += ".";
  // In the model's order (lowest tier first), as the tier bar shows them.
  if (const ScoreSession* session = flow.Scored(); session && !session->model().tiers.empty()) {
    text += " Tiers:";
    const std::vector<Tier>& tiers = session->model().tiers;
    for (size_t i = 0; i < tiers.size() && i < session->table().tier_counts.size(); ++i)
      text += (i ? ", " : " ") + tiers[i].name + " " + Thousands(session->table().tier_counts[i]);
    text += ".";
  }
  if (const uint64_t bad = figures.row_errors; bad > 0)
    text += " " + Thousands(bad) + (bad == 1 ? " row was" : " rows were") + " skipped.";
  if (!flow.model().valid()) text += " The score definition has problems; these are the scores of its last valid version.";
  return text;
}

}  // namespace ces::app
