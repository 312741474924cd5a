// The read / re-read / cancel state machine of src/app/core/scoring_flow.h, driven
// as the page drives it: file passes in slices, model changes, cancels.
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "app/core/scoring_flow.h"
#include "engine/results/results_csv.h"
#include "engine/session.h"
#include "fake_platform.h"

using namespace ces::app;
using Status = ScoringFlow::Status;

namespace {

constexpr char kCsv[] =
    "user_id,timestamp,event,value,plan\n"
    "alice,2024-03-01T10:00:00Z,login,,pro\n"
    "alice,2024-03-02T10:00:00Z,login,,pro\n"
    "alice,2024-03-02T11:00:00Z,purchase,12.50,pro\n"
    "bob,2024-03-03 09:00:00,login,,free\n"
    "carol,2024-03-04T08:00:00+02:00,purchase,\"1,200.00\",team\n";

const std::string kModel = R"({"ces_model":1,"name":"Small","data":{"shape":"events","customer":"user_id","time":"timestamp","event":"event","segment":"plan"},
  "activities":[{"name":"Logins","events":["login"],"measure":"count","weight":1}],"scale":{"method":"raw"},"tiers":[{"name":"Low","below":2},{"name":"High"}]})";
// The same with a sum over `value`: the first pass did not keep that column.
const std::string kWiderModel = R"({"ces_model":1,"name":"Wider","data":{"shape":"events","customer":"user_id","time":"timestamp","event":"event","segment":"plan"},
  "activities":[{"name":"Logins","events":["login"],"measure":"count","weight":1},{"name":"Spend","events":["purchase"],"measure":"sum","column":"value","weight":0.1}],"scale":{"method":"raw"}})";

// `ces score` of the engine alone: what the flow's ResultsCsv must equal.
std::string EngineCsv(const std::string& model_json, std::string_view csv) {
  ces::ModelLoadResult m = ces::LoadModel(model_json);
  REQUIRE(m.ok());
  ces::ScoreSession s(*m.model);
  s.Feed(csv.data(), csv.size());
  REQUIRE(s.Finish());
  return ces::ResultsCsv(s.dataset(), s.model(), s.table());
}

// Sends a file in slices of `slice` bytes; stops when the flow says so. Returns the
// bytes it took. `announced` is the size the platform reports (the File's size).
size_t Send(ScoringFlow& flow, std::string_view bytes, bool reread, size_t slice = 7, uint64_t announced = 0,
            bool end = true) {
  flow.OnFileBegin("data.csv", announced ? announced : bytes.size(), reread);
  size_t at = 0;
  while (at < bytes.size()) {
    const size_t n = std::min(slice, bytes.size() - at);
    if (!flow.OnFileChunk(reinterpret_cast<const uint8_t*>(bytes.data() + at), n)) return at;
    at += n;
  }
  if (end) flow.OnFileEnd();
  return at;
}

std::string SummaryStatus(const ScoringFlow& flow) { return nlohmann::json::parse(flow.SummaryJson())["status"]; }

}  // namespace

TEST_CASE("a file read in slices scores as the engine does; the summary says so") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  CHECK(SummaryStatus(flow) == "empty");
  CHECK(flow.ResultsCsv().empty());
  REQUIRE(flow.SetModelJson(kModel, ModelOrigin::kApi).ok);
  for (size_t slice : {size_t{1}, size_t{7}, size_t{1} << 20}) {
    CAPTURE(slice);
    Send(flow, kCsv, false, slice);
    CHECK(flow.status() == Status::kScored);
    CHECK_FALSE(flow.Busy());
    CHECK(flow.ResultsCsv() == EngineCsv(kModel, kCsv));
    const auto s = nlohmann::json::parse(flow.SummaryJson());
    CHECK(s["status"] == "scored");
    CHECK(s["customers"] == 3);
    CHECK(s["model"] == "Small");
    CHECK(flow.file().cache_complete);
  }
  CHECK(platform.rereads == 0);
}

TEST_CASE("while a file is read the summary shows progress and status loading") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  REQUIRE(flow.SetModelJson(kModel, ModelOrigin::kApi).ok);
  Send(flow, std::string_view(kCsv).substr(0, 40), false, 7, sizeof kCsv - 1, false);
  CHECK(flow.Busy());
  CHECK(flow.FirstPass());
  const auto s = nlohmann::json::parse(flow.SummaryJson());
  CHECK(s["status"] == "loading");
  CHECK(s["progress"]["bytes"] == 40);
  CHECK(s["progress"]["total"] == sizeof kCsv - 1);
}

TEST_CASE("model changes: from memory, a re-read from the app's copy, a re-read through the platform") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  REQUIRE(flow.SetModelJson(kModel, ModelOrigin::kApi).ok);

  SUBCASE("a weight re-scores from memory") {
    Send(flow, kCsv, false);
    std::string heavier = kModel;
    heavier.replace(heavier.find("\"weight\":1"), 10, "\"weight\":5");
    REQUIRE(flow.SetModelJson(heavier, ModelOrigin::kApi).ok);
    CHECK(flow.status() == Status::kScored);
    CHECK(flow.rescore_ms() >= 0);
    CHECK(flow.ResultsCsv() == EngineCsv(heavier, kCsv));
    CHECK(platform.rereads == 0);
  }
  SUBCASE("a new column, file held in memory: re-read before SetModelJson returns") {
    Send(flow, kCsv, false);
    REQUIRE(flow.SetModelJson(kWiderModel, ModelOrigin::kApi).ok);
    CHECK(flow.status() == Status::kScored);
    CHECK(flow.ResultsCsv() == EngineCsv(kWiderModel, kCsv));
    CHECK(platform.rereads == 0);
  }
  SUBCASE("a new column from the editor: re-read from the app's copy, a step per frame") {
    Send(flow, kCsv, false);
    flow.model().Replace(*ces::LoadModel(kWiderModel).model);
    flow.AfterModelEdit();  // Replace committed already: nothing new
    flow.model().edit().activities[1].weight = 0.5;
    flow.AfterModelEdit();
    CHECK(flow.Busy());
    CHECK_FALSE(flow.FirstPass());
    CHECK(flow.Scored() != nullptr);  // the old scores stay on screen meanwhile
    for (int frame = 0; frame < 100 && flow.Busy(); ++frame) flow.Step(16);
    CHECK(flow.status() == Status::kScored);
    std::string half = kWiderModel;
    half.replace(half.find("\"weight\":0.1"), 12, "\"weight\":0.5");
    CHECK(flow.ResultsCsv() == EngineCsv(half, kCsv));
    CHECK(platform.rereads == 0);
  }
  SUBCASE("a new column, file too large to keep: the platform reads it again") {
    const uint64_t huge = LoadedFile::kCacheLimit + 1;  // announced: the app keeps no copy
    Send(flow, kCsv, false, 7, huge);
    CHECK(flow.status() == Status::kScored);
    CHECK_FALSE(flow.file().cache_complete);
    REQUIRE(flow.SetModelJson(kWiderModel, ModelOrigin::kApi).ok);
    CHECK(platform.rereads == 1);
    CHECK(flow.status() == Status::kLoading);
    CHECK(flow.Busy());
    // Asking again while the re-read is pending asks the platform once.
    flow.model().edit().activities[0].weight = 1;  // no change
    flow.AfterModelEdit();
    CHECK(platform.rereads == 1);
    Send(flow, kCsv, true, 5, huge);
    CHECK(flow.status() == Status::kScored);
    CHECK(flow.ResultsCsv() == EngineCsv(kWiderModel, kCsv));
  }
  SUBCASE("a model set while the file is read applies when the pass ends") {
    Send(flow, std::string_view(kCsv).substr(0, 60), false, 7, sizeof kCsv - 1, false);
    REQUIRE(flow.SetModelJson(kWiderModel, ModelOrigin::kApi).ok);
    CHECK(flow.Busy());
    const std::string_view rest = std::string_view(kCsv).substr(60);
    REQUIRE(flow.OnFileChunk(reinterpret_cast<const uint8_t*>(rest.data()), rest.size()));
    flow.OnFileEnd();
    CHECK(flow.status() == Status::kScored);
    CHECK(flow.ResultsCsv() == EngineCsv(kWiderModel, kCsv));
  }
}

TEST_CASE("cancel: a new file, a requested re-read, a copy pass; reading again afterwards") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  REQUIRE(flow.SetModelJson(kModel, ModelOrigin::kApi).ok);

  SUBCASE("during a new file: the next slice is refused") {
    flow.OnFileBegin("data.csv", sizeof kCsv - 1, false);
    REQUIRE(flow.OnFileChunk(reinterpret_cast<const uint8_t*>(kCsv), 10));
    flow.CancelRead();
    CHECK_FALSE(flow.OnFileChunk(reinterpret_cast<const uint8_t*>(kCsv + 10), 10));
    CHECK(flow.status() == Status::kCancelled);
    CHECK_FALSE(flow.Busy());
    CHECK(SummaryStatus(flow) == "cancelled");
    CHECK(flow.ResultsCsv().empty());
    // Later slices and the end of that pass change nothing.
    CHECK_FALSE(flow.OnFileChunk(reinterpret_cast<const uint8_t*>(kCsv), 5));
    flow.OnFileEnd();
    CHECK(flow.status() == Status::kCancelled);
    // A model change does not restart it on its own…
    REQUIRE(flow.SetModelJson(kWiderModel, ModelOrigin::kApi).ok);
    CHECK(flow.status() == Status::kCancelled);
    CHECK(platform.rereads == 0);
    // …"Read it again" does, through the platform (the copy was not complete).
    flow.ReadAgain();
    CHECK(platform.rereads == 1);
    Send(flow, kCsv, true);
    CHECK(flow.status() == Status::kScored);
    CHECK(flow.ResultsCsv() == EngineCsv(kWiderModel, kCsv));
  }
  SUBCASE("a re-read asked of the platform, cancelled before it begins") {
    Send(flow, kCsv, false, 7, LoadedFile::kCacheLimit + 1);
    REQUIRE(flow.SetModelJson(kWiderModel, ModelOrigin::kApi).ok);
    REQUIRE(platform.rereads == 1);
    flow.CancelRead();
    const size_t taken = Send(flow, kCsv, true, 7, LoadedFile::kCacheLimit + 1);
    CHECK(taken == 0);
    CHECK(flow.status() == Status::kCancelled);
  }
  SUBCASE("a re-read from the app's copy stops at once") {
    Send(flow, kCsv, false);
    flow.model().Replace(*ces::LoadModel(kWiderModel).model);
    flow.AfterModelEdit();
    flow.model().edit().activities[1].weight = 0.5;
    flow.AfterModelEdit();
    REQUIRE(flow.Busy());
    flow.CancelRead();
    CHECK_FALSE(flow.Busy());
    CHECK(flow.status() == Status::kCancelled);
    flow.ReadAgain();
    for (int frame = 0; frame < 100 && flow.Busy(); ++frame) flow.Step(1 << 20);
    CHECK(flow.status() == Status::kScored);
  }
  SUBCASE("a new file replaces the one being read") {
    flow.OnFileBegin("first.csv", 1000, false);
    REQUIRE(flow.OnFileChunk(reinterpret_cast<const uint8_t*>(kCsv), 10));
    Send(flow, kCsv, false);
    CHECK(flow.status() == Status::kScored);
    CHECK(flow.file().name == "data.csv");
    CHECK(flow.ResultsCsv() == EngineCsv(kModel, kCsv));
  }
}

TEST_CASE("the page ends a file in steps: busy until the last, the same scores; a cancel between steps") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  REQUIRE(flow.SetModelJson(kModel, ModelOrigin::kApi).ok);
  // A budget of 0 ms runs one engine step a call: the file's end in three (rows, attributes of up to
  // 2048 customers, ids), the table's room, the measures of up to 2048 customers, the values and
  // points, the raw and scale, the order.
  SUBCASE("every step") {
    Send(flow, kCsv, false, 7, 0, false);
    REQUIRE(flow.OnFileEndInSteps(0));
    int calls = 1;
    while (flow.Busy()) {
      CHECK(SummaryStatus(flow) == "loading");
      if (!flow.OnFileEndStep(0)) break;
      ++calls;
    }
    CHECK(calls == 7);  // the end's 3, the room, the measures, the values, the scale; the order's call answers false
    CHECK_FALSE(flow.Busy());
    CHECK(flow.status() == Status::kScored);
    CHECK(flow.ResultsCsv() == EngineCsv(kModel, kCsv));
    CHECK(flow.file().cache_complete);
    CHECK_FALSE(flow.OnFileEndStep(0));  // nothing left to step
  }
  SUBCASE("a generous budget ends it in the first call") {
    Send(flow, kCsv, false, 7, 0, false);
    CHECK_FALSE(flow.OnFileEndInSteps(1e9));
    CHECK(flow.status() == Status::kScored);
    CHECK(flow.ResultsCsv() == EngineCsv(kModel, kCsv));
  }
  SUBCASE("cancelled between steps") {
    Send(flow, kCsv, false, 7, 0, false);
    REQUIRE(flow.OnFileEndInSteps(0));
    flow.CancelRead();
    CHECK_FALSE(flow.OnFileEndStep(0));
    CHECK(flow.status() == Status::kCancelled);
    CHECK_FALSE(flow.Busy());
    CHECK(flow.ResultsCsv().empty());
  }
  SUBCASE("a new file while the last one is being scored replaces it") {
    Send(flow, kCsv, false, 7, 0, false);
    REQUIRE(flow.OnFileEndInSteps(0));
    Send(flow, std::string_view(kCsv).substr(0, 100), false);
    CHECK_FALSE(flow.OnFileEndStep(0));  // the old pass is gone
    CHECK(flow.status() == Status::kScored);
    CHECK(flow.ResultsCsv() == EngineCsv(kModel, std::string_view(kCsv).substr(0, 100)));
  }
}

// A file past the first MB (the preview): ~3 MB of rows, 5,000 customers.
std::string LargeCsv() {
  std::string csv = "user_id,timestamp,event,value,plan\n";
  for (int i = 0; csv.size() < (3u << 20) + 12345; ++i)
    csv += "user" + std::to_string(i * 7919 % 5000) + ",2024-03-" + std::to_string(1 + i % 28) + "T10:00:00Z," +
           (i % 3 ? "login" : "purchase") + ",,pro\n";
  return csv;
}

TEST_CASE("a file past the first MB: profiled in a call of its own, then fed a step per call; the same scores") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  REQUIRE(flow.SetModelJson(kModel, ModelOrigin::kApi).ok);
  const std::string csv = LargeCsv();
  const std::string expected = EngineCsv(kModel, csv);
  const auto rows_read = [&] { return nlohmann::json::parse(flow.SummaryJson())["rows"].get<int64_t>(); };
  const auto chunk = [&](size_t from, size_t n) {
    return flow.OnFileChunk(reinterpret_cast<const uint8_t*>(csv.data() + from), n);
  };
  SUBCASE("1 MB calls, as the page sends them") {
    const size_t mb = size_t{1} << 20;
    flow.OnFileBegin("data.csv", csv.size(), false);
    REQUIRE(chunk(0, mb));
    CHECK(flow.file().profiled);  // the first call only profiles
    CHECK(rows_read() == 0);
    REQUIRE(chunk(mb, mb));       // the next chooses the model and feeds the first 256 KB
    const int64_t after_start = rows_read();
    CHECK(after_start > 0);
    REQUIRE(chunk(2 * mb, mb));   // then 1.25 MB a call until nothing is held
    CHECK(rows_read() > after_start);
    REQUIRE(chunk(3 * mb, csv.size() - 3 * mb));
    REQUIRE(flow.OnFileEndInSteps(0));  // what is still held is fed in the end's steps
    while (flow.OnFileEndStep(0)) {
    }
    CHECK(flow.status() == Status::kScored);
    CHECK(flow.ResultsCsv() == expected);
  }
  SUBCASE("any slice; ended in one call") {
    for (size_t slice : {size_t{1000}, size_t{300} << 10, size_t{4} << 20}) {
      CAPTURE(slice);
      Send(flow, csv, false, slice);
      CHECK(flow.status() == Status::kScored);
      CHECK(flow.ResultsCsv() == expected);
      CHECK(nlohmann::json::parse(flow.SummaryJson())["rows"] == rows_read());
    }
  }
  SUBCASE("a re-read from the app's copy, between frames: a 1 MB piece per call of 0 ms; the same scores") {
    Send(flow, csv, false, 1 << 20);
    flow.model().Replace(*ces::LoadModel(kWiderModel).model);
    flow.AfterModelEdit();  // Replace committed already: nothing new
    flow.model().edit().activities[1].weight = 0.5;
    flow.AfterModelEdit();  // an editor's change: re-read from the copy, a step at a time
    REQUIRE(flow.Busy());
    const auto rows = std::count(csv.begin(), csv.end(), '\n') - 1;
    flow.Step(std::numeric_limits<size_t>::max(), 0);
    CHECK(rows_read() > 0);
    CHECK(rows_read() < rows / 2);  // one piece: 1 MB of the 3 MB copy
    int calls = 1;
    for (; calls < 1000 && flow.Busy(); ++calls) flow.Step(std::numeric_limits<size_t>::max(), 0);
    CHECK(calls >= 4 + 3);  // 4 pieces of the 3 MB copy, then the end's steps (a step a call)
    CHECK(flow.status() == Status::kScored);
    std::string half = kWiderModel;
    half.replace(half.find("\"weight\":0.1"), 12, "\"weight\":0.5");
    CHECK(flow.ResultsCsv() == EngineCsv(half, csv));
  }
  SUBCASE("cancelled while bytes are held") {
    flow.OnFileBegin("data.csv", csv.size(), false);
    REQUIRE(chunk(0, 1 << 20));
    REQUIRE(chunk(1 << 20, 1 << 20));
    flow.CancelRead();
    CHECK_FALSE(chunk(2 << 20, 1 << 20));
    CHECK(flow.status() == Status::kCancelled);
    CHECK(flow.ResultsCsv().empty());
  }
  SUBCASE("a model that does not fit the header: a starter model, every row read") {
    std::string other = "Email;Logins;Orders\n";
    for (int i = 0; other.size() < (2u << 20); ++i) other += "u" + std::to_string(i % 900) + "@x.io;3;1\n";
    ScoringFlow fresh(platform);  // with the default model, not one set on purpose
    Send(fresh, other, false, 1 << 20);
    CHECK(fresh.status() == Status::kScored);
    CHECK(fresh.model_note().find("starter score") != std::string::npos);
    CHECK(nlohmann::json::parse(fresh.SummaryJson())["customers"] == 900);
    CHECK(nlohmann::json::parse(fresh.SummaryJson())["rows"] == std::count(other.begin(), other.end(), '\n') - 1);
  }
}

TEST_CASE("failures: a read error, a file that is not CSV, a file without the model's columns") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);

  SUBCASE("the platform could not read the file") {
    flow.OnFileBegin("data.csv", 100, false);
    flow.OnFileError("The file could not be read: gone");
    CHECK(flow.status() == Status::kFailed);
    const auto s = nlohmann::json::parse(flow.SummaryJson());
    CHECK(s["status"] == "error");
    CHECK(s["errors"][0]["line"] == 0);
    CHECK(s["errors"][0]["message"] == "The file could not be read: gone");
  }
  SUBCASE("an empty file") {
    Send(flow, "", false);
    CHECK(flow.status() == Status::kFailed);
    CHECK(flow.ResultsCsv().empty());
  }
  SUBCASE("a file the default model does not fit gets a starter model") {
    Send(flow, "Email;Logins;Orders\nann@x.io;3;1\nbob@x.io;10;0\n", false);
    CHECK(flow.status() == Status::kScored);
    CHECK_FALSE(flow.model().pinned);
    CHECK(flow.model_note().find("starter score") != std::string::npos);
    CHECK(nlohmann::json::parse(flow.SummaryJson())["customers"] == 2);
  }
  SUBCASE("a model set on purpose is kept, and the mismatch reported; then a starter on request") {
    REQUIRE(flow.SetModelJson(kModel, ModelOrigin::kApi).ok);
    Send(flow, "Email;Logins;Orders\nann@x.io;3;1\nbob@x.io;10;0\n", false);
    CHECK(flow.status() == Status::kFailed);
    CHECK(flow.model().last_valid().name == "Small");
    const std::string summary = flow.SummaryJson();
    CHECK(summary.find("user_id") != std::string::npos);
    CHECK(summary.find("Email") != std::string::npos);
    // The pass stopped at the header, so the app's copy is incomplete: the platform reads again.
    flow.StartFromFileColumns();
    CHECK(platform.rereads == 1);
    CHECK(flow.status() == Status::kLoading);
    Send(flow, "Email;Logins;Orders\nann@x.io;3;1\nbob@x.io;10;0\n", true);
    CHECK(flow.status() == Status::kScored);
    CHECK(flow.model().last_valid().name != "Small");
  }
  SUBCASE("a model file with errors changes nothing and tells the user") {
    const SetModelResult r = flow.SetModelJson(R"({"ces_model":1,"activities":[{"weight":"heavy"}]})", ModelOrigin::kFile);
    CHECK_FALSE(r.ok);
    CHECK(r.errors.size() > 1);
    CHECK(flow.model().last_valid().name == DefaultModel().name);
    const std::vector<Notice> notices = flow.TakeNotices();
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].kind == Notice::kError);
    CHECK(notices[0].text.find("The model file could not be used:\n\u2022 ") == 0);
    CHECK(flow.TakeNotices().empty());
    // Through the API the caller gets the errors; no notice.
    CHECK_FALSE(flow.SetModelJson("{ not json", ModelOrigin::kApi).ok);
    CHECK(flow.TakeNotices().empty());
  }
}

TEST_CASE("ProblemList lists six problems and counts the rest") {
  CHECK(ProblemList("T:", {"a", "b"}) == "T:\n\u2022 a\n\u2022 b");
  const std::string many = ProblemList("T:", {"1", "2", "3", "4", "5", "6", "7", "8"});
  CHECK(many.find("\u2022 6") != std::string::npos);
  CHECK(many.find("\u2022 7") == std::string::npos);
  CHECK(many.find("and 2 more") != std::string::npos);
}
