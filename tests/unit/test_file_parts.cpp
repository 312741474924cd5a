// One file read in parts (`ces score --threads`): where a file may be cut
// (record_ranges.h), and parts merged by ScoreSession::AbsorbPart giving exactly
// what one session gives, or refusing.
#include <doctest/doctest.h>

#include <optional>
#include <random>

#include "engine/aggregate/ingest.h"
#include "engine/csv/record_ranges.h"
#include "engine/csv/value_parse.h"
#include "engine/evaluate/history.h"
#include "engine/results/results_csv.h"
#include "test_helpers.h"

using namespace ces;
using ces_test::Model;
using ces_test::Score;

namespace {

const char* kModel = R"({
  "ces_model": 2,
  "data": {"shape":"events","customer":"user","time":"time","event":"event","segment":"plan","carry":["note"]},
  "window": {"days": 20},
  "activities": [
    {"name":"Logins","events":["login"],"weight":1},
    {"name":"Spend","events":["buy"],"measure":"sum","column":"amount","weight":0.5},
    {"name":"Pages","events":["view"],"measure":"distinct_values","column":"note","weight":1},
    {"name":"Days","measure":"distinct_days","weight":1},
    {"name":"Since","measure":"days_since_last","weight":-0.5}
  ],
  "scale": {"method":"percentile"}
})";

// Rows in time order with integer amounts, quoted line breaks, ties by time and bad rows.
// `fraction` follows every amount's integer part: "" (integers), ".1", ".1000001"...
std::string Log(uint32_t seed, int rows, const char* fraction) {
  std::mt19937 rng(seed);
  std::string s = "user,time,event,amount,note,plan\n";
  int t = 0;
  for (int i = 0; i < rows; ++i) {
    t += static_cast<int>(rng() % 20000);
    char ts[40];
    std::snprintf(ts, sizeof ts, "2024-%02d-%02dT%02d:%02d:00Z", 1 + t / 86400 / 28 % 12, 1 + t / 86400 % 28,
                  t / 3600 % 24, t / 60 % 60);
    const char* events[] = {"login", "buy", "view"};
    const char* notes[] = {"a", "\"x\ny\"", "b", ""};
    const char* plans[] = {"free", "pro", ""};
    std::string amount = std::to_string(rng() % 100) + fraction;
    std::string user = "u" + std::to_string(rng() % 13);
    if (i % 37 == 5) user = "";  // a row error
    const std::string row = user + "," + ts + "," + events[rng() % 3] + "," + amount + "," + notes[rng() % 4] + ",";
    s += row + plans[rng() % 3] + "\n";
    if (i % 9 == 0) s += row + "pro\n";  // the same instant again: the later line wins the tie
  }
  return s;
}

struct Parts {
  bool ended = false, merged = false;
  std::string csv;
  std::vector<RowError> errors;
  int64_t row_errors = 0;
  size_t first_cells = 0;  // buckets the first part held when it ended
};

size_t CellsHeld(const Dataset& d) {
  size_t n = 0;
  for (uint32_t c = 0; c < d.cells.customer_count(); ++c) n += d.cells.cell_count(c);  // none in a customer table
  return n;
}

// Two parts cut at byte `cut` (a line start), merged. `raise`: as `ces score --threads`
// does, the first part is told the second's latest day halfway through its bytes and
// again at its end (ScoreSession::RaiseLatestDay).
Parts ReadInTwo(const ScoreModel& model, const std::string& data, size_t cut, bool raise = false) {
  Parts r;
  const size_t header = data.find('\n') + 1;
  SessionOptions options;
  options.prune = true;
  ScoreSession first(model, options), second(model, options);
  second.Feed(data.data(), header);
  const int64_t second_first_line = second.lines_read();
  second.Feed(data.data() + cut, data.size() - cut);
  const std::optional<int32_t> latest = second.dataset().max_day;
  first.Feed(data.data(), cut / 2);
  if (raise && latest) first.RaiseLatestDay(*latest);
  first.Feed(data.data() + cut / 2, cut - cut / 2);
  if (raise && latest) first.RaiseLatestDay(*latest);
  r.first_cells = CellsHeld(first.dataset());
  r.ended = first.EndPart(false) && second.EndPart(true);
  if (!r.ended) return r;
  std::string why;
  r.merged = first.AbsorbPart(second, first.lines_read() - second_first_line, header, &why);
  if (!r.merged) return r;
  REQUIRE(first.Finish());
  r.csv = ResultsCsv(first.dataset(), first.model(), first.table());
  r.errors = first.dataset().errors;
  r.row_errors = first.dataset().row_errors;
  CHECK(first.bytes_fed() == data.size());
  return r;
}

}  // namespace

TEST_CASE("the header record's length, when it is the first line") {
  CHECK(HeaderRecordLength("a,b\nx,y\n", 0) == 4);
  CHECK(HeaderRecordLength("\"a\",\"b\"\r\nx,y\n", 0) == 9);
  CHECK(HeaderRecordLength("\"a\nb\",c\n1,2\n", 0) == kNoCut);  // a line break inside the header
  CHECK(HeaderRecordLength("a,b", 0) == kNoCut);
  CHECK(HeaderRecordLength(std::string("\xFF\xFE" "a\0,\0b\0\n\0", 10), 0) == kNoCut);
}

TEST_CASE("a cut where a later day starts") {
  const std::string lines = "u,2024-01-01T10:00:00Z\nu,2024-01-01T23:00:00Z\nu,2024-01-02T00:00:00Z\n";
  CHECK(DayChangeAfter(lines, ',', 1, TimeFormat::kAuto) == lines.find("u,2024-01-02"));
  // +03:00 on the next date is still the same UTC day: no cut there.
  const std::string offset = "u,2024-01-01T10:00:00Z\nu,2024-01-02T01:00:00+03:00\nu,2024-01-02T05:00:00Z\n";
  CHECK(DayChangeAfter(offset, ',', 1, TimeFormat::kAuto) == offset.find("u,2024-01-02T05"));
  // Never right after a line it could not read (a quote left open: it goes on past the
  // line break, and the next line may be inside the field).
  const std::string open = "u,2024-01-01T10:00:00Z\nu,\"a note\nacross lines\",2024-01-01T11:00:00Z\nu,2024-01-02T00:00:00Z\n";
  CHECK(DayChangeAfter(open, ',', 2, TimeFormat::kAuto) == kNoCut);
  CHECK(DayChangeAfter(open, ',', 1, TimeFormat::kAuto) == kNoCut);
  // Quoted fields within a line are read: a file that quotes every field still has cuts.
  const std::string quoted = "\"u\",\"2024-01-01T10:00:00Z\"\r\n\"u,\"\"x\"\"\",\"2024-01-01T11:00:00Z\"\r\n"
                             "\"u\",\"2024-01-02T00:00:00Z\"\r\n";
  CHECK(DayChangeAfter(quoted, ',', 1, TimeFormat::kAuto) == quoted.find("\"u\",\"2024-01-02"));
  const std::string quoted_time_first = "\"2024-01-01\",\"u\"\n\"2024-01-02\",\"u\"\n";
  CHECK(DayChangeAfter(quoted_time_first, ',', 0, TimeFormat::kAuto) == quoted_time_first.find("\"2024-01-02"));
  // A quote inside an unquoted field, or bytes after a closing quote up to a quote:
  // not guessed at.
  CHECK(DayChangeAfter("u,2024-01-01\nu\"v,2024-01-01\nu,2024-01-02\n", ',', 1, TimeFormat::kAuto) == kNoCut);
  const std::string stray = "\"u\"x\",2024-01-01\nu,2024-01-01\nu,2024-01-02\n";
  CHECK(DayChangeAfter(stray, ',', 1, TimeFormat::kAuto) == stray.find("u,2024-01-02"));  // not right after line 1
  CHECK(DayChangeAfter("u,2024-01-01\nu,2024-01-01\n", ',', 1, TimeFormat::kAuto) == kNoCut);
}

TEST_CASE("a cut found over bytes read a piece at a time is the one found over them all") {
  std::string bytes = "ay\n";  // the window starts a byte before the nominal position: mid-line
  for (int d = 1; d <= 3; ++d)
    for (int h = 0; h < 24; h += 5) bytes += "u,2024-01-0" + std::to_string(d) + "T" + (h < 10 ? "0" : "") + std::to_string(h) + ":00:00Z\n";
  const size_t whole = CutInWindow(bytes, ',', 1, TimeFormat::kAuto);
  REQUIRE(whole == bytes.find("u,2024-01-02"));
  for (size_t first = 0; first <= bytes.size(); ++first) {
    CAPTURE(first);
    CutFinder finder(',', 1, TimeFormat::kAuto);
    const size_t early = finder.Find(std::string_view(bytes).substr(0, first));
    if (early != kNoCut) {  // found in the first piece: the same cut
      CHECK(early == whole);
      continue;
    }
    CHECK(finder.Find(bytes) == whole);  // the lines of the first piece are not scanned again
  }
}

TEST_CASE("two parts merged give one session's table, errors and lines, at every cut") {
  const ScoreModel model = Model(kModel);
  const std::string data = Log(7, 400, "");
  const ces_test::Scored one = Score(model, data, 0, /*prune=*/true);
  REQUIRE(one.ok);
  int merged = 0, inside_quotes = 0;
  for (size_t cut = data.find('\n') + 1; cut < data.size(); cut = data.find('\n', cut) + 1) {
    const Parts p = ReadInTwo(model, data, cut);
    if (!p.ended) {  // the cut was inside a quoted field: the first part must say so
      ++inside_quotes;
      CHECK(data[cut - 2] != '"');
      continue;
    }
    REQUIRE(p.merged);  // integer sums: every cut between records merges
    ++merged;
    CHECK(p.csv == one.csv);
    CHECK(p.row_errors == one.session->dataset().row_errors);
    REQUIRE(p.errors.size() == one.session->dataset().errors.size());
    for (size_t i = 0; i < p.errors.size(); ++i) {
      CHECK(p.errors[i].line == one.session->dataset().errors[i].line);
      CHECK(p.errors[i].message == one.session->dataset().errors[i].message);
    }
  }
  CHECK(merged > 300);
  CHECK(inside_quotes > 10);
}

TEST_CASE("a part told a later part's latest day drops what no window can use: the same table at every cut") {
  const ScoreModel model = Model(kModel);  // a 20-day window over ~6 weeks of rows
  const std::string data = Log(7, 400, "");
  const ces_test::Scored one = Score(model, data, 0, /*prune=*/true);
  REQUIRE(one.ok);
  int merged = 0, dropped_some = 0;
  for (size_t cut = data.find('\n') + 1; cut < data.size(); cut = data.find('\n', cut) + 1) {
    const Parts p = ReadInTwo(model, data, cut, /*raise=*/true);
    if (!p.ended) continue;  // inside a quoted field (the test above)
    REQUIRE(p.merged);
    ++merged;
    // Buckets are merged and dropped when a list fills or at a sweep, so the counts
    // move a little with when that happened; far fewer only comes from the raise.
    const size_t unraised = ReadInTwo(model, data, cut).first_cells;
    dropped_some += p.first_cells * 4 < unraised * 3;
    CHECK(p.csv == one.csv);
    CHECK(p.row_errors == one.session->dataset().row_errors);
  }
  CHECK(merged > 300);
  CHECK(dropped_some > 50);  // the raise did leave the first part fewer buckets, at many cuts
}

TEST_CASE("decimal amounts: parts merge at any cut, one reader's table") {
  // Held as integers of hundredths (DecimalSums), they add exactly in any grouping.
  const ScoreModel model = Model(kModel);
  const std::string data = Log(11, 400, ".25");
  const ces_test::Scored one = Score(model, data, 0, /*prune=*/true);
  int merged = 0;
  for (size_t cut = data.find('\n') + 1; cut < data.size(); cut = data.find('\n', cut) + 1) {
    const Parts p = ReadInTwo(model, data, cut);
    if (!p.ended) continue;
    CHECK(p.merged);
    merged += p.merged;
    if (p.merged) CHECK(p.csv == one.csv);
  }
  CHECK(merged > 300);
}

TEST_CASE("amounts with more decimals than are held exactly: parts that share a day refuse, whole days merge") {
  const ScoreModel model = Model(kModel);
  const std::string data = Log(11, 400, ".1000001");  // 7 decimals: plain sums, added in row order
  const ces_test::Scored one = Score(model, data, 0, /*prune=*/true);
  int merged = 0, refused = 0;
  for (size_t cut = data.find('\n') + 1; cut < data.size(); cut = data.find('\n', cut) + 1) {
    const Parts p = ReadInTwo(model, data, cut);
    if (!p.ended) continue;
    if (p.merged) {
      ++merged;
      CHECK(p.csv == one.csv);
    } else {
      ++refused;
    }
  }
  CHECK(merged > 0);
  CHECK(refused > merged);  // most cuts fall inside a day
}

TEST_CASE("decimal amounts, then one held no longer: parts refuse at every cut, one reader reads it") {
  // Exact until the 7-decimal amount, plain after: neither what exact nor what plain
  // adding gives over the whole file, so no pair of parts merges (DecimalSums).
  const ScoreModel model = Model(kModel);
  const std::string data = Log(13, 300, ".25") + "u1,2024-12-30T10:00:00Z,buy,1.1000001,a,pro\n";
  const ces_test::Scored one = Score(model, data, 0, /*prune=*/true);
  REQUIRE(one.ok);
  int ended = 0;
  for (size_t cut = data.find('\n') + 1; cut < data.size(); cut = data.find('\n', cut) + 1) {
    const Parts p = ReadInTwo(model, data, cut);
    if (!p.ended) continue;
    ++ended;
    CHECK_FALSE(p.merged);
  }
  CHECK(ended > 200);
}

TEST_CASE("slash dates are decided by the whole file: parts refuse") {
  const ScoreModel model = Model(kModel);
  const std::string data = "user,time,event,amount,note,plan\nu1,3/4/2024,login,1,a,free\nu2,5/6/2024,login,1,a,free\n"
                           "u1,13/4/2024,login,1,a,free\n";
  const Parts p = ReadInTwo(model, data, data.find("u2"));
  CHECK(p.ended);
  CHECK_FALSE(p.merged);
}

TEST_CASE("parts kept for past dates (the page's reading) give one session's history, rows out of time order") {
  // Segment and carried values change point by point; the by-time rule (v2 1.5) needs
  // each day's latest time, so rows far out of order and ties by time are the test.
  const ScoreModel model = Model(kModel);
  std::mt19937 rng(3);
  std::string data = "user,time,event,amount,note,plan\n";
  for (int i = 0; i < 300; ++i) {
    char ts[40];
    std::snprintf(ts, sizeof ts, "2024-01-%02dT%02d:00:00Z", 1 + static_cast<int>(rng() % 28),
                  static_cast<int>(rng() % 3));
    const char* events[] = {"login", "buy", "view"};
    const char* notes[] = {"a", "b", "", "c"};
    const char* plans[] = {"free", "pro", "", "team"};
    data += "u" + std::to_string(rng() % 7) + "," + ts + "," + events[rng() % 3] + "," + std::to_string(rng() % 50) +
            "," + notes[rng() % 4] + "," + plans[rng() % 4] + "\n";
  }
  const ces_test::Scored one = Score(model, data);
  REQUIRE(one.ok);
  std::vector<int32_t> dates;
  for (int d = 1; d <= 29; d += 2) {
    int32_t day = 0;
    REQUIRE(SlashDateDay(1, d, 2024, false, &day));
    dates.push_back(day);
  }
  const std::string want = HistoryCsv(one.session->dataset(), one.session->model(), dates);
  const size_t header = data.find('\n') + 1;
  int merged = 0;
  for (size_t cut = header; cut < data.size(); cut = data.find('\n', cut) + 1) {
    CAPTURE(cut);
    ScoreSession first(model, SessionOptions{}), second(model, SessionOptions{});
    first.Feed(data.data(), cut);
    second.Feed(data.data(), header);
    const int64_t second_first_line = second.lines_read();
    second.Feed(data.data() + cut, data.size() - cut);
    REQUIRE((first.EndPart(false) && second.EndPart(true)));
    std::string why;
    REQUIRE(first.AbsorbPart(second, first.lines_read() - second_first_line, header, &why));  // integer sums
    REQUIRE(first.Finish());
    CHECK(HistoryCsv(first.dataset(), first.model(), dates) == want);
    CHECK(ResultsCsv(first.dataset(), first.model(), first.table()) == one.csv);
    ++merged;
  }
  CHECK(merged == 300);
}

TEST_CASE("where a part starts near a nominal position (the CLI's and the page's rule)") {
  // `bytes` start one byte before the nominal position.
  const std::string lines = "x,2024-01-01T10:00:00Z\nu,2024-01-01T23:00:00Z\nu,2024-01-02T00:00:00Z\n";
  CHECK(CutInWindow(lines, ',', -1, TimeFormat::kAuto) == lines.find('\n') + 1);         // any line start
  CHECK(CutInWindow(lines, ',', 1, TimeFormat::kAuto) == lines.find("u,2024-01-02"));    // where a later day starts
  CHECK(CutInWindow(lines.substr(0, 30), ',', 1, TimeFormat::kAuto) == kNoCut);          // none in the window
  CHECK(CutInWindow("no line end", ',', -1, TimeFormat::kAuto) == kNoCut);
  CHECK(CutInWindow("\nu,1\n", ',', -1, TimeFormat::kAuto) == 1);  // the nominal byte starts a line: cut right there
}

// No test can read 2^27 amounts, so the count rule of "sums add exactly" is checked on
// the spans themselves: integer sums stay exact in any grouping only while no sum can
// pass 2^53 (each number below 2^26, fewer than 2^27 of them held in all: amounts, not
// rows, so a 10 GB log of 200M rows with fewer amounts still merges).
TEST_CASE("sums add exactly: integers on both sides, under 2^27 held together") {
  using Span = Ingestor::StoredSpan;
  const int64_t limit = DecimalSums::kMaxHeld;
  Span a, b;
  a.sums.held = limit / 2;
  b.sums.held = limit / 2 - 1;
  a.rows = b.rows = limit;  // rows do not count
  CHECK(a.SumsExactWith(b));
  CHECK(b.SumsExactWith(a));
  b.sums.held = limit / 2;  // exactly 2^27 together
  CHECK_FALSE(a.SumsExactWith(b));
  b.sums.held = 10;
  b.sums.exact = false;
  CHECK_FALSE(a.SumsExactWith(b));
  CHECK_FALSE(b.SumsExactWith(a));
  // Joined, a span keeps the counts and the exactness of both.
  Span joined = a;
  joined.Join(b);
  CHECK(joined.rows == a.rows + b.rows);
  CHECK(joined.sums.held == a.sums.held + 10);
  CHECK_FALSE(joined.sums.exact);
}

TEST_CASE("a customer table with fractions: a customer repeated across the cut merges when the later part has one row") {
  const ScoreModel model = Model(R"({
    "ces_model": 2,
    "data": {"shape":"customers","customer":"id"},
    "activities": [ {"name":"Spend","column":"spend","weight":1} ],
    "scale": {"method":"raw"}
  })");
  // Fractions whose sum depends on the grouping: (0.1 + 0.2) + 0.3 != 0.1 + (0.2 + 0.3).
  const std::string once = "id,spend\na,0.1\nb,1\na,0.2\nc,2\na,0.3\n";
  const ces_test::Scored one = Score(model, once, 0, /*prune=*/true);
  REQUIRE(one.ok);
  const Parts p = ReadInTwo(model, once, once.find("a,0.3"));  // one row of "a" after the cut
  REQUIRE(p.ended);
  CHECK(p.merged);
  CHECK(p.csv == one.csv);
  // Two rows of "a" after the cut: the later part added 0.2 + 0.3 first; refused.
  const Parts two = ReadInTwo(model, once, once.find("a,0.2"));
  REQUIRE(two.ended);
  CHECK_FALSE(two.merged);
  // A customer only after the cut has any number of rows there.
  const std::string later = "id,spend\nb,1\na,0.1\na,0.2\na,0.3\n";
  const ces_test::Scored one_later = Score(model, later, 0, /*prune=*/true);
  const Parts q = ReadInTwo(model, later, later.find("a,0.1"));
  REQUIRE(q.ended);
  CHECK(q.merged);
  CHECK(q.csv == one_later.csv);
}
