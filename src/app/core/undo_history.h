// Undo and redo over snapshots of the page's models (the library's JSON, see
// model_library.h): small texts, so a whole snapshot per step is simpler and safer
// than inverse operations, and a delete is undone like any edit.
//
// Steps coalesce by gesture: while a control is being dragged or typed into
// (`editing`), every change joins the step it began; a change made with no gesture
// in progress (a click, an API call, a menu action) is a step of its own.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>

namespace ces::app {

class UndoHistory {
 public:
  static constexpr std::size_t kMaxSteps = 200;          // older steps are forgotten
  static constexpr std::size_t kMaxBytes = 32u << 20;    // and so are steps past this much text

  // The state the page starts from (or was reset to): no undo, no redo.
  void Reset(std::string state);
  // The state now; records a step when it differs from the last one seen.
  void Observe(const std::string& state, bool editing);
  // The state to restore, after observing `state` (changes no frame has seen yet
  // are a step too); nullopt when there is nothing to undo / redo.
  std::optional<std::string> Undo(const std::string& state);
  std::optional<std::string> Redo(const std::string& state);

  bool CanUndo() const { return !undo_.empty(); }
  bool CanRedo() const { return !redo_.empty(); }
  std::size_t undo_steps() const { return undo_.size(); }
  std::size_t redo_steps() const { return redo_.size(); }

 private:
  void Trim();

  std::string present_;
  std::deque<std::string> undo_;   // oldest first
  std::deque<std::string> redo_;   // next redo last
  bool gesture_open_ = false;      // the present step is still growing (a drag, typing)
};

}  // namespace ces::app
