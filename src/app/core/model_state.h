// The score definition the user is editing, and what the engine makes of it.
//
// The editor changes `edit()` freely; Commit() then validates it exactly as a model
// file would be validated (ModelToJson -> LoadModel), so the UI shows the same
// errors, with the same field paths, as `ces validate`. Only a model without errors
// ever reaches the scoring session; while the edit has errors the last valid model
// keeps scoring.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/model.h"

namespace ces::app {

class ModelState {
 public:
  ModelState();                                  // starts with DefaultModel()

  ScoreModel& edit() { return edit_; }           // change it, then call Commit()
  const ScoreModel& edit() const { return edit_; }
  bool Commit();                                 // validates; true when the valid model changed
  void Replace(const ScoreModel& model);         // a whole new model (file, link, example, starter)

  bool valid() const { return errors_.empty(); }
  const ScoreModel& last_valid() const { return valid_; }  // what scores are computed with
  const std::string& valid_json() const { return valid_json_; }
  uint64_t version() const { return version_; }  // bumps whenever last_valid() changes
  uint64_t replacements() const { return replacements_; }  // bumps at each Replace()
  const std::vector<ModelError>& errors() const { return errors_; }

  // Errors whose path is `path` exactly; with `nested`, also those below it (`path.` / `path[`).
  std::vector<const ModelError*> ErrorsAt(std::string_view path, bool nested = false) const;

  // Set when the user (or a page through ces.setModel) chose this model on purpose:
  // a file it does not fit then shows the mismatch instead of a starter model.
  bool pinned = false;

 private:
  ScoreModel edit_;
  ScoreModel valid_;
  std::string valid_json_;
  std::string edit_json_;                        // the last committed edit, to skip no-op commits
  std::vector<ModelError> errors_;
  uint64_t version_ = 1;
  int declared_version_ = 1;                     // `ces_model` of the model last Replace()d
  uint64_t replacements_ = 0;
};

ScoreModel DefaultModel();                       // assets/default-model.json: the spec's example, with tier colours

}  // namespace ces::app
