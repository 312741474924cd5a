// Test tool for tests/sql/run.mjs: prints, as JSON, the VALID rows of a CSV file
// typed as `ces sql` expects its table (spec v2 section 5), so the example files can
// be loaded into DuckDB, PostgreSQL and ClickHouse exactly as `ces score` read them.
//
//   ces_sql_rows MODEL.json INPUT.csv  ->  {"columns":[{"name","type"}], "rows":[[...]]}
//
// Types: "text" (trimmed; empty = null), "double" (null when empty or not read),
// "timestamp" (epoch milliseconds of the row's UTC day: ParseTimestamp gives days,
// which is all a v1 model uses; v2 time ties are tested on generated files), "line".
// Validity follows v1 section 4 with the engine's own parsers: field count, customer
// id, timestamp (slash-date order decided by the whole file), numbers an activity reads.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/text.h"
#include "engine/csv/csv_reader.h"
#include "engine/csv/value_parse.h"
#include "engine/model/model.h"

using namespace ces;

namespace {

struct Record {
  int64_t line;
  bool problem;
  std::vector<std::string> fields;
};

class Collect : public CsvSink {
 public:
  std::vector<Record> records;
  bool OnRecord(const CsvRecord& r) override {
    Record rec{r.line, r.problem != RecordProblem::kNone, {}};
    std::string scratch;
    for (size_t i = 0; i < r.field_count; ++i) rec.fields.emplace_back(r.Field(i, scratch));
    records.push_back(std::move(rec));
    return true;
  }
};

int Find(const std::vector<std::string>& header, const std::string& name) {
  const std::string_view want = TrimSpaces(name);
  for (size_t i = 0; i < header.size(); ++i)
    if (TrimSpaces(header[i]) == want) return static_cast<int>(i);
  int found = -1;
  for (size_t i = 0; i < header.size(); ++i)
    if (EqualsIgnoreCase(TrimSpaces(header[i]), want)) {
      if (found >= 0) return -1;
      found = static_cast<int>(i);
    }
  return found;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: ces_sql_rows MODEL.json INPUT.csv\n");
    return 2;
  }
  std::ifstream mf(argv[1], std::ios::binary), cf(argv[2], std::ios::binary);
  std::stringstream ms, cs;
  ms << mf.rdbuf();
  cs << cf.rdbuf();
  ModelLoadResult loaded = LoadModel(ms.str());
  if (!loaded.ok()) {
    for (const ModelError& e : loaded.errors) std::fprintf(stderr, "%s\n", e.ToString().c_str());
    return 2;
  }
  const ScoreModel& m = *loaded.model;
  const bool events = m.data.shape == Shape::kEvents;
  CsvReader reader(m.data.delimiter);
  Collect sink;
  const std::string bytes = cs.str();
  reader.Feed(bytes.data(), bytes.size(), sink);
  reader.Finish(sink);
  if (reader.encoding() == TextEncoding::kWindows1252) {
    std::fprintf(stderr, "Windows-1252 files are not supported by this test tool\n");
    return 2;
  }
  if (sink.records.empty()) return 2;
  const std::vector<std::string> header = sink.records[0].fields;
  const bool decimal_comma = reader.delimiter() == ';';

  // The table's columns: name as in the model, type, header index.
  struct Column {
    std::string name, type;
    int index;
  };
  std::vector<Column> columns;
  std::set<std::string> seen;
  auto add = [&](const std::string& name, const std::string& type) {
    if (name.empty() || !seen.insert(name).second) return;
    const int idx = Find(header, name);
    if (idx < 0) {
      std::fprintf(stderr, "no column %s\n", name.c_str());
      std::exit(2);
    }
    columns.push_back({name, type, idx});
  };
  add(m.data.customer, "text");
  if (events) add(m.data.time, "timestamp");
  if (events) add(m.data.event, "text");
  add(m.data.segment, "text");
  for (const std::string& c : m.data.carry) add(c, "text");
  // Number columns, and the events whose rows read them ("" in the set = every row).
  std::map<std::string, std::set<std::string>> reads;
  for (const Activity& a : m.activities) {
    if (a.measure == Measure::kSum || a.measure == Measure::kValue) {
      add(a.column, "double");
      if (a.events.empty() || !events) reads[a.column].insert("");
      for (const std::string& e : a.events) reads[a.column].insert(e);
    }
    if (a.measure == Measure::kDistinctValues) add(a.column, "text");
  }
  const int customer = Find(header, m.data.customer);
  const int time = events ? Find(header, m.data.time) : -1;
  const int event = events && !m.data.event.empty() ? Find(header, m.data.event) : -1;

  // The file's slash-date order: the first date (on a row of the right width) that shows it.
  int order = -1;  // -1 unknown, 0 month-first, 1 day-first
  if (events)
    for (size_t r = 1; r < sink.records.size() && order < 0; ++r) {
      const Record& rec = sink.records[r];
      if (rec.problem || rec.fields.size() != header.size()) continue;
      ParsedTime t = ParseTimestamp(rec.fields[static_cast<size_t>(time)], m.data.time_format);
      if (t.kind != ParsedTime::kSlashDate || (t.first <= 12 && t.second <= 12)) continue;
      int32_t day;
      if (SlashDateDay(t.first, t.second, t.year, t.first > 12, &day)) order = t.first > 12 ? 1 : 0;
    }

  nlohmann::json out;
  out["columns"] = nlohmann::json::array();
  for (const Column& c : columns) out["columns"].push_back({{"name", c.name}, {"type", c.type}});
  out["columns"].push_back({{"name", "_line"}, {"type", "line"}});
  out["rows"] = nlohmann::json::array();
  int64_t errors = 0;
  for (size_t r = 1; r < sink.records.size(); ++r) {
    const Record& rec = sink.records[r];
    if (rec.problem || rec.fields.size() != header.size()) {
      ++errors;
      continue;
    }
    int64_t ms_of_day = 0;
    if (events) {
      ParsedTime t = ParseTimestamp(rec.fields[static_cast<size_t>(time)], m.data.time_format);
      int32_t day = 0;
      bool ok = t.kind == ParsedTime::kDay;
      if (ok) day = t.day;
      if (t.kind == ParsedTime::kSlashDate) ok = SlashDateDay(t.first, t.second, t.year, order == 1, &day);
      if (!ok) {
        ++errors;
        continue;
      }
      ms_of_day = static_cast<int64_t>(day) * 86400000;
    }
    if (TrimSpaces(rec.fields[static_cast<size_t>(customer)]).empty()) {
      ++errors;
      continue;
    }
    const std::string ev = event >= 0 ? std::string(TrimSpaces(rec.fields[static_cast<size_t>(event)])) : "";
    nlohmann::json row = nlohmann::json::array();
    bool valid = true;
    for (const Column& c : columns) {
      const std::string& cell = rec.fields[static_cast<size_t>(c.index)];
      if (c.type == "timestamp") {
        row.push_back(ms_of_day);
      } else if (c.type == "text") {
        std::string_view v = TrimSpaces(cell);
        if (v.empty()) row.push_back(nullptr);
        else row.push_back(std::string(v));
      } else {
        const std::set<std::string>& who = reads[c.name];
        const bool read = who.count("") || (event >= 0 && who.count(ev));
        double v = 0;
        NumberStatus s = ParseNumber(cell, decimal_comma, &v);
        if (s == NumberStatus::kOk) row.push_back(v);
        else row.push_back(nullptr);
        if (read && (s == NumberStatus::kInvalid || s == NumberStatus::kOutOfRange)) valid = false;
      }
    }
    if (!valid) {
      ++errors;
      continue;
    }
    row.push_back(rec.line);
    out["rows"].push_back(row);
  }
  out["row_errors"] = errors;
  std::cout << out.dump() << "\n";
  return 0;
}
