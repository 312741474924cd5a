// Round trip (issue 5): the scored table CES writes, read back by the CES CSV reader,
// gives the same cells -- quotes, line breaks, delimiters and the formula guard
// included -- whatever the chunking of the read. (tests/roundtrip does the same with
// Python's csv module.)
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/base/number_format.h"
#include "engine/results/results_csv.h"
#include "test_helpers.h"

using namespace ces;
using ces_test::ReadCsv;
using ces_test::Score;

namespace {

// Ids and segments that need quoting, guarding, or neither.
const std::vector<std::string> kNasty = {
    "plain", "a,b", "say \"hi\"", "\"", "\"\"", "two\nlines", "cr\rhere", "crlf\r\nthere", "=SUM(A1)", "+33 6 12",
    "-cmd", "@user", "-5", "+7", "1e5", "-1.5e-3", "=", "-", "@", "'already", "semi;colon", "pipe|bar", "tab\there",
    "Zoë", "東京", "🚀 rocket", "a\0b", ",leading comma", "trailing comma,", "\"quoted\" start", "end \"quoted\"",
};

std::string Guarded(const std::string& s) {
  const bool guard = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') && !LooksLikeNumber(s);
  return guard ? "'" + s : s;
}

// A field for the input file: quoted, with quotes doubled.
std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("customer ids and segments come back cell for cell, guard included") {
  std::string csv = "id,note,n\n";
  for (size_t i = 0; i < kNasty.size(); ++i) {
    // Each id once as itself, with a numbered twin so every id is distinct.
    csv += Quoted(kNasty[i]) + "," + Quoted(kNasty[(i + 7) % kNasty.size()]) + "," + std::to_string(i) + "\n";
  }
  const char* model = R"({"ces_model":1,"data":{"shape":"customers","customer":"id","segment":"note"},
    "activities":[{"name":"N, \"the\" value;","column":"n","weight":1}],"scale":{"method":"raw"},
    "tiers":[{"name":"=low","below":10},{"name":"a,\"b\"","below":20},{"name":"@top"}]})";
  auto s = Score(model, std::string(csv));
  REQUIRE(s.ok);
  REQUIRE(s.session->dataset().row_errors == 0);
  const ScoreTable& t = s.session->table();
  const Dataset& d = s.session->dataset();
  REQUIRE(t.customers == kNasty.size());

  for (size_t chunk : {size_t{0}, size_t{1}, size_t{3}, size_t{64}}) {
    CAPTURE(chunk);
    const auto rows = ReadCsv(s.csv, chunk, ',');
    REQUIRE(rows.size() == kNasty.size() + 1);
    CHECK(rows[0].fields == std::vector<std::string>{"customer", "score", "raw", "tier", "segment",
                                                     "N, \"the\" value; value", "N, \"the\" value; points"});
    for (size_t k = 1; k < rows.size(); ++k) {
      const uint32_t c = t.order[k - 1];
      const auto& f = rows[k].fields;
      REQUIRE(f.size() == 7);
      CHECK(rows[k].problem == RecordProblem::kNone);
      CHECK(f[0] == Guarded(std::string(d.customer_id(c))));
      CHECK(f[1] == FormatNumber(t.score[c]));
      CHECK(f[2] == FormatNumber(t.raw[c]));
      CHECK(f[3] == Guarded(s.session->model().tiers[static_cast<size_t>(t.tier[c])].name));
      CHECK(f[4] == Guarded(std::string(d.segment_of(c))));
    }
  }
  // Sniffed rather than fixed, the delimiter is still the comma: the header has more
  // commas outside quotes than anything else.
  CsvReader reader;
  ReadCsv(s.csv, 5, 0, &reader);
  CHECK(reader.delimiter() == ',');
}

TEST_CASE("a guarded cell read back and written again is not guarded twice") {
  std::string once, twice;
  AppendTextCell("=1+1", once);
  CHECK(once == "'=1+1");
  AppendTextCell("'=1+1", twice);
  CHECK(twice == "'=1+1");
}

TEST_CASE("the table of a table: CES reads its own output as a customers file") {
  const char* model = R"({"ces_model":1,"data":{"shape":"customers","customer":"id","segment":"note"},
    "activities":[{"name":"N","column":"n","weight":1}],"scale":{"method":"raw"}})";
  std::string csv = "id,note,n\n";
  for (size_t i = 0; i < kNasty.size(); ++i)
    csv += Quoted(kNasty[i] + "#" + std::to_string(i)) + "," + Quoted(kNasty[i]) + "," + std::to_string(i) + "\n";
  auto first = Score(model, csv);
  REQUIRE(first.ok);
  const char* again = R"({"ces_model":1,"data":{"shape":"customers","customer":"customer","segment":"segment"},
    "activities":[{"name":"N","column":"raw","weight":1}],"scale":{"method":"raw"}})";
  auto second = Score(again, first.csv, 7);
  REQUIRE(second.ok);
  CHECK(second.session->dataset().row_errors == 0);
  // Ids were trimmed and guarded on the way out; read back they are those cells, and
  // written again they stay the same (a guard is never doubled).
  CHECK(second.csv == first.csv);
}
