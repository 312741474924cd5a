// Fuzz target: the whole score pipeline, model + CSV bytes -> scored table.
//
// Input: byte 0 picks one of the built-in models below, or (6 and 7) says the input
// holds its own model: JSON text, then a line "@@CSV@@", then the file. Byte 1 seeds
// the chunk splits. The rest is the CSV file. Checks:
//   - the same result (table bytes, fatal errors, row counts, listed row errors,
//     warnings, notes) for the whole buffer, random chunks, and the command line's
//     pruned reading -- the app and the CLI must agree;
//   - every number in the table is finite; the order is score descending then id;
//     each tier matches its score;
//   - the table read back by the CSV reader gives one record per customer with the
//     customer and segment cells as written (quotes, line breaks, formula guard);
//   - re-scoring from memory after a model edit equals scoring afresh.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/csv/csv_reader.h"
#include "fuzz_support.h"
#include "engine/inspect/inspect.h"
#include "engine/model/model.h"
#include "engine/base/number_format.h"
#include "engine/results/results_csv.h"
#include "engine/session.h"
#include "engine/base/text.h"

namespace {

const char* const kModels[] = {
    // 0: events, every measure, filters, decay, cap, transforms, tiers, auto as_of.
    R"({"ces_model":1,"data":{"shape":"events","customer":"user_id","time":"timestamp","event":"event","segment":"plan"},
      "window":{"days":60},
      "activities":[
        {"name":"Logins","events":["login"],"weight":1,"cap":20},
        {"name":"Active days","measure":"distinct_days","weight":2},
        {"name":"Spend","events":["purchase"],"measure":"sum","column":"value","weight":0.05,"transform":"log"},
        {"name":"Features","events":["feature_used"],"measure":"distinct_values","column":"value","weight":3},
        {"name":"Recent","events":["login","page_view"],"weight":2,"half_life_days":14},
        {"name":"Tickets","events":["support_ticket"],"weight":-4,"transform":"sqrt"},
        {"name":"Since","measure":"days_since_last","weight":-0.5}],
      "scale":{"method":"percentile"},
      "tiers":[{"name":"At risk","below":30},{"name":"Steady","below":70},{"name":"Champion"}]})",
    // 1: events without an event column, a fixed as_of, minmax.
    R"({"ces_model":1,"data":{"shape":"events","customer":"user_id","time":"timestamp"},
      "window":{"days":30,"as_of":"2024-03-01"},
      "activities":[
        {"name":"Rows","weight":1},
        {"name":"Value","measure":"sum","column":"value","weight":0.5,"half_life_days":7},
        {"name":"Days","measure":"distinct_days","weight":1,"cap":10},
        {"name":"Since","measure":"days_since_last","weight":-1}],
      "scale":{"method":"minmax"},
      "tiers":[{"name":"Low","below":50},{"name":"High"}]})",
    // 2: day-first dates, `;` files with decimal commas, the target scale.
    R"({"ces_model":1,"data":{"shape":"events","customer":"user_id","time":"timestamp","event":"event",
      "time_format":"dmy","delimiter":";"},
      "window":{"days":365},
      "activities":[
        {"name":"Orders","events":["purchase"],"weight":10},
        {"name":"Revenue","events":["purchase"],"measure":"sum","column":"value","weight":0.01,"transform":"sqrt"},
        {"name":"Kinds","measure":"distinct_values","column":"event","weight":1}],
      "scale":{"method":"target","target":50}})",
    // 3: month-first dates, raw scale, a segment, an event filter on a sum.
    R"({"ces_model":1,"data":{"shape":"events","customer":"user_id","time":"timestamp","event":"event",
      "segment":"plan","time_format":"mdy"},
      "window":{"days":7},
      "activities":[
        {"name":"Views","events":["page_view"],"weight":0.1,"transform":"log"},
        {"name":"Paid","events":["purchase","refund"],"measure":"sum","column":"value","weight":1,"cap":1000}],
      "scale":{"method":"raw"}})",
    // 4: customers shape, every transform, tiers.
    R"({"ces_model":1,"data":{"shape":"customers","customer":"email","segment":"plan"},
      "activities":[
        {"name":"Logins","column":"logins","weight":1,"cap":100},
        {"name":"Orders","column":"orders","weight":5,"transform":"log"},
        {"name":"Minutes","column":"minutes","weight":0.5,"transform":"sqrt"},
        {"name":"Tickets","column":"tickets","weight":-3}],
      "scale":{"method":"percentile"},
      "tiers":[{"name":"Low","below":25},{"name":"Mid","below":75},{"name":"High"}]})",
    // 5: customers shape, `;` delimiter, raw scale.
    R"({"ces_model":1,"data":{"shape":"customers","customer":"email","delimiter":";"},
      "activities":[{"name":"Spend","column":"spend","weight":0.001},{"name":"Orders","column":"orders","weight":2}],
      "scale":{"method":"raw"}})",
};
constexpr size_t kBuiltIn = sizeof kModels / sizeof kModels[0];
constexpr std::string_view kSeparator = "\n@@CSV@@\n";

struct Outcome {
  bool ok = false;
  std::vector<std::string> fatal;
  std::string table;
  int64_t rows = 0, row_errors = 0;
  std::vector<std::string> listed, warnings, notes;

  std::string Diff(const Outcome& o) const {
    if (ok != o.ok) return "ok " + std::to_string(ok) + " vs " + std::to_string(o.ok);
    if (fatal != o.fatal) return "fatal errors differ: " + (fatal.empty() ? "" : fatal[0]) + " vs " + (o.fatal.empty() ? "" : o.fatal[0]);
    if (rows != o.rows) return "rows " + std::to_string(rows) + " vs " + std::to_string(o.rows);
    if (row_errors != o.row_errors) return "row errors " + std::to_string(row_errors) + " vs " + std::to_string(o.row_errors);
    if (listed != o.listed) return "listed row errors differ";
    if (warnings != o.warnings) return "warnings differ";
    if (notes != o.notes) return "notes differ";
    if (table != o.table) return "tables differ:\n" + table + "\nvs\n" + o.table;
    return "";
  }
};

Outcome Describe(const ces::ScoreSession& s) {
  Outcome o;
  o.ok = !s.failed() && s.finished();
  o.fatal = s.errors();
  const ces::Dataset& d = s.dataset();
  if (o.ok) o.table = ces::ResultsCsv(d, s.model(), s.table());
  o.rows = d.rows;
  o.row_errors = d.row_errors;
  for (const ces::RowError& e : d.errors) o.listed.push_back(std::to_string(e.line) + ": " + e.message);
  o.warnings = d.warnings;
  o.notes = d.notes;
  return o;
}

// Reads `csv` with `model`: whole (seed < 0) or in chunks; pruned like the CLI or not.
std::unique_ptr<ces::ScoreSession> Run(const ces::ScoreModel& model, std::string_view csv, int seed, bool prune) {
  ces::SessionOptions options;
  options.prune = prune;
  auto s = std::make_unique<ces::ScoreSession>(model, options);
  if (seed < 0) {
    if (!csv.empty()) s->Feed(csv.data(), csv.size());
  } else {
    ces_fuzz::FeedInChunks(csv, static_cast<uint8_t>(seed), [&](const char* p, size_t n) { return s->Feed(p, n); });
  }
  if (!s->failed()) s->Finish();
  return s;
}

class Cells : public ces::CsvSink {
 public:
  std::vector<std::vector<std::string>> records;
  bool problem = false;
  bool OnRecord(const ces::CsvRecord& r) override {
    problem |= r.problem != ces::RecordProblem::kNone;
    std::vector<std::string> row;
    std::string scratch;
    for (size_t i = 0; i < r.field_count; ++i) row.emplace_back(r.Field(i, scratch));
    records.push_back(std::move(row));
    return true;
  }
};

std::string Guarded(std::string_view text) {
  const bool guard = !text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@') &&
                     !ces::LooksLikeNumber(text);
  return (guard ? "'" : "") + std::string(text);
}

void CheckTable(const ces::ScoreSession& s, const std::string& table) {
  const ces::Dataset& d = s.dataset();
  const ces::ScoreTable& t = s.table();
  const ces::ScoreModel& m = s.model();
  const size_t N = t.customers, A = t.activities, G = t.groups, K = m.data.carry.size();
  FUZZ_CHECK(N == d.customer_count() && A == m.activities.size(), "the table has every customer and activity");
  for (size_t c = 0; c < N; ++c) {
    FUZZ_CHECK(std::isfinite(t.raw[c]) && std::isfinite(t.score[c]), "raw and score are finite");
    for (size_t a = 0; a < A; ++a) {
      const double points = t.Points(static_cast<uint32_t>(c), a);
      if (std::isnan(points)) continue;  // skipped (v2 `missing: "skip"`): both cells empty
      FUZZ_CHECK(std::isfinite(t.Value(static_cast<uint32_t>(c), a)), "every value is finite");
      FUZZ_CHECK(std::isfinite(points), "every points cell is finite");
    }
    if (!m.tiers.empty()) {
      const auto& tier = m.tiers[static_cast<size_t>(t.tier[c])];
      FUZZ_CHECK(!tier.below || t.score[c] < *tier.below, "a customer's score is below its tier's bound");
    }
  }
  FUZZ_CHECK(std::isfinite(t.score_mean) && std::isfinite(t.score_median), "the summary's mean and median are finite");
  for (size_t k = 1; k < t.order.size(); ++k) {
    const uint32_t a = t.order[k - 1], b = t.order[k];
    FUZZ_CHECK(t.score[a] > t.score[b] || (t.score[a] == t.score[b] && d.customer_id(a) < d.customer_id(b)),
               "rows are ordered by score descending, then id in byte order");
  }
  // Read the table back.
  ces::CsvReader reader(',');
  Cells cells;
  reader.Feed(table.data(), table.size(), cells);
  reader.Finish(cells);
  FUZZ_CHECK(!cells.problem, "the table reads back without a broken record");
  FUZZ_CHECK(reader.encoding() == ces::TextEncoding::kUtf8, "the table is UTF-8");
  FUZZ_CHECK(cells.records.size() == N + 1, "one record per customer, plus the header");
  for (size_t k = 0; k < cells.records.size(); ++k) {
    const auto& rec = cells.records[k];
    FUZZ_CHECK(rec.size() == 5 + K + 2 * G + 2 * A, "every record has 5 + carried + 2 x groups + 2 x activities cells");
    if (k == 0) {
      for (size_t j = 0; j < K; ++j) FUZZ_CHECK(rec[5 + j] == Guarded(m.data.carry[j]), "header cells read back");
      for (size_t g = 0; g < G; ++g)
        FUZZ_CHECK(rec[5 + K + 2 * g] == Guarded(m.groups[g].name + " points"), "header cells read back");
      for (size_t a = 0; a < A; ++a)
        FUZZ_CHECK(rec[5 + K + 2 * G + 2 * a] == Guarded(m.activities[a].name + " value"), "header cells read back");
      continue;
    }
    const uint32_t c = t.order[k - 1];
    FUZZ_CHECK(rec[0] == Guarded(d.customer_id(c)), "the customer cell reads back: " + ces_fuzz::Show(rec[0]) +
                                                         " vs " + ces_fuzz::Show(d.customer_id(c)));
    if (m.version == 1) FUZZ_CHECK(t.segment[c] == d.segment[c], "v1: the segment is the last non-empty one in the file");
    FUZZ_CHECK(rec[4] == Guarded(d.segment_name(t.segment[c])), "the segment cell reads back");
    for (size_t j = 0; j < K; ++j)
      FUZZ_CHECK(rec[5 + j] == Guarded(d.carried_text(t.carry[c * K + j])), "the carried cells read back");
    for (size_t i : {size_t{1}, size_t{2}}) {
      char* end = nullptr;
      const double v = std::strtod(rec[i].c_str(), &end);
      FUZZ_CHECK(!rec[i].empty() && *end == '\0' && std::isfinite(v), "numbers read back: " + rec[i]);
    }
    FUZZ_CHECK(rec[1] == ces::FormatNumber(t.score[c]) && rec[2] == ces::FormatNumber(t.raw[c]), "score and raw as printed");
  }
}

// A model edit that keeps the ingest plan: activities in reverse order, weights
// doubled and negated in turn, the next scale method, tiers dropped or kept.
ces::ScoreModel Edited(const ces::ScoreModel& m, uint8_t seed) {
  ces::ScoreModel e = m;
  std::reverse(e.activities.begin(), e.activities.end());
  for (size_t a = 0; a < e.activities.size(); ++a) e.activities[a].weight *= (a % 2 ? -2.0 : 2.0);
  if (seed & 1) e.activities.back().cap = 3;
  if ((seed & 2) && e.activities.size() > 1) e.activities.pop_back();
  static const ces::ScaleMethod kNext[4] = {ces::ScaleMethod::kMinMax, ces::ScaleMethod::kPercentile,
                                            ces::ScaleMethod::kTarget, ces::ScaleMethod::kRaw};
  e.scale.method = kNext[static_cast<int>(m.scale.method)];
  e.scale.target = 42;
  if (seed & 4) e.tiers.clear();
  return e;
}

// The model the app proposes for a file (inspect.h) must be one the loader accepts,
// and must score that file.
void CheckStarterModel(std::string_view csv) {
  const ces::CsvProfile profile = ces::InspectCsv(csv);
  const ces::ColumnGuess guess = ces::GuessColumns(profile);
  if (guess.customer < 0) return;
  const std::string json = ces::ModelToJson(ces::StarterModel(profile, guess));
  const ces::ModelLoadResult r = ces::LoadModel(json);
  std::string why;
  for (const ces::ModelError& e : r.errors) why += e.ToString() + "; ";
  FUZZ_CHECK(r.ok(), "the starter model loads: " + why + "\n" + json);
  auto s = Run(*r.model, csv, -1, false);
  std::string fatal;
  for (const std::string& e : s->errors()) fatal += e + "; ";
  // The file itself may be unusable (a broken header); the model's columns must not be why.
  // Known exception: a non-ASCII header that is valid UTF-8 in a file that turns out to be
  // Windows-1252 later. The inspector names its columns as the whole file decodes (spec
  // section 1); the ingestor matched them as UTF-8 when it read the header (TESTING.md).
  bool ascii_header = true;
  for (const auto& c : profile.columns) ascii_header &= ces::IsAscii(c.name);
  if (profile.encoding == ces::TextEncoding::kWindows1252 && !ascii_header) return;
  FUZZ_CHECK(fatal.find("is not in the file") == std::string::npos && fatal.find("is ambiguous") == std::string::npos &&
                 fatal.find("no longer matches the model") == std::string::npos,
             "the starter model's columns are the file's: " + fatal + "\n" + json);
  if (s->finished() && !s->failed()) CheckTable(*s, ces::ResultsCsv(s->dataset(), s->model(), s->table()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t pick = data[0] % 8;
  const uint8_t seed = data[1];
  std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::string_view model_text, csv = rest;
  if (pick < kBuiltIn) {
    model_text = kModels[pick];
  } else {
    const size_t sep = rest.find(kSeparator);
    model_text = rest.substr(0, sep);
    csv = sep == std::string_view::npos ? std::string_view() : rest.substr(sep + kSeparator.size());
  }
  const ces::ModelLoadResult loaded = ces::LoadModel(model_text);
  FUZZ_CHECK(pick >= kBuiltIn || loaded.ok(), "the built-in models load");
  if (!loaded.ok()) return 0;
  const ces::ScoreModel& model = *loaded.model;

  auto whole = Run(model, csv, -1, false);
  const Outcome base = Describe(*whole);
  for (int variant = 0; variant < 2; ++variant) {
    auto other = Run(model, csv, seed, /*prune=*/variant == 1);
    const std::string diff = base.Diff(Describe(*other));
    FUZZ_CHECK(diff.empty(), std::string(variant ? "chunked pruned" : "chunked") + " reading differs from the whole one: " + diff);
  }
  CheckStarterModel(csv);
  if (!base.ok) {
    FUZZ_CHECK(!base.fatal.empty(), "a file that cannot be used says why");
    return 0;
  }
  CheckTable(*whole, base.table);

  const ces::ScoreModel edited = Edited(model, seed);
  if (whole->SetModel(edited) == ces::ScoreSession::ModelChange::kRescored) {
    auto fresh = Run(edited, csv, -1, false);
    const Outcome again = Describe(*fresh);
    const std::string rescored = ces::ResultsCsv(whole->dataset(), whole->model(), whole->table());
    FUZZ_CHECK(again.ok && rescored == again.table, "re-scoring from memory equals scoring afresh:\n" + rescored +
                                                        "\nvs\n" + again.table);
    CheckTable(*whole, rescored);
  }
  return 0;
}
