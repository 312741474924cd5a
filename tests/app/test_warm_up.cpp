// The page's warm-up (app/core/warm_up.h) must reach the engine's real work: a
// run that failed at the header or scored nobody would compile almost nothing.
#include <doctest/doctest.h>

#include "app/core/warm_up.h"

TEST_CASE("the warm-up reads, scores and lists its whole made-up log") {
  const ces::app::WarmUpRun run = ces::app::WarmUpEngine();
  CHECK(run.activities >= 5);  // a count per event (4), the amount, active days, recency
  CHECK(run.rows == 3000);
  CHECK(run.row_errors == 0);  // its dates are all real ones
  CHECK(run.customers > 140);  // 150 ids drawn at random over 3,000 rows: nearly all appear
  CHECK(run.customers <= 150);
  CHECK(run.listed == run.customers);
}
