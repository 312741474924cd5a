#include "app/core/announcement.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/core/scoring_flow.h"

namespace ces::app {

namespace {

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

}  // namespace

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
      const nlohmann::json s = nlohmann::json::parse(flow.SummaryJson(), nullptr, false);
      std::string why = flow.failure();
      if (why.empty() && s.is_object() && s["errors"].is_array() && !s["errors"].empty())
        why = s["errors"][0].value("message", "");
      return file + " could not be scored" + (why.empty() ? std::string(".") : ": " + why);
    }
    case Status::kScored:
      break;
  }
  const nlohmann::json s = nlohmann::json::parse(flow.SummaryJson(), nullptr, false);
  if (!s.is_object()) return {};
  const uint64_t customers = s.value("customers", uint64_t{0});
  std::string text = file + " scored with \u201c" + flow.model().last_valid().name + "\u201d: " + Thousands(customers) +
                     (customers == 1 ? " customer" : " customers");
  if (s["scoreMean"].is_number()) text += ", mean score " + OneDecimal(s["scoreMean"].get<double>());
  text += ".";
  if (s["tiers"].is_object() && !s["tiers"].empty()) {
    text += " Tiers:";
    bool first = true;
    for (const auto& [name, count] : s["tiers"].items()) {
      text += (first ? " " : ", ") + name + " " + Thousands(count.get<uint64_t>());
      first = false;
    }
    text += ".";
  }
  if (const uint64_t bad = s.value("rowErrors", uint64_t{0}); bad > 0)
    text += " " + Thousands(bad) + (bad == 1 ? " row was" : " rows were") + " skipped.";
  if (!flow.model().valid()) text += " The score definition has problems; these are the scores of its last valid version.";
  return text;
}

}  // namespace ces::app
