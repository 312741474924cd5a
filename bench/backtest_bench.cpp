// Times a full backtest (v2 spec 4): figures, the fit, the re-score with the suggested
// weights and the 5-fold cross-validation, on a generated customers-shape file.
//   ces_backtest_bench [CUSTOMERS=100000] [ACTIVITIES=20] [REPEAT=3]
// The file is generated in memory (fixed seed) with an outcome that depends on some
// activities; reading and scoring it is timed apart from the backtest itself.
// Prints one JSON object on stdout; times in milliseconds (wall clock, and the
// process's CPU time, which a busy shared machine inflates less).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "engine/base/number_format.h"
#include "engine/evaluate/backtest.h"
#include "engine/evaluate/outcomes.h"
#include "engine/model/model.h"
#include "engine/session.h"

namespace {
using Clock = std::chrono::steady_clock;
double MsSince(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }
}  // namespace

int main(int argc, char** argv) {
  const size_t customers = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const size_t activities = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 20;
  const int repeat = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;

  std::string model_json = R"({"ces_model":1,"data":{"shape":"customers","customer":"id"},"activities":[)";
  std::string csv = "id";
  for (size_t a = 0; a < activities; ++a) {
    model_json += (a ? "," : "") + std::string(R"({"name":"A)") + std::to_string(a) + R"(","column":"m)" +
                  std::to_string(a) + R"(","weight":)" + std::to_string(1 + a % 4) + (a % 3 == 0 ? R"(,"transform":"log")" : "") + "}";
    csv += ",m" + std::to_string(a);
  }
  model_json += R"(],"scale":{"method":"percentile"},"tiers":[{"name":"Low","below":30},{"name":"Mid","below":70},{"name":"High"}]})";
  csv += ",outcome\n";
  std::mt19937_64 rng(20261205);
  std::poisson_distribution<int> counts(4.0);
  std::uniform_real_distribution<double> uni(0, 1);
  std::vector<int> row(activities);
  for (size_t c = 0; c < customers; ++c) {
    csv += "cust" + std::to_string((c * 2654435761u) % 1000000007u);
    double eta = -1.5;
    for (size_t a = 0; a < activities; ++a) {
      row[a] = counts(rng);
      eta += (a < 5 ? 0.25 : a < 8 ? -0.15 : 0.0) * row[a];
      csv += "," + std::to_string(row[a]);
    }
    csv += uni(rng) < 1 / (1 + std::exp(-eta)) ? ",1\n" : ",0\n";
  }

  ces::ModelLoadResult loaded = ces::LoadModel(model_json);
  if (!loaded.ok()) {
    std::fprintf(stderr, "bench model does not load: %s\n", loaded.errors[0].ToString().c_str());
    return 2;
  }
  const ces::ScoreModel& model = *loaded.model;
  auto t0 = Clock::now();
  ces::ScoreSession session(model);
  auto reader = ces::OutcomeColumnReader::ForScoredFile(model, "outcome");
  session.Feed(csv.data(), csv.size());
  reader->Feed(csv.data(), csv.size());
  if (!session.Finish() || !reader->Finish()) {
    std::fprintf(stderr, "the generated file does not score\n");
    return 2;
  }
  const double read_ms = MsSince(t0);
  const ces::Outcomes outcomes = reader->Resolve(session.dataset());

  std::vector<double> times, cpu_times;
  ces::BacktestResult result;
  for (int r = 0; r < repeat; ++r) {
    auto start = Clock::now();
    const std::clock_t cpu_start = std::clock();
    std::string error;
    if (!ces::RunBacktest(session.dataset(), model, session.table(), outcomes.of_customer, true, std::nullopt, &result, &error)) {
      std::fprintf(stderr, "backtest failed: %s\n", error.c_str());
      return 2;
    }
    times.push_back(MsSince(start));
    cpu_times.push_back(1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
  }
  std::sort(times.begin(), times.end());
  std::sort(cpu_times.begin(), cpu_times.end());
  std::printf("{\"customers\":%zu,\"activities\":%zu,\"read_and_score_with_outcome_ms\":%.1f,"
              "\"backtest_ms_median\":%.1f,\"backtest_ms_min\":%.1f,\"backtest_cpu_ms_median\":%.1f,\"auc\":%s,\"auc_suggested\":%s,\"auc_cross_validated\":%s}\n",
              customers, activities, read_ms, times[times.size() / 2], times[0], cpu_times[cpu_times.size() / 2], ces::FormatNumber(result.auc).c_str(),
              ces::FormatNumber(result.auc_suggested).c_str(), ces::FormatNumber(result.auc_cross_validated).c_str());
  return 0;
}
