// Delimiter names (engine/csv/delimiters.h) and cutting a file's first bytes at a row
// end (engine/csv/line_prefix.h).
#include <doctest/doctest.h>

#include <string>

#include "engine/csv/delimiters.h"
#include "engine/csv/line_prefix.h"
#include "engine/inspect/inspect.h"

using namespace ces;

TEST_CASE("every delimiter has one word and one label") {
  CHECK(std::string(DelimiterWord(',')) == "comma");
  CHECK(std::string(DelimiterWord(';')) == "semicolon");
  CHECK(std::string(DelimiterWord('\t')) == "tab");
  CHECK(std::string(DelimiterWord('|')) == "pipe");
  CHECK(std::string(DelimiterWord(0)) == "automatic");
  CHECK(std::string(DelimiterWord('x')) == "automatic");
  CHECK(std::string(DelimiterLabel(';')) == "semicolon  ;");
  CHECK(kCsvDelimiters[0].delimiter == '\0');
}

TEST_CASE("CompleteLinesPrefix cuts after the last line break") {
  CHECK(CompleteLinesPrefix("a,b\n1,2\n3,") == "a,b\n1,2\n");
  CHECK(CompleteLinesPrefix("a,b\r\n1,2\r\n3") == "a,b\r\n1,2\r\n");
  CHECK(CompleteLinesPrefix("a,b\r1,2\r3") == "a,b\r1,2\r");
  CHECK(CompleteLinesPrefix("no break") == "no break");
  CHECK(CompleteLinesPrefix("\nx") == "\nx");  // a break only at the start: nothing to cut to
  CHECK(CompleteLinesPrefix("") == "");
  const std::string utf16("\xFF\xFE" "a\0\n\0b\0", 8);
  CHECK(CompleteLinesPrefix(utf16) == std::string_view(utf16.data(), 6));  // keeps the 00 of 0A 00
}

TEST_CASE("InspectCsvPrefix never sees half a row") {
  const CsvProfile p = InspectCsvPrefix("id,n\n1,2\n3,4\n5,");
  CHECK(p.rows == 2);
  CHECK(p.ragged_rows == 0);
}
