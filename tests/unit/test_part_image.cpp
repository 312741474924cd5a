// Part images (engine/aggregate/part_image.h): a part read in one engine instance,
// saved, loaded in another and absorbed, gives exactly what one session gives; and
// exactly what absorbing the part sessions themselves gives (merged or refused alike).
// A damaged image is an error value.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/aggregate/part_image.h"
#include "engine/results/results_csv.h"
#include "test_helpers.h"

using namespace ces;
using ces_test::Model;
using ces_test::ReadText;

namespace {

struct Outcome {
  bool ended = false;    // every part ended between records
  bool merged = false;
  std::string csv;
  std::vector<RowError> errors;
  std::vector<std::string> warnings;  // the file's and the scoring's notes (currencies, merged ids, …)
  uint64_t bytes = 0;
};

std::vector<std::string> Warnings(const ScoreSession& s) {
  std::vector<std::string> all = s.dataset().warnings;
  all.insert(all.end(), s.table().warnings.begin(), s.table().warnings.end());
  return all;
}

// Reads `data` in parts at `cuts` (line starts after the header), each part fed the
// header first, and absorbs them in order into a session fed only the header (as the
// page does: every part is read by a worker) — the parts themselves, or through images.
Outcome ReadInParts(const ScoreModel& model, const std::string& data, const std::vector<size_t>& cuts,
                    bool through_images, bool prune) {
  Outcome r;
  const size_t header = data.find('\n') + 1;
  SessionOptions options;
  options.prune = prune;
  ScoreSession main(model, options);
  main.Feed(data.data(), header);
  int64_t line = main.lines_read();
  std::vector<size_t> bounds{header};
  bounds.insert(bounds.end(), cuts.begin(), cuts.end());
  bounds.push_back(data.size());
  for (size_t k = 0; k + 1 < bounds.size(); ++k) {
    ScoreSession part(model, options);
    part.Feed(data.data(), header);
    const int64_t first_line = part.lines_read();
    part.Feed(data.data() + bounds[k], bounds[k + 1] - bounds[k]);
    if (!part.EndPart(k + 2 == bounds.size())) return r;
    const int64_t end_line = part.lines_read();
    std::string why;
    if (through_images) {
      const std::string image = SavePart(part);
      std::string error;
      std::unique_ptr<ScoreSession> loaded = LoadPart(model, options, image, &error);
      REQUIRE_MESSAGE(loaded, error);
      CHECK(SavePart(*loaded) == image);  // nothing lost on the way
      if (!main.AbsorbPart(*loaded, line - first_line, header, &why)) return r.ended = true, r;
    } else if (!main.AbsorbPart(part, line - first_line, header, &why)) {
      return r.ended = true, r;
    }
    line += end_line - first_line;
  }
  r.ended = r.merged = true;
  REQUIRE(main.Finish());
  r.csv = ResultsCsv(main.dataset(), main.model(), main.table());
  r.errors = main.dataset().errors;
  r.warnings = Warnings(main);
  r.bytes = main.bytes_fed();
  return r;
}

// Line starts near `parts` equal shares of the body.
std::vector<size_t> EvenCuts(const std::string& data, int parts, int shift) {
  std::vector<size_t> cuts;
  const size_t header = data.find('\n') + 1;
  for (int k = 1; k < parts; ++k) {
    size_t at = header + (data.size() - header) * static_cast<size_t>(k) / static_cast<size_t>(parts);
    for (int s = 0; s < shift && at < data.size(); ++s) at = data.find('\n', at) + 1;
    at = data.find('\n', at);
    if (at == std::string::npos || at + 1 >= data.size()) break;
    if (cuts.empty() || at + 1 > cuts.back()) cuts.push_back(at + 1);
  }
  return cuts;
}

// Every way `data` is read in 2-4 parts: through images exactly as without them, and
// one session's table whenever the parts merge. Returns how many readings merged.
int CheckFile(const std::string& what, const ScoreModel& model, const std::string& data) {
  int merged = 0;
  for (bool prune : {false, true}) {
    SessionOptions options;
    options.prune = prune;
    const ces_test::Scored one = ces_test::Score(model, data, 0, prune);
    for (int parts = 2; parts <= 4; ++parts)
      for (int shift = 0; shift < 3; ++shift) {
        const std::vector<size_t> cuts = EvenCuts(data, parts, shift);
        if (cuts.empty()) continue;
        CAPTURE(what);
        CAPTURE(parts);
        CAPTURE(prune);
        const Outcome direct = ReadInParts(model, data, cuts, false, prune);
        const Outcome images = ReadInParts(model, data, cuts, true, prune);
        CHECK(images.ended == direct.ended);
        CHECK(images.merged == direct.merged);
        if (!images.merged) continue;
        ++merged;
        REQUIRE(one.ok);
        CHECK(images.csv == one.csv);
        CHECK(images.csv == direct.csv);
        CHECK(images.bytes == data.size());
        CHECK(images.warnings == Warnings(*one.session));
        REQUIRE(images.errors.size() == one.session->dataset().errors.size());
        for (size_t i = 0; i < images.errors.size(); ++i) {
          CHECK(images.errors[i].line == one.session->dataset().errors[i].line);
          CHECK(images.errors[i].message == one.session->dataset().errors[i].message);
        }
      }
  }
  return merged;
}

}  // namespace

TEST_CASE("parts through images give one session's table: the examples") {
  int merged = 0;
  for (const ces_test::Example& e : ces_test::BundledExamples(CES_SOURCE_DIR))
    merged += CheckFile(e.name, Model(e.model), e.data) > 0;
  CHECK(merged >= 2);  // the customers-shape examples hold fractional sums: their parts refuse
}

TEST_CASE("parts through images give one session's table: the corpus of awkward files") {
  const std::string root = std::string(CES_SOURCE_DIR) + "/tests/corpus/";
  const auto manifest = nlohmann::json::parse(ReadText(root + "manifest.json"));
  int files = 0, merged = 0;
  for (const auto& entry : manifest) {
    if (!entry.contains("file") || !entry.contains("model")) continue;
    const std::string data = ReadText(root + entry["file"].get<std::string>());
    const ModelLoadResult loaded = LoadModel(ReadText(root + entry["model"].get<std::string>()));
    if (!loaded.ok() || data.empty()) continue;
    ++files;
    merged += CheckFile(entry["file"].get<std::string>(), *loaded.model, data) > 0;
  }
  CHECK(files > 20);
  CHECK(merged > 10);
}

TEST_CASE("a generated log with every attribute rule, in parts through images") {
  const ScoreModel model = Model(R"({
    "ces_model": 2,
    "data": {"shape":"events","customer":"user","time":"time","event":"event","segment":"plan","carry":["note"]},
    "window": {"days": 20},
    "activities": [
      {"name":"Logins","events":["login"],"weight":1},
      {"name":"Spend","events":["buy"],"measure":"sum","column":"amount","weight":0.5},
      {"name":"Pages","events":["view"],"measure":"distinct_values","column":"note","weight":1},
      {"name":"Since","measure":"days_since_last","weight":-0.5}
    ],
    "scale": {"method":"percentile"}
  })");
  std::string s = "user,time,event,amount,note,plan\n";
  uint32_t x = 12345;
  for (int i = 0; i < 3000; ++i) {
    x = x * 1103515245u + 12345u;
    const int day = i / 60, h = (x >> 8) % 24;
    char row[160];
    std::snprintf(row, sizeof row, "u%u,2024-03-%02dT%02d:00:00Z,%s,%u,%s,%s\n", (x >> 12) % 97, 1 + day % 28, h,
                  (x >> 4) % 3 == 0 ? "login" : (x >> 4) % 3 == 1 ? "buy" : "view", (x >> 16) % 50,
                  (x >> 6) % 4 == 0 ? "\"a\nb\"" : (x >> 6) % 4 == 1 ? "p" : "", (x >> 9) % 3 == 0 ? "pro" : "");
    s += i % 41 == 7 ? ",2024-03-01T00:00:00Z,login,1,,\n" : row;  // a row error now and then
  }
  CHECK(CheckFile("generated", model, s) >= 10);
}

TEST_CASE("amounts in several currencies: the note survives parts through images") {
  const ScoreModel model = Model(R"({
    "ces_model": 1,
    "data": {"shape":"events","customer":"user","time":"time","event":"event"},
    "activities": [ {"name":"Spend","events":["charge"],"measure":"sum","column":"amount","weight":1} ]
  })");
  std::string s = "user,time,event,amount,currency\n";
  const char* codes[] = {"usd", "USD", "eur", "gbp"};
  for (int i = 0; i < 400; ++i)
    s += "c" + std::to_string(i % 13) + ",2024-05-" + (i / 20 < 9 ? "0" : "") + std::to_string(1 + i / 20) + "T10:00:00Z,charge," +
         std::to_string(100 + i) + "," + codes[i < 200 ? i % 2 : 2 + i % 2] + "\n";  // the later parts bring EUR and GBP
  const ces_test::Scored one = ces_test::Score(model, s);
  REQUIRE(one.ok);
  bool noted = false;
  for (const std::string& w : Warnings(*one.session)) noted |= w.find("USD, EUR, GBP") != std::string::npos;
  CHECK(noted);
  CHECK(CheckFile("currencies", model, s) >= 4);
}

TEST_CASE("a damaged part image is an error, never a crash") {
  const std::string dir = std::string(CES_SOURCE_DIR) + "/examples/saas-events/";
  const ScoreModel model = Model(ReadText(dir + "model.json"));
  const std::string data = ReadText(dir + "data.csv");
  ScoreSession part(model);
  part.Feed(data.data(), data.size());
  REQUIRE(part.EndPart(true));
  const std::string image = SavePart(part);
  std::string error;
  REQUIRE(LoadPart(model, {}, image, &error));
  // Cut short anywhere.
  for (size_t n = 0; n < image.size(); n += 1 + n / 64) {
    error.clear();
    CHECK_FALSE(LoadPart(model, {}, std::string_view(image).substr(0, n), &error));
    CHECK(!error.empty());
  }
  // One byte changed anywhere.
  for (size_t at = 0; at < image.size(); at += 1 + at / 97) {
    std::string garbled = image;
    garbled[at] = static_cast<char>(garbled[at] ^ 0x5A);
    CHECK_FALSE(LoadPart(model, {}, garbled, &error));
  }
  // Read with another model.
  const ScoreModel other = Model(ReadText(std::string(CES_SOURCE_DIR) + "/examples/shopify-orders/model.json"));
  CHECK_FALSE(LoadPart(other, {}, image, &error));
  CHECK(error.find("another model") != std::string::npos);
}
