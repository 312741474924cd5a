#include "app/core/model_state.h"

#include <algorithm>
#include <cstddef>
#include <string_view>

// assets/default-model.json, compiled in by ces_embed_file (src/app/core/CMakeLists.txt).
extern const unsigned char ces_asset_default_model[];
extern const std::size_t ces_asset_default_model_size;

namespace ces::app {

ScoreModel DefaultModel() {
  const std::string_view json(reinterpret_cast<const char*>(ces_asset_default_model), ces_asset_default_model_size);
  ModelLoadResult r = LoadModel(json);
  return r.ok() ? *r.model : ScoreModel{};
}

ModelState::ModelState() { Replace(DefaultModel()); }

void ModelState::Replace(const ScoreModel& model) {
  edit_ = model;
  declared_version_ = model.version;
  edit_json_.clear();
  ++replacements_;
  Commit();
}

bool ModelState::Commit() {
  // The version follows the fields used: 2 while a v2 field is in, back to what the
  // model was opened as once they are gone. A model opened as version 2 stays 2 (its
  // events-shape segment rule, latest by time, must not change under the user).
  edit_.version = std::max(declared_version_, RequiredModelVersion(edit_));
  std::string json = ModelToJson(edit_);
  if (json == edit_json_) return false;          // nothing changed (most frames)
  edit_json_ = std::move(json);
  ModelLoadResult r = LoadModel(edit_json_);
  errors_ = std::move(r.errors);
  if (!r.ok()) return false;
  std::string valid_json = ModelToJson(*r.model);
  if (valid_json == valid_json_) return false;
  valid_ = std::move(*r.model);
  valid_json_ = std::move(valid_json);
  ++version_;
  return true;
}

std::vector<const ModelError*> ModelState::ErrorsAt(std::string_view path, bool nested) const {
  std::vector<const ModelError*> out;
  for (const ModelError& e : errors_) {
    std::string_view p = e.path;
    const bool exact = p == path;
    const bool below = nested && p.size() > path.size() && p.substr(0, path.size()) == path &&
                       (p[path.size()] == '.' || p[path.size()] == '[');
    if (exact || below) out.push_back(&e);
  }
  return out;
}

}  // namespace ces::app
