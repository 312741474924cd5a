#include "engine/results/summary.h"

#include <nlohmann/json.hpp>

#include "engine/csv/value_parse.h"

namespace ces {

std::string SummaryJson(const ScoreSession* s, std::string_view status, std::string_view file_name) {
  using Json = nlohmann::ordered_json;
  Json j;
  j["status"] = std::string(status);
  j["file"] = std::string(file_name);
  const bool scored = s && s->finished() && !s->failed();
  const Dataset* d = s ? &s->dataset() : nullptr;
  j["rows"] = d ? d->rows : 0;
  j["customers"] = scored ? d->customer_count() : 0;
  j["rowErrors"] = d ? d->row_errors : 0;
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
  const bool any = scored && s->table().customers > 0;
  j["scoreMean"] = any ? Json(s->table().score_mean) : Json(nullptr);
  j["scoreMedian"] = any ? Json(s->table().score_median) : Json(nullptr);
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
