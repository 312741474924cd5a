// Keeping the model in the browser between visits: when to write it, and under which
// key. The platform stores the text (PlatformServices::SaveSetting / LoadSetting).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/core/model_state.h"

namespace ces::app {

// The key the single model was kept under before the library (model_library.h,
// kLibraryStorageKey): read once, on the first start with a library, and migrated.
inline constexpr char kModelStorageKey[] = "ces.model.v1";

class Autosave {
 public:
  static constexpr double kDelaySeconds = 0.6;  // after the last change: not every slider step

  void Saved(uint64_t version) { saved_version_ = version; }  // what the store already holds

  // The text to store now, if any: the last valid model, once it has stopped changing
  // for kDelaySeconds and the pointer is up (a drag in progress is not done).
  std::optional<std::string> Due(const ModelState& model, double now_seconds, bool pointer_down) {
    if (!Due(model.version(), now_seconds, pointer_down)) return std::nullopt;
    return model.valid_json();
  }

  // The same for anything with a version that bumps at each change (the library:
  // ScoringFlow::LibraryVersion): true when it is time to write it.
  bool Due(uint64_t version, double now_seconds, bool pointer_down) {
    if (version == saved_version_) return false;
    if (seen_version_ != version) {
      seen_version_ = version;
      due_ = now_seconds + kDelaySeconds;
    }
    if (pointer_down || now_seconds < due_) return false;
    saved_version_ = version;
    return true;
  }

 private:
  uint64_t saved_version_ = 0;
  uint64_t seen_version_ = 0;
  double due_ = 0;
};

}  // namespace ces::app
