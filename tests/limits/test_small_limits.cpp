// The data limits too large to reach in a unit test (50 million customers, 20 million
// distinct values, 100,000 event names), tested on the same engine sources built with
// CES_SMALL_LIMITS_FOR_TESTS (engine_limits.h): 1,000 customers, 1,000 distinct values,
// 100 event names. Each must stop the file with an error naming the line and column.
#include <doctest/doctest.h>

#include <string>

#include "engine/base/engine_limits.h"
#include "test_helpers.h"

using namespace ces;
using ces_test::Score;

static_assert(kMaxCustomers == 1000 && kMaxDistinctValues == 1000 && kMaxEventNames == 100,
              "this test needs the engine built with CES_SMALL_LIMITS_FOR_TESTS");

namespace {

bool HasFatal(const ces_test::Scored& s, const std::string& text) {
  for (const std::string& e : s.errors)
    if (e.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("one customer id more than the limit stops the file, naming the line and the column") {
  const char* events = R"({"ces_model":1,"data":{"shape":"events","customer":"user","time":"t"},
    "activities":[{"name":"All","weight":1}]})";
  std::string csv = "user,t\n";
  for (size_t i = 0; i <= kMaxCustomers; ++i) csv += "c" + std::to_string(i) + ",2024-01-02\n";
  for (size_t chunk : {size_t{0}, size_t{7}}) {
    auto s = Score(events, csv, chunk);
    CHECK_FALSE(s.ok);
    CHECK(HasFatal(s, "line 1002: more than 1000 distinct customer ids (column \"user\""));
  }
  // Exactly the limit is fine.
  std::string at_limit = "user,t\n";
  for (size_t i = 0; i < kMaxCustomers; ++i) at_limit += "c" + std::to_string(i) + ",2024-01-02\n";
  CHECK(Score(events, at_limit).ok);

  const char* customers = R"({"ces_model":1,"data":{"shape":"customers","customer":"email"},
    "activities":[{"name":"N","column":"n","weight":1}]})";
  std::string rows = "email,n\n";
  for (size_t i = 0; i <= kMaxCustomers; ++i) rows += "c" + std::to_string(i) + ",1\n";
  auto s = Score(customers, rows);
  CHECK_FALSE(s.ok);
  CHECK(HasFatal(s, "line 1002: more than 1000 distinct customer ids (column \"email\""));
}

TEST_CASE("one distinct value more than the limit stops the file, naming the line and the column") {
  const char* model = R"({"ces_model":1,"data":{"shape":"events","customer":"u","time":"t","event":"e"},
    "activities":[{"name":"Pages","events":["view"],"measure":"distinct_values","column":"page","weight":1}]})";
  std::string csv = "u,t,e,page\n";
  for (size_t i = 0; i < kMaxDistinctValues; ++i) csv += "a,2024-01-02,view,/p" + std::to_string(i) + "\n";
  csv += "a,2024-01-02,view,/p0\n";           // a value seen before: fine
  csv += "a,2024-01-02,click,/new\n";         // not read by the activity: fine
  csv += "a,2024-01-02,view,/one-too-many\n";  // line 1004
  auto s = Score(model, csv);
  CHECK_FALSE(s.ok);
  CHECK(HasFatal(s, "line 1004: more than 1000 distinct values in the columns of distinct_values activities "
                    "(this one in column \"page\""));
}

TEST_CASE("event names past the limit are grouped; events the model names are still tracked one by one") {
  const char* model = R"({"ces_model":1,"data":{"shape":"events","customer":"u","time":"t","event":"e"},
    "activities":[{"name":"All","weight":1},{"name":"Late","events":["late"],"weight":10}],"scale":{"method":"raw"}})";
  std::string csv = "u,t,e\n";
  for (uint32_t i = 0; i < kMaxEventNames + 5; ++i) csv += "a,2024-01-02,e" + std::to_string(i) + "\n";
  csv += "a,2024-01-02,late\n";
  auto s = Score(model, csv, 13);
  REQUIRE(s.ok);
  CHECK(s.session->dataset().events_overflowed);
  CHECK(ces_test::LineOf(s.csv, "a") == "a,116,116,,,106,106,1,10");
}
