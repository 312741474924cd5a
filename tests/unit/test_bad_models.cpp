// Hostile and broken model files (issue 5): every problem listed with its path,
// never a crash, never a hang -- whatever the JSON's size, shape or numbers.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "engine/model/model.h"
#include "test_helpers.h"
#include "engine/base/text.h"

using namespace ces;

namespace {

using ces_test::HasError;
using ces_test::ModelErrors;

const char* kValidHead = R"("ces_model":1,"data":{"shape":"events","customer":"u","time":"t"})";

bool IsValidUtf8Text(const std::string& s) { return IsValidUtf8(s); }


}  // namespace

TEST_CASE("an object of 90,000 keys (1 MiB) loads in linear time: duplicate-key checks were quadratic") {
  std::string json = "{";
  for (int i = 0; i < 90000; ++i) json += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  json += "}";
  REQUIRE(json.size() < (1u << 20));
  LoadModel(json);  // 12 s before the fix (quadratic); the suite's ctest timeout catches a return of it
  const auto errors = ModelErrors(json);
  CHECK(HasError(errors, "k0: unknown field"));
  CHECK(HasError(errors, "k89999: unknown field"));
  CHECK(HasError(errors, "ces_model: required"));
}

TEST_CASE("the same key 50,000 times: each repeat is listed, quickly") {
  std::string json = "{" + std::string(kValidHead) + ",\"activities\":[{\"name\":\"A\",\"weight\":1";
  for (int i = 0; i < 50000; ++i) json += ",\"weight\":" + std::to_string(i);
  json += "}]}";
  LoadModel(json);  // was quadratic; the suite's ctest timeout catches a return of it
  const auto errors = ModelErrors(json);
  CHECK(std::count(errors.begin(), errors.end(), "activities[0]: the key \"weight\" appears twice") == 50000);
}

TEST_CASE("numbers too large for a double are named by their path, and the rest of the model is still checked") {
  const auto errors = ModelErrors(R"({"ces_model":1,"data":{"shape":"events","customer":"u","time":"t"},
    "window":{"days":1e999},
    "activities":[{"name":"A","weight":-1e400,"cap":1e309},{"name":"A","weight":1,"wieght":2}],
    "scale":{"method":"target","target":123456789012345678901234567890}})");
  CHECK(HasError(errors, "window.days: must be a finite number"));
  CHECK(HasError(errors, "activities[0].weight: must be a finite number"));
  CHECK(HasError(errors, "activities[0].cap: must be a finite number"));
  CHECK(HasError(errors, "activities[1].name: the name \"A\" is used by an earlier activity"));
  CHECK(HasError(errors, "activities[1].wieght: unknown field"));
  CHECK(HasError(errors, "scale.target: must be a finite number"));
  // Inside strings, long digit runs are text, not numbers.
  const auto in_string = LoadModel(std::string("{") + kValidHead + R"(,"name":"1e999","activities":[{"name":"1e999","weight":1}]})");
  REQUIRE(in_string.ok());
  CHECK(in_string.model->name == "1e999");
}

TEST_CASE("a JSON syntax error names where the parser stopped; NaN and Infinity get a hint") {
  CHECK(HasError(ModelErrors(std::string("{") + kValidHead + R"(,"activities":[{"name":"A","weight":NaN}]})"),
            "activities[0].weight: not valid JSON"));
  const auto inf = ModelErrors(std::string("{") + kValidHead + R"(,"activities":[{"name":"A","weight":-Infinity}]})");
  REQUIRE(inf.size() == 1);
  CHECK(inf[0].find("NaN and Infinity are not JSON numbers") != std::string::npos);
  CHECK(HasError(ModelErrors(R"({"ces_model":1,"data":{"shape":"events",)"), "data: not valid JSON"));
  CHECK(HasError(ModelErrors("{\"ces_model\":1,\"name\":\"\xff\"}"), "name: not valid JSON"));  // not UTF-8
  CHECK(HasError(ModelErrors("{\"a\":1} trailing"), "not valid JSON"));
}

TEST_CASE("nesting 100,000 levels deep is refused at level 64 without recursion") {
  const auto arrays = ModelErrors(std::string(100000, '[') + std::string(100000, ']'));
  REQUIRE(arrays.size() == 1);
  CHECK(arrays[0].find("nested more than 64 levels deep") != std::string::npos);
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  const auto deep = ModelErrors(objects + "1" + std::string(100000, '}'));
  REQUIRE(deep.size() == 1);
  CHECK(deep[0].rfind("a.a.a.a.a", 0) == 0);
}

TEST_CASE("wrong types everywhere: one problem per field, each with its path") {
  const auto errors = ModelErrors(R"({"ces_model":"1","name":5,
    "data":{"shape":"events","customer":7,"time":["t"],"segment":{},"time_format":3,"delimiter":true},
    "window":{"days":"90","as_of":20240101},
    "activities":[{"name":"A","weight":"1","cap":"x","measure":5,"events":"login","transform":1},7],
    "scale":{"method":1,"target":"5"},"tiers":{"a":1}})");
  for (const char* path : {"ces_model:", "name:", "data.customer:", "data.time:", "data.segment:", "data.time_format:",
                           "data.delimiter:", "window.days:", "window.as_of:", "activities[0].measure:",
                           "activities[0].events:", "activities[0].weight:", "activities[0].cap:",
                           "activities[0].transform:", "activities[1]:", "scale.method:", "scale.target:", "tiers:"}) {
    CAPTURE(path);
    CHECK(HasError(errors, path));
  }
  CHECK(HasError(errors, "data.delimiter: expected one of \"auto\", \",\", \";\", \"\\t\""));  // a TAB shown as \t
}

TEST_CASE("a long key in an error path is cut") {
  const std::string key(5000, 'k');
  const auto errors = ModelErrors("{\"" + key + "\":{\"x\":[1,{\"y\":NaN}]}}");
  REQUIRE(!errors.empty());
  CHECK(errors[0].size() < 400);
}

TEST_CASE("messages stay UTF-8: bad bytes in the file, long keys cut between characters") {
  const auto bytes = ModelErrors("{\"ces_model\":1,\"name\":\"Caf\xe9\"}");  // Windows-1252, not UTF-8
  REQUIRE(bytes.size() == 1);
  CHECK(IsValidUtf8Text(bytes[0]));
  const std::string key = std::string(79, 'k') + "\xc3\xa9\xc3\xa9";  // é straddles byte 80
  const auto cut = ModelErrors("{\"" + key + "\":1}");
  REQUIRE(!cut.empty());
  for (const auto& e : cut) CHECK(IsValidUtf8Text(e));
  CHECK(HasError(cut, std::string(79, 'k') + "…: unknown field"));
}

TEST_CASE("a tier bound in a message is written like the table writes numbers") {
  CHECK(HasError(ModelErrors(std::string("{") + kValidHead +
                   R"(,"activities":[{"name":"A","weight":1}],"tiers":[{"name":"a","below":70},{"name":"b","below":30},{"name":"c"}]})"),
            "tiers[1].below: must be greater than the previous tier's below (70)"));
}
