// Keeping the model in the browser between visits: when to write it, and under which
// key. The platform stores the text (PlatformServices::SaveSetting / LoadSetting).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/core/model_state.h"

namespace ces::app {

// The one key the model is kept under (the page's localStorage).
inline constexpr char kModelStorageKey[] = "ces.model.v1";

class Autosave {
 public:
  static constexpr double kDelaySeconds = 0.6;  // after the last change: not every slider step

  void Saved(uint64_t version) { saved_version_ = version; }  // what the store already holds

  // The text to store now, if any: the last valid model, once it has stopped changing
  // for kDelaySeconds and the pointer is up (a drag in progress is not done).
  std::optional<std::string> Due(const ModelState& model, double now_seconds, bool pointer_down) {
    if (model.version() == saved_version_) return std::nullopt;
    if (seen_version_ != model.version()) {
      seen_version_ = model.version();
      due_ = now_seconds + kDelaySeconds;
    }
    if (pointer_down || now_seconds < due_) return std::nullopt;
    saved_version_ = model.version();
    return model.valid_json();
  }

 private:
  uint64_t saved_version_ = 0;
  uint64_t seen_version_ = 0;
  double due_ = 0;
};

}  // namespace ces::app
