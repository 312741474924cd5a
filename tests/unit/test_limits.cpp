// The limits of engine_limits.h (documented in docs/limits.md): each one is enforced
// with an error that names the line, the column or the model field -- never a crash,
// never a silent cut. Limits too big to reach here (customers, distinct values, event
// names) are tested on an engine built with small ones: tests/limits.
#include <doctest/doctest.h>

#include <string>

#include "engine/base/engine_limits.h"
#include "test_helpers.h"

using namespace ces;
using ces_test::ReadCsv;
using ces_test::Score;

namespace {

const char* kNotes = R"({"ces_model":1,"data":{"shape":"customers","customer":"id","segment":"note"},
  "activities":[{"name":"N","column":"n","weight":1}],"scale":{"method":"raw"}})";

const char* kEvents = R"({"ces_model":1,"data":{"shape":"events","customer":"u","time":"t","event":"e"},
  "window":{"days":3650},"activities":[{"name":"All","weight":1},{"name":"Buy","events":["buy"],"weight":1}],
  "scale":{"method":"raw"}})";

bool HasRowError(const ces_test::Scored& s, int64_t line, const std::string& text) {
  for (const RowError& e : s.session->dataset().errors)
    if (e.line == line && e.message.find(text) != std::string::npos) return true;
  return false;
}

bool HasFatal(const ces_test::Scored& s, const std::string& text) {
  for (const std::string& e : s.errors)
    if (e.find(text) != std::string::npos) return true;
  return false;
}

std::string Columns(size_t n) {
  std::string header;
  for (size_t i = 0; i < n; ++i) header += (i ? ",c" : "c") + std::to_string(i);
  return header;
}

}  // namespace

TEST_CASE("a row over 64 MiB is a row error naming its line; the rows after it are read") {
  std::string csv = "id,note,n\nc1,ok,1\nc2,\"" + std::string(kMaxRecordBytes + 1, 'x') + "\",2\nc3,ok,3\n";
  for (size_t chunk : {size_t{0}, size_t{1} << 20}) {
    auto s = Score(kNotes, csv, chunk);
    REQUIRE(s.ok);
    CHECK(HasRowError(s, 3, "the row is longer than 64 MiB"));
    CHECK(s.session->dataset().customer_count() == 2);
  }
}

TEST_CASE("a header over 100,000 columns is refused on line 1") {
  auto s = Score(kNotes, Columns(kMaxColumns + 1) + "\n1\n");
  CHECK_FALSE(s.ok);
  CHECK(HasFatal(s, "line 1: the header has 100001 columns; at most 100000 are supported"));
  auto wider = Score(kNotes, Columns(1000000) + "\n1\n");
  CHECK_FALSE(wider.ok);
  CHECK(HasFatal(wider, "line 1: the header line is longer than 64 MiB or has more than 100000 columns"));
}

TEST_CASE("a row of a million delimiters is dropped without holding a million field offsets") {
  // It held 12 bytes per delimiter: a 64 MiB row of commas took 800 MB and 16 s.
  const std::string csv = "id,note,n\nc1,a,1" + std::string(1000000, ',') + "\nc2,b,2\n";
  auto rows = ReadCsv(csv, 4096);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].problem == RecordProblem::kTooLong);
  CHECK(rows[1].fields.empty());
  CHECK(rows[1].line == 2);
  CHECK(rows[2].fields == std::vector<std::string>{"c2", "b", "2"});
  // A record of exactly kMaxColumns + 1 fields is still delivered, so a header that
  // wide gets the message that counts its columns.
  auto edge = ReadCsv(Columns(kMaxColumns + 1) + "\n");
  REQUIRE(edge.size() == 1);
  CHECK(edge[0].problem == RecordProblem::kNone);
  CHECK(edge[0].fields.size() == kMaxColumns + 1);
  auto s = Score(kNotes, csv);
  REQUIRE(s.ok);
  CHECK(HasRowError(s, 2, "has more than 100001 fields; it was skipped"));
}

TEST_CASE("a header line over 16 MiB: the delimiter is sniffed from its first 16 MiB") {
  const std::string csv = "id;note;n;" + std::string(kMaxHeaderBytes + 100, 'h') + "\nc1;a;1;x\n";
  auto s = Score(kNotes, csv, 1 << 20);
  REQUIRE(s.ok);
  CHECK(s.session->dataset().delimiter == ';');
  CHECK(s.session->dataset().customer_count() == 1);
}

TEST_CASE("numeric cells: more than 256 characters is not a number; beyond 1e15 is too large") {
  const std::string long_number(kMaxNumberChars + 1, '1');
  auto s = Score(kNotes, "id,note,n\nc1,a," + long_number + "\nc2,b,1000000000000000\nc3,c,1000000000000001\nc4,d,-1e16\n");
  REQUIRE(s.ok);
  CHECK(HasRowError(s, 2, "in column \"n\" is not a number"));
  CHECK(HasRowError(s, 4, "in column \"n\" is too large (numbers up to 1e15 in absolute value are read)"));
  CHECK(HasRowError(s, 5, "is too large"));
  CHECK(s.session->dataset().customer_count() == 1);  // c2: 1e15 is the largest number read
}

TEST_CASE("row errors: the first 100 are listed, all are counted") {
  std::string csv = "id,note,n\n";
  for (int i = 0; i < 150; ++i) csv += "c" + std::to_string(i) + ",x,oops\n";
  auto s = Score(kNotes, csv);
  REQUIRE(s.ok);
  CHECK(s.session->dataset().row_errors == 150);
  REQUIRE(s.session->dataset().errors.size() == kMaxListedRowErrors);
  CHECK(s.session->dataset().errors.back().line == 101);
}

TEST_CASE("more than 100,000 distinct event names: the rest are grouped, with a warning; named ones still count") {
  std::string csv = "u,t,e\n";
  for (uint32_t i = 0; i < kMaxEventNames + 10; ++i) csv += "a,2024-01-02,ev" + std::to_string(i) + "\n";
  csv += "a,2024-01-02,buy\n";
  auto s = Score(kEvents, csv, 1 << 16);
  REQUIRE(s.ok);
  bool warned = false;
  for (const std::string& w : s.session->dataset().warnings) warned |= w.find("distinct event names") != std::string::npos;
  CHECK(warned);
  const std::string rows = std::to_string(kMaxEventNames + 11), raw = std::to_string(kMaxEventNames + 12);
  CHECK(ces_test::LineOf(s.csv, "a") == "a," + raw + "," + raw + ",,," + rows + "," + rows + ",1,1");
}

TEST_CASE("model limits: window.days and half_life_days at most 36500, at most 64 tiers") {
  auto errors = [](const std::string& json) {
    std::string all;
    for (const ModelError& e : LoadModel(json).errors) all += e.ToString() + "\n";
    return all;
  };
  const std::string head = R"({"ces_model":1,"data":{"shape":"events","customer":"u","time":"t"},)";
  CHECK(errors(head + R"("window":{"days":36501},"activities":[{"name":"A","weight":1}]})")
            .find("window.days: must be a whole number of days from 1 to 36500") != std::string::npos);
  CHECK(errors(head + R"("activities":[{"name":"A","weight":1,"half_life_days":36500.5}]})")
            .find("activities[0].half_life_days: must be more than 0 and at most 36500") != std::string::npos);
  std::string tiers;
  for (size_t i = 0; i <= kMaxTiers; ++i) tiers += (i ? "," : "") + std::string(R"({"name":"t)") + std::to_string(i) + R"(","below":)" + std::to_string(i + 1) + "}";
  CHECK(errors(head + R"("activities":[{"name":"A","weight":1}],"tiers":[)" + tiers + "]}")
            .find("tiers: at most 64 tiers") != std::string::npos);
}

TEST_CASE("a wide header is read in linear time: the field buffer grows geometrically") {
  // The tokenizer's fast path reserved room for 64 more fields per 64-byte block and the
  // buffer grew to exactly that: a 100,000-column header was reallocated and copied
  // ~1,500 times (a second, mostly page faults, for `ces score` to refuse it).
  const std::string header = Columns(kMaxColumns) + "\n";
  CsvReader reader;
  struct Count : CsvSink {
    size_t fields = 0;
    bool OnRecord(const CsvRecord& r) override {
      fields = r.field_count;
      return true;
    }
  } sink;
  const size_t before = ces_test::AllocationCount();
  reader.Feed(header.data(), header.size(), sink);
  reader.Finish(sink);
  CHECK(sink.fields == kMaxColumns);
  CHECK(ces_test::AllocationCount() - before < 100);  // ~1,600 before the fix
}
