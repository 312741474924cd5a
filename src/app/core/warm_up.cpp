#include "app/core/warm_up.h"

#include <cstdint>
#include <cstdio>
#include <string>

#include "app/core/results_cache.h"
#include "engine/inspect/inspect.h"
#include "engine/results/summary.h"
#include "engine/session.h"

namespace ces::app {

namespace {

// An export shaped like the ones users bring: id, ISO time, event name, an amount on
// purchases, a plan. 3,000 rows for 150 customers over 60 days: enough for the profile
// to type every column and for the starter model to weigh every event; small enough
// to run in a few milliseconds once compiled.
std::string MadeUpLog() {
  static const char* const kEvents[] = {"login", "report_viewed", "purchase", "support_ticket"};
  static const char* const kPlans[] = {"free", "starter", "pro"};
  std::string csv = "user_id,timestamp,event,amount,plan\n";
  uint32_t state = 12345;
  auto next = [&state](uint32_t n) {
    state = state * 1103515245u + 12345u;
    return (state >> 16) % n;
  };
  char line[128];
  for (int row = 0; row < 3000; ++row) {
    const int day = row / 50, customer = static_cast<int>(next(150)), event = static_cast<int>(next(4));
    const int month = day < 31 ? 1 : 2, day_of_month = day < 31 ? day + 1 : day - 30;  // Jan 1 .. Feb 29
    const int written = std::snprintf(line, sizeof line, "u%05d,2024-%02d-%02dT%02u:%02u:00Z,%s,", customer, month,
                                      day_of_month, next(24), next(60), kEvents[event]);
    csv.append(line, static_cast<size_t>(written));
    if (event == 2) csv += std::to_string(5 + next(200)) + "." + std::to_string(next(100));
    csv += ',';
    csv += kPlans[customer % 3];
    csv += '\n';
  }
  return csv;
}

}  // namespace

WarmUpRun WarmUpEngine() {
  const std::string csv = MadeUpLog();
  const CsvProfile profile = InspectCsvPrefix(csv);
  const ScoreModel model = StarterModel(profile, GuessColumns(profile));
  ScoreSession session(model);
  // In two pieces, as a file arrives: the second starts mid-line.
  const size_t half = csv.size() / 2;
  if (!session.Feed(csv.data(), half) || !session.Feed(csv.data() + half, csv.size() - half)) return {};
  while (session.FinishStep(64)) {  // small steps: each stage of the page's stepped end runs
  }
  if (session.failed()) return {};
  ResultsCache results;
  WarmUpRun run;
  run.activities = model.activities.size();
  run.rows = static_cast<size_t>(session.dataset().rows);
  run.row_errors = static_cast<size_t>(session.dataset().row_errors);
  run.customers = session.table().order.size();
  run.listed = results.Rows(session).size();
  results.Histogram(session, 20);
  results.Segments(session);
  results.MeanPoints(session);
  SummaryJson(&session, "scored", "warm-up.csv");
  return run;
}

}  // namespace ces::app
