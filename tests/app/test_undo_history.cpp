// Undo and redo over snapshots (src/app/core/undo_history.h): gestures coalesce,
// a new edit clears redo, the history is bounded.
#include <doctest/doctest.h>

#include <string>

#include "app/core/undo_history.h"

using ces::app::UndoHistory;

TEST_CASE("one drag or one typing gesture is one undo step; clicks are one step each") {
  UndoHistory h;
  h.Reset("a");
  CHECK_FALSE(h.CanUndo());
  // A slider drag: many changes while the control is active, then released.
  h.Observe("a1", true);
  h.Observe("a2", true);
  h.Observe("a3", true);
  h.Observe("a3", false);  // released
  CHECK(h.undo_steps() == 1);
  // Two clicks (no gesture): two steps.
  h.Observe("b", false);
  h.Observe("c", false);
  CHECK(h.undo_steps() == 3);
  CHECK(*h.Undo("c") == "b");
  CHECK(*h.Undo("b") == "a3");
  CHECK(*h.Undo("a3") == "a");  // the whole drag at once
  CHECK_FALSE(h.Undo("a").has_value());
  CHECK(*h.Redo("a") == "a3");
  CHECK(*h.Redo("a3") == "b");
}

TEST_CASE("a change released on the frame it ends joins its gesture; the next gesture is a new step") {
  UndoHistory h;
  h.Reset("0");
  h.Observe("1", true);
  h.Observe("2", false);  // the last value arrives as the slider is let go
  h.Observe("3", true);   // a new drag
  h.Observe("3", false);
  CHECK(h.undo_steps() == 2);
  CHECK(*h.Undo("3") == "2");
  CHECK(*h.Undo("2") == "0");
}

TEST_CASE("a new edit after undo clears redo; a change not yet observed is undone first") {
  UndoHistory h;
  h.Reset("a");
  h.Observe("b", false);
  CHECK(*h.Undo("b") == "a");
  CHECK(h.CanRedo());
  h.Observe("x", false);  // a new edit forks the history
  CHECK_FALSE(h.CanRedo());
  CHECK_FALSE(h.Redo("x").has_value());
  // "y" was never observed (an API call between two frames): undo returns to "x".
  CHECK(*h.Undo("y") == "x");
  CHECK(*h.Redo("x") == "y");
}

TEST_CASE("the history keeps at most kMaxSteps steps and kMaxBytes of text") {
  UndoHistory h;
  h.Reset("start");
  for (size_t i = 0; i < UndoHistory::kMaxSteps + 50; ++i) h.Observe("s" + std::to_string(i), false);
  CHECK(h.undo_steps() == UndoHistory::kMaxSteps);
  size_t undone = 0;
  std::string state = "s" + std::to_string(UndoHistory::kMaxSteps + 49);
  while (auto s = h.Undo(state)) {
    state = *s;
    ++undone;
  }
  CHECK(undone == UndoHistory::kMaxSteps);
  CHECK(state == "s49");  // the oldest steps were forgotten

  UndoHistory big;
  big.Reset("");
  const std::string block(UndoHistory::kMaxBytes / 4, 'x');
  for (char c = 'a'; c < 'a' + 8; ++c) big.Observe(block + c, false);
  CHECK(big.undo_steps() < 5);
  CHECK(big.undo_steps() >= 2);
}
