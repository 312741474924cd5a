#include "engine/results/summary.h"

#include <nlohmann/json.hpp>

#include "engine/csv/value_parse.h"

namespace ces {

SummaryFigures FiguresOf(const ScoreSession* s) {
  SummaryFigures f;
  if (!s) return f;
  f.scored = s->finished() && !s->failed();
  f.rows = s->dataset().rows;
  f.customers = f.scored ? s->dataset().customer_count() : 0;
  f.row_errors = s->dataset().row_errors;
  if (f.scored && s->table().customers > 0) {
    f.mean = s->table().score_mean;
    f.median = s->table().score_median;
  }
  return f;
}

std::string SummaryJson(const ScoreSession* s, std::string_view status, std::string_view file_name) {
  using Json = nlohmann::ordered_json;
  Json j;
  j["status"] = std::string(status);
  j["file"] = std::string(file_name);
  const SummaryFigures f = FiguresOf(s);
  const bool scored = f.scored;
  const Dataset* d = s ? &s->dataset() : nullptr;
  j["rows"] = f.rows;
  j["customers"] = f.customers;
  j["rowErrors"] = f.row_errors;
  Json errors = Json::array();
  if (s && s->failed()) {
    for (const std::string& e : s->errors()) errors.push_back({{"line", 0}, {"message", e}});
  } else if (d) {
    for (const RowError& e : d->errors) errors.push_back({{"line", e.line}, {"message", e.message}});
  }
  j["errors"] = errors;
  j["asOf"] = scored && s->table().as_of ? Json(FormatDate(*s->table().as_of)) : Json(nullptr);
  Json tiers = Json::object();
  if (scored)
    for (size_t i = 0; i < s->model().tiers.size(); ++i) tiers[s->model().tiers[i].name] = s->table().tier_counts[i];
  j["tiers"] = tiers;
  j["scoreMean"] = f.mean ? Json(*f.mean) : Json(nullptr);
  j["scoreMedian"] = f.median ? Json(*f.median) : Json(nullptr);
  Json warnings = d ? Json(d->warnings) : Json::array();
  if (scored)
    for (const std::string& w : s->table().warnings) warnings.push_back(w);
  j["warnings"] = warnings;
  j["notes"] = d ? Json(d->notes) : Json::array();
  j["delimiter"] = d && d->delimiter ? Json(std::string(1, d->delimiter)) : Json(nullptr);
  j["encoding"] = d ? Json(EncodingName(d->encoding)) : Json(nullptr);
  j["columns"] = d ? Json(d->columns) : Json::array();
  j["bytes"] = s ? s->bytes_fed() : 0;
  return j.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

}  // namespace ces
