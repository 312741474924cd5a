// Shared helpers for the unit tests: run the whole pipeline on in-memory text.
#pragma once
#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/csv/csv_reader.h"
#include "engine/model/model.h"
#include "engine/results/results_csv.h"
#include "engine/session.h"

namespace ces_test {

// A whole file's bytes (empty when it cannot be read).
inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The bundled examples (examples/<name>/model.json and data.csv) under the source
// tree `root`: every one, both shapes.
struct Example {
  std::string name, model, data;
};
inline std::vector<Example> BundledExamples(const std::string& root) {
  std::vector<Example> out;
  for (const char* name :
       {"saas-events", "shopify-orders", "hubspot-contacts", "mailchimp-engagement", "b2b-health-scorecard"}) {
    const std::string dir = root + "/examples/" + name + "/";
    out.push_back({name, ReadText(dir + "model.json"), ReadText(dir + "data.csv")});
  }
  return out;
}

// The errors of a model, as "path: message" lines.
inline std::vector<std::string> ModelErrors(const std::string& json) {
  std::vector<std::string> out;
  for (const ces::ModelError& e : ces::LoadModel(json).errors) out.push_back(e.ToString());
  return out;
}

// Whether one of `errors` starts with `prefix`.
inline bool HasError(const std::vector<std::string>& errors, const std::string& prefix) {
  return std::any_of(errors.begin(), errors.end(), [&](const std::string& e) { return e.rfind(prefix, 0) == 0; });
}

// Allocations through operator new since the program started (tests/unit/main.cpp).
size_t AllocationCount();

// A record as plain strings, with its line.
struct Row {
  int64_t line;
  std::vector<std::string> fields;
  ces::RecordProblem problem;
  bool operator==(const Row& o) const { return line == o.line && fields == o.fields && problem == o.problem; }
};

class Collect : public ces::CsvSink {
 public:
  std::vector<Row> rows;
  bool OnRecord(const ces::CsvRecord& r) override {
    Row row{r.line, {}, r.problem};
    std::string scratch;
    for (size_t i = 0; i < r.field_count; ++i) row.fields.emplace_back(r.Field(i, scratch));
    rows.push_back(std::move(row));
    return true;
  }
};

// Reads `bytes` in chunks of `chunk` bytes (0 = all at once).
inline std::vector<Row> ReadCsv(std::string_view bytes, size_t chunk = 0, char delimiter = 0,
                                ces::CsvReader* reader_out = nullptr) {
  ces::CsvReader local(delimiter);
  ces::CsvReader& reader = reader_out ? *reader_out : local;
  Collect sink;
  if (chunk == 0) chunk = bytes.size() ? bytes.size() : 1;
  for (size_t i = 0; i < bytes.size(); i += chunk) reader.Feed(bytes.data() + i, std::min(chunk, bytes.size() - i), sink);
  reader.Finish(sink);
  return sink.rows;
}

inline ces::ScoreModel Model(std::string_view json) {
  ces::ModelLoadResult r = ces::LoadModel(json);
  if (!r.ok()) {
    std::string all;
    for (auto& e : r.errors) all += e.ToString() + "\n";
    throw std::runtime_error("test model does not load:\n" + all);
  }
  return *r.model;
}

struct Scored {
  bool ok = false;
  std::string csv;
  std::vector<std::string> errors;  // fatal
  std::unique_ptr<ces::ScoreSession> session;
};

inline Scored Score(const ces::ScoreModel& model, std::string_view data, size_t chunk = 0, bool prune = false) {
  Scored s;
  ces::SessionOptions options;
  options.prune = prune;
  s.session = std::make_unique<ces::ScoreSession>(model, options);
  if (chunk == 0) chunk = data.size() ? data.size() : 1;
  for (size_t i = 0; i < data.size(); i += chunk)
    if (!s.session->Feed(data.data() + i, std::min(chunk, data.size() - i))) break;
  s.ok = s.session->Finish();
  s.errors = s.session->errors();
  if (s.ok) s.csv = ces::ResultsCsv(s.session->dataset(), s.session->model(), s.session->table());
  return s;
}

inline Scored Score(std::string_view model_json, std::string_view data, size_t chunk = 0) {
  return Score(Model(model_json), data, chunk);
}

// The finished session of `data` scored with `model_json`, for tests that read its dataset
// and table (throws, failing the test, when the data does not score).
inline std::unique_ptr<ces::ScoreSession> ScoredSession(std::string_view model_json, std::string_view data) {
  Scored s = Score(model_json, data);
  if (!s.ok) throw std::runtime_error("test data does not score: " + (s.errors.empty() ? std::string() : s.errors.front()));
  return std::move(s.session);
}

// The line of the scored table for `customer` (its first cell), or "".
inline std::string LineOf(const std::string& csv, const std::string& customer) {
  size_t pos = 0;
  while (pos < csv.size()) {
    size_t end = csv.find('\n', pos);
    std::string line = csv.substr(pos, end - pos);
    if (line.rfind(customer + ",", 0) == 0) return line;
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return "";
}

inline std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = s.find('\n', pos);
    out.push_back(s.substr(pos, end - pos));
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return out;
}

}  // namespace ces_test
