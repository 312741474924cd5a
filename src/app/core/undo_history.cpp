#include "app/core/undo_history.h"

#include <utility>

namespace ces::app {

void UndoHistory::Reset(std::string state) {
  present_ = std::move(state);
  undo_.clear();
  redo_.clear();
  gesture_open_ = false;
}

void UndoHistory::Observe(const std::string& state, bool editing) {
  if (state == present_) {
    if (!editing) gesture_open_ = false;  // the drag or the typing ended: the next change is a new step
    return;
  }
  if (!gesture_open_) {
    undo_.push_back(std::move(present_));
    Trim();
  }
  present_ = state;
  redo_.clear();  // a new edit forks the history: what was undone cannot come back
  gesture_open_ = editing;
}

std::optional<std::string> UndoHistory::Undo(const std::string& state) {
  Observe(state, false);
  if (undo_.empty()) return std::nullopt;
  redo_.push_back(std::move(present_));
  present_ = std::move(undo_.back());
  undo_.pop_back();
  gesture_open_ = false;
  return present_;
}

std::optional<std::string> UndoHistory::Redo(const std::string& state) {
  Observe(state, false);
  if (redo_.empty()) return std::nullopt;
  undo_.push_back(std::move(present_));
  present_ = std::move(redo_.back());
  redo_.pop_back();
  gesture_open_ = false;
  return present_;
}

void UndoHistory::Trim() {
  std::size_t bytes = present_.size();
  for (const std::string& s : undo_) bytes += s.size();
  while (!undo_.empty() && (undo_.size() > kMaxSteps || bytes > kMaxBytes)) {
    bytes -= undo_.front().size();
    undo_.pop_front();
  }
}

}  // namespace ces::app
