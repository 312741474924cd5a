// The inspector and the starter model it proposes (inspect.h): whatever the file, the
// proposed model is one the loader accepts, naming columns the file really has.
#include <doctest/doctest.h>

#include <string>

#include "engine/inspect/inspect.h"
#include "engine/model/model.h"
#include "engine/base/text.h"

using namespace ces;

namespace {

// The starter model of a file, written and loaded back as the app would.
ModelLoadResult Starter(const std::string& csv) {
  const CsvProfile p = InspectCsv(csv);
  return LoadModel(ModelToJson(StarterModel(p, GuessColumns(p))));
}

std::string Errors(const ModelLoadResult& r) {
  std::string all;
  for (const ModelError& e : r.errors) all += e.ToString() + "\n";
  return all;
}

}  // namespace

TEST_CASE("columns a model cannot name are never guessed: control characters, duplicates, blanks") {
  // UTF-16 saved without its byte-order mark: every name holds NUL bytes.
  std::string utf16;
  for (char c : std::string("user_id,n\nu1,5\n")) utf16 += std::string(1, c) + '\0';
  CHECK(GuessColumns(InspectCsv(utf16)).customer == -1);  // was column 1, a model with "u\u0000s\u0000…"

  const CsvProfile dup = InspectCsv("id,id,email,n\n1,2,a@x.io,3\n");
  CHECK(GuessColumns(dup).customer == 2);  // "id" twice is ambiguous: email instead
  CHECK(Starter("id,id,email,n\n1,2,a@x.io,3\n").ok());

  const CsvProfile blank = InspectCsv(" ,email\n1,a@x.io\n");
  CHECK(GuessColumns(blank).customer == 1);
}

TEST_CASE("event names that cannot be activity names are left out; the rest are cut and made unique") {
  std::string csv = "user_id,timestamp,event\n";
  const std::string long_event(300, 'e');                 // over 200 characters: no model can name it
  const std::string a150 = std::string(150, 'a');          // two names equal in their first 150 characters
  const std::string cut_utf8 = std::string(149, 'b') + "\xC3\xA9\xC3\xA9";  // é across character 150
  for (const std::string& ev : {std::string("bell\x07"), long_event, a150 + "x", a150 + "y", cut_utf8,
                                std::string("Active days")}) {
    for (int i = 0; i < 3; ++i) csv += "u1,2024-01-02,\"" + ev + "\"\n";
  }
  const ModelLoadResult r = Starter(csv);
  REQUIRE_MESSAGE(r.ok(), Errors(r));
  for (const Activity& a : r.model->activities) {
    CHECK(IsValidUtf8(a.name));
    CHECK(CountCodePoints(a.name) <= 200);
  }
}

TEST_CASE("numeric columns with unusable names are not proposed as activities") {
  const ModelLoadResult r = Starter("email,\"orders\x01\",orders,\"orders \"\na@x.io,1,2,3\nb@x.io,4,5,6\n");
  REQUIRE_MESSAGE(r.ok(), Errors(r));
  for (const Activity& a : r.model->activities) CHECK(a.column != "orders\x01");
}

TEST_CASE("a file that turns out to be Windows-1252 is decoded as a whole, header and early rows included") {
  // Line 2 is valid UTF-8 ("Café"), line 3 is not (0xE9): the spec reads the whole file
  // as Windows-1252, so line 2 decodes as "CafÃ©" -- in the inspector as in the ingestor.
  const CsvProfile p = InspectCsv("name,n\nCaf\xC3\xA9,1\nCaf\xE9,2\n");
  CHECK(p.encoding == TextEncoding::kWindows1252);
  REQUIRE(p.preview.size() == 2);
  CHECK(p.preview[0][0] == "Caf\xC3\x83\xC2\xA9");
  CHECK(p.preview[1][0] == "Caf\xC3\xA9");
  CHECK(p.columns[0].top_values.size() == 2);
  for (const auto& v : p.columns[0].top_values) CHECK(IsValidUtf8(v.first));
}

TEST_CASE("an example cut at 80 bytes does not split a character") {
  const std::string cell = std::string(79, 'x') + "\xC3\xA9" + "tail";
  const CsvProfile p = InspectCsv("note\n" + cell + "\n");
  CHECK(IsValidUtf8(p.columns[0].example));
  CHECK(p.columns[0].example == std::string(79, 'x'));
}

TEST_CASE("a header over the row limits is reported, not replaced by the next row") {
  std::string wide;
  for (int i = 0; i < 200000; ++i) wide += (i ? ",c" : "c") + std::to_string(i);
  const CsvProfile p = InspectCsv(wide + "\nid,n\n1,2\n");
  CHECK(p.header_too_long_line == 1);
  CHECK(p.columns.empty());
}

TEST_CASE("with no numeric column, the placeholder reads the column with the most numbers") {
  // It read the customer id column, so every row was a row error.
  const ModelLoadResult r = Starter("id,note,n\nc1,a,1\nc2,b,2\nc3,c,x\n");
  REQUIRE(r.ok());
  REQUIRE(r.model->activities.size() == 1);
  CHECK(r.model->activities[0].column == "n");
}

TEST_CASE("guessing columns over 100,000 columns takes linear time") {
  std::string header;
  for (int i = 0; i < 100000; ++i) header += (i ? ",c" : "c") + std::to_string(i);
  const CsvProfile p = InspectCsv(header + ",email\n" + std::string(100000, ',') + "a@x.io\n");
  const ColumnGuess g = GuessColumns(p);  // minutes when quadratic: the suite's ctest timeout catches it
  CHECK(StarterModel(p, g).activities.size() >= 1);
}
