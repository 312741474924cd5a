#include <doctest/doctest.h>

#include "test_helpers.h"

using namespace ces;
using ces_test::ReadCsv;
using ces_test::Row;
using Fields = std::vector<std::string>;

namespace {
// Every chunking the issue asks for gives the same records as reading all at once.
void CheckChunkInvariant(const std::string& bytes, char delimiter = 0) {
  const std::vector<Row> whole = ReadCsv(bytes, 0, delimiter);
  for (size_t chunk : {1, 2, 3, 7, 64, 4096}) {
    CAPTURE(chunk);
    CHECK(ReadCsv(bytes, chunk, delimiter) == whole);
  }
}
}  // namespace

TEST_CASE("quoted fields hold delimiters, doubled quotes and line breaks; lines are physical") {
  const std::string csv =
      "id,note,n\r\n"
      "1,\"a,b\",2\r\n"
      "2,\"say \"\"hi\"\"\",3\n"
      "3,\"two\nlines\",4\r"
      "4,plain,5\n";
  auto rows = ReadCsv(csv);
  REQUIRE(rows.size() == 5);
  CHECK(rows[1] == Row{2, {"1", "a,b", "2"}, RecordProblem::kNone});
  CHECK(rows[2] == Row{3, {"2", "say \"hi\"", "3"}, RecordProblem::kNone});
  CHECK(rows[3] == Row{4, {"3", "two\nlines", "4"}, RecordProblem::kNone});
  CHECK(rows[4].line == 6);  // the quoted line break advanced the count
  CheckChunkInvariant(csv);
}

TEST_CASE("CRLF, LF and CR line ends, mixed, and blank lines") {
  const std::string csv = "a,b\r\n\r\n1,2\r3,4\n\n\n5,6\r\n7,8";
  auto rows = ReadCsv(csv);
  REQUIRE(rows.size() == 5);
  CHECK(rows[1] == Row{3, {"1", "2"}, RecordProblem::kNone});
  CHECK(rows[2] == Row{4, {"3", "4"}, RecordProblem::kNone});
  CHECK(rows[3] == Row{7, {"5", "6"}, RecordProblem::kNone});
  CHECK(rows[4] == Row{8, {"7", "8"}, RecordProblem::kNone});  // no final line break
  CheckChunkInvariant(csv);
}

TEST_CASE("a CR inside quotes followed by LF counts one line") {
  const std::string csv = "a,b\n\"x\r\ny\",1\nz,2\n";
  auto rows = ReadCsv(csv);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].fields[0] == "x\r\ny");
  CHECK(rows[2].line == 4);
  CheckChunkInvariant(csv);
}

TEST_CASE("empty fields, trailing delimiters and an empty quoted field") {
  auto rows = ReadCsv("a,b,c\n,,\n\"\",x,\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].fields == Fields{"", "", ""});
  CHECK(rows[2].fields == Fields{"", "x", ""});
}

TEST_CASE("stray quotes are read like Python's csv module") {
  auto rows = ReadCsv("a,b\nab\"c,\"x\"y\n\"p\"\"\"q,2\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].fields == Fields{"ab\"c", "xy"});
  CHECK(rows[2].fields == Fields{"p\"q", "2"});
}

TEST_CASE("an unterminated quote runs to the end of the file and is reported") {
  const std::string csv = "a,b\n1,2\n3,\"open\n4,5\n";
  auto rows = ReadCsv(csv);
  REQUIRE(rows.size() == 3);
  CHECK(rows[2].line == 3);
  CHECK(rows[2].problem == RecordProblem::kUnterminatedQuote);
  CHECK(rows[2].fields[1] == "open\n4,5\n");
  CheckChunkInvariant(csv);
}

TEST_CASE("delimiter sniffing: the most frequent candidate outside quotes, ties in the order , ; TAB |") {
  CHECK(SniffDelimiter("a,b,c") == ',');
  CHECK(SniffDelimiter("a;b;c") == ';');
  CHECK(SniffDelimiter("a\tb\tc") == '\t');
  CHECK(SniffDelimiter("a|b|c") == '|');
  CHECK(SniffDelimiter("\"x,y,z\";b;c") == ';');  // commas inside quotes do not count
  CHECK(SniffDelimiter("a,b;c") == ',');          // tie: comma first
  CHECK(SniffDelimiter("a;b|c") == ';');
  CHECK(SniffDelimiter("a\tb|c") == '\t');
  CHECK(SniffDelimiter("single") == ',');
  const std::string csv = "\n\nid;\"name;x\";n\n1;\"a;b\";2\n";  // blank lines before the header
  CsvReader reader;
  auto rows = ReadCsv(csv, 1, 0, &reader);
  CHECK(reader.delimiter() == ';');
  CHECK(reader.delimiter_sniffed());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].line == 3);
  CHECK(rows[1].fields == Fields{"1", "a;b", "2"});
  CheckChunkInvariant(csv);
}

TEST_CASE("a fixed delimiter is not sniffed") {
  CsvReader reader('|');
  auto rows = ReadCsv("a,b|c\n1,2|3\n", 0, '|', &reader);
  CHECK_FALSE(reader.delimiter_sniffed());
  CHECK(rows[1].fields == Fields{"1,2", "3"});
}

TEST_CASE("a UTF-8 byte-order mark is dropped") {
  const std::string csv = "\xEF\xBB\xBFid,n\n1,2\n";
  CsvReader reader;
  auto rows = ReadCsv(csv, 1, 0, &reader);
  CHECK(rows[0].fields == Fields{"id", "n"});
  CHECK(reader.encoding() == TextEncoding::kUtf8);
  CheckChunkInvariant(csv);
}

TEST_CASE("UTF-16 LE and BE with their byte-order marks") {
  auto to16 = [](const std::string& ascii_and_e, bool be) {
    std::string out = be ? std::string("\xFE\xFF", 2) : std::string("\xFF\xFE", 2);
    for (unsigned char c : ascii_and_e) {
      char lo = static_cast<char>(c), hi = 0;
      if (be) { out.push_back(hi); out.push_back(lo); }
      else { out.push_back(lo); out.push_back(hi); }
    }
    return out;
  };
  const std::string text = "id\tname\r\n1\tcaf\xE9\r\n";  // \xE9 is U+00E9 as one UTF-16 unit
  for (bool be : {false, true}) {
    CAPTURE(be);
    std::string bytes = to16(text, be);
    CsvReader reader;
    auto rows = ReadCsv(bytes, 3, 0, &reader);
    CHECK(reader.encoding() == (be ? TextEncoding::kUtf16BE : TextEncoding::kUtf16LE));
    CHECK(reader.delimiter() == '\t');
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].fields == Fields{"1", "caf\xC3\xA9"});
    CheckChunkInvariant(bytes);
  }
}

TEST_CASE("a record that is not valid UTF-8 switches the file to Windows-1252") {
  const std::string csv = "id,name\n1,ok\n2,caf\xE9\n3,x\n";
  CsvReader reader;
  auto rows = ReadCsv(csv, 2, 0, &reader);
  CHECK(reader.encoding() == TextEncoding::kWindows1252);
  CHECK(reader.first_invalid_utf8_line() == 3);
  CHECK(rows[2].fields[1] == "caf\xE9");  // bytes are passed as they are; decoding is the reader's user's job
}

TEST_CASE("the field count of each record is reported as read") {
  auto rows = ReadCsv("a,b,c\n1,2\n1,2,3,4\n");
  CHECK(rows[1].fields.size() == 2);
  CHECK(rows[2].fields.size() == 4);
}

TEST_CASE("a record longer than the limit is reported, not kept, and reading goes on") {
  std::string big = "a,b\n1,\"";
  big.append(65u << 20, 'x');
  big += "\"\n2,3\n";
  for (size_t chunk : {size_t{1} << 20, size_t{0}}) {
    auto rows = ReadCsv(big, chunk);
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].problem == RecordProblem::kTooLong);
    CHECK(rows[1].line == 2);
    CHECK(rows[2] == Row{3, {"2", "3"}, RecordProblem::kNone});
  }
}

TEST_CASE("empty input and header-only input") {
  CHECK(ReadCsv("").empty());
  CHECK(ReadCsv("\n\r\n").empty());
  auto rows = ReadCsv("a,b");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].fields == Fields{"a", "b"});
}
