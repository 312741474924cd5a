// The as-of tail note's action. When `auto` as-of is set by a thin tail of rows far
// after the rest (Stripe's future-dated `invoice.upcoming`; Dataset::late_rows), the
// engine's note names the day most rows reach; the page offers a button that makes it
// the model's as-of date, an edit like any other (undoable).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>

namespace ces {
struct ScoreTable;
}

namespace ces::app {

class ScoringFlow;

// The day most rows reach, while the scored model's as-of is `auto` and a thin tail set
// it later; nullopt otherwise (a fixed as-of, no tail, nothing scored).
std::optional<std::int32_t> ProposedAsOf(const ScoringFlow& flow);

// Sets the model's as-of to ProposedAsOf() and records the change as one undo step.
// False (and nothing changes) when there is no proposal.
bool UseProposedAsOf(ScoringFlow& flow);

// True for the engine's note on a tail-set as-of (warning `i` of `table`, marked by the
// engine: ScoreTable::as_of_tail_note), beside which the page draws the button.
bool IsAsOfTailNote(const ScoreTable& table, std::size_t i);

}  // namespace ces::app
