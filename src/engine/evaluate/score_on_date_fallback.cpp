// TEMPORARY, until the lead's ComputeScoresOnDate (engine/score/scoring.cpp) is merged:
// a weak definition so the backtest links meanwhile. It leaves the table empty, which
// RunBacktest and the CLI report as "the score on a date is not available in this
// build". The strong definition replaces it at link time; delete this file then.
#include "engine/score/scoring.h"

namespace ces {

__attribute__((weak)) void ComputeScoresOnDate(const Dataset&, const ScoreModel&, int32_t, ScoreTable* table) {
  *table = ScoreTable();
}

}  // namespace ces
