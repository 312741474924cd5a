#include "app/core/as_of_tail.h"

#include "app/core/scoring_flow.h"

namespace ces::app {

std::optional<std::int32_t> ProposedAsOf(const ScoringFlow& flow) {
  const ScoreSession* s = flow.Scored();
  if (!s) return std::nullopt;
  const ScoreModel& m = s->model();
  const Dataset& d = s->dataset();
  // The session's model, not the editor's: the proposal follows the scores on screen.
  if (m.data.shape != Shape::kEvents || m.window.as_of || d.late_rows <= 0 || !d.max_day) return std::nullopt;
  return d.bulk_day;
}

bool UseProposedAsOf(ScoringFlow& flow) {
  const std::optional<std::int32_t> day = ProposedAsOf(flow);
  if (!day) return false;
  flow.RecordUndo(false);  // the state before, when no frame has recorded it yet
  flow.model().edit().window.as_of = *day;
  flow.AfterModelEdit();
  flow.RecordUndo(false);
  return true;
}

bool IsAsOfTailNote(const ScoreTable& table, std::size_t i) { return i == 0 && table.as_of_tail_note; }

}  // namespace ces::app
