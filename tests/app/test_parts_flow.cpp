// A large file read in parts by workers (scoring_flow.h "[Files in parts]"), driven
// here as web/ces_page.js drives it, with the workers' work done by part sessions saved
// to images (what src/platform/web/worker_main.cpp does in each worker).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "app/core/scoring_flow.h"
#include "engine/aggregate/part_image.h"
#include "engine/results/results_csv.h"
#include "fake_platform.h"

using namespace ces::app;
using Status = ScoringFlow::Status;

namespace {

const std::string kModel = R"({"ces_model":1,"name":"Parts","data":{"shape":"events","customer":"user","time":"time","event":"event"},
  "window":{"days":60},
  "activities":[{"name":"Logins","events":["login"],"weight":1},{"name":"Spend","events":["buy"],"measure":"sum","column":"amount","weight":0.1}],
  "scale":{"method":"percentile"}})";

// Over 1 MB (the app chooses the model on the first MB): days in order, integer amounts
// (or fractional ones, out of order), a row error now and then.
// Shuffled, with amounts of 7 decimals: plain sums (DecimalSums) over parts that
// overlap in time, so the merge is refused.
std::string Log(bool shuffled_fractions) {
  std::string s = "user,time,event,amount\n";
  for (int i = 0; i < 40000; ++i) {
    const int day = shuffled_fractions ? 1 + (i * 7919) % 28 : 1 + i / 1500;
    char row[120];
    std::snprintf(row, sizeof row, "u%d,2024-03-%02dT%02d:00:00Z,%s,%d%s\n", i % 613, day, i % 24,
                  i % 3 ? "login" : "buy", i % 50, shuffled_fractions ? ".5000001" : "");
    s += i % 997 == 3 ? std::string(",2024-03-01T00:00:00Z,login,1\n") : std::string(row);
  }
  return s;
}

std::string EngineCsv(const std::string& data) {
  ces::ScoreSession s(*ces::LoadModel(kModel).model);
  s.Feed(data.data(), data.size());
  REQUIRE(s.Finish());
  return ces::ResultsCsv(s.dataset(), s.model(), s.table());
}

// What one worker does: the header, then its range; the image and its lines.
struct WorkerPart {
  std::string image;
  int64_t first_line = 0, end_line = 0;
  bool ok = false;
};
WorkerPart Work(const std::string& model, const std::string& data, size_t header, size_t begin, size_t end, bool last) {
  WorkerPart w;
  ces::ScoreSession s(*ces::LoadModel(model).model);
  s.Feed(data.data(), header);
  w.first_line = s.lines_read();
  s.Feed(data.data() + begin, end - begin);
  w.ok = s.EndPart(last);
  w.end_line = s.lines_read();
  w.image = ces::SavePart(s);
  return w;
}

// Returns "read", "refused" (then the file was sent again in one part) or "stopped".
std::string ReadInParts(ScoringFlow& flow, const std::string& data, int parts, bool cancel_midway = false) {
  flow.OnFileBegin("big.csv", data.size(), false);
  const size_t preview = 1 << 20;
  REQUIRE(flow.OnFileChunk(reinterpret_cast<const uint8_t*>(data.data()), preview));
  const std::string plan_text = flow.BeginParts(std::string_view(data).substr(0, preview));
  REQUIRE(!plan_text.empty());
  const auto plan = nlohmann::json::parse(plan_text);
  const size_t header = plan["header"];
  CHECK(header == data.find('\n') + 1);
  std::vector<size_t> cuts{header};
  for (int k = 1; k < parts; ++k) {
    const size_t nominal = header + (data.size() - header) * static_cast<size_t>(k) / static_cast<size_t>(parts);
    const int64_t at = flow.PartCut(std::string_view(data).substr(nominal - 1, 200000));
    if (at >= 0 && nominal - 1 + static_cast<size_t>(at) > cuts.back()) cuts.push_back(nominal - 1 + static_cast<size_t>(at));
  }
  cuts.push_back(data.size());
  REQUIRE(cuts.size() == static_cast<size_t>(parts) + 1);
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    if (cancel_midway && k == 1) flow.CancelRead();
    if (!flow.OnPartsProgress(cuts[k] - header)) return "stopped";
    const WorkerPart w = Work(plan["model"], data, header, cuts[k], cuts[k + 1], k + 2 == cuts.size());
    REQUIRE(w.ok);
    std::string why;
    if (!flow.AbsorbPartImage(w.image, w.first_line, w.end_line, &why)) {
      if (flow.status() != Status::kLoading) return "stopped";
      REQUIRE(flow.PartsFallback());
      for (size_t at = 0; at < data.size(); at += 1 << 20)
        REQUIRE(flow.OnFileChunk(reinterpret_cast<const uint8_t*>(data.data() + at), std::min<size_t>(1 << 20, data.size() - at)));
      flow.OnFileEnd();
      return "refused";
    }
  }
  flow.OnFileEnd();
  return "read";
}

}  // namespace

TEST_CASE("a file read in parts by workers scores as one reader; a refused merge reads it again in one part") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  REQUIRE(flow.SetModelJson(kModel, ModelOrigin::kApi).ok);
  const std::string data = Log(false);
  for (int parts : {2, 3, 5}) {
    CAPTURE(parts);
    CHECK(ReadInParts(flow, data, parts) == "read");
    CHECK(flow.status() == Status::kScored);
    CHECK(flow.ResultsCsv() == EngineCsv(data));
    REQUIRE(flow.Scored());
    CHECK(flow.Scored()->bytes_fed() == data.size());
  }
  const std::string shuffled = Log(true);
  CHECK(ReadInParts(flow, shuffled, 3) == "refused");  // plain fractional sums over parts that overlap in time
  CHECK(flow.status() == Status::kScored);
  CHECK(flow.ResultsCsv() == EngineCsv(shuffled));
  // The same rows with amounts of two decimals: held exactly, so the parts (their images
  // carry each part's scale) merge whatever the order.
  std::string decimals = shuffled;
  for (size_t at = decimals.find(".5000001"); at != std::string::npos; at = decimals.find(".5000001", at))
    decimals.replace(at, 8, ".25");
  CHECK(ReadInParts(flow, decimals, 3) == "read");
  CHECK(flow.ResultsCsv() == EngineCsv(decimals));
}

TEST_CASE("a cancel while workers read stops the pass") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  REQUIRE(flow.SetModelJson(kModel, ModelOrigin::kApi).ok);
  CHECK(ReadInParts(flow, Log(false), 3, /*cancel_midway=*/true) == "stopped");
  CHECK(flow.status() == Status::kCancelled);
  CHECK(flow.job() == nullptr);
}

TEST_CASE("a damaged part image is refused, and the file read in one part") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  REQUIRE(flow.SetModelJson(kModel, ModelOrigin::kApi).ok);
  const std::string data = Log(false);
  flow.OnFileBegin("big.csv", data.size(), false);
  REQUIRE(flow.OnFileChunk(reinterpret_cast<const uint8_t*>(data.data()), 1 << 20));
  REQUIRE(!flow.BeginParts(std::string_view(data).substr(0, 1 << 20)).empty());
  std::string why;
  CHECK_FALSE(flow.AbsorbPartImage("CESPART garbage", 2, 10, &why));
  CHECK(!why.empty());
  REQUIRE(flow.PartsFallback());
  REQUIRE(flow.OnFileChunk(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
  flow.OnFileEnd();
  CHECK(flow.ResultsCsv() == EngineCsv(data));
}
