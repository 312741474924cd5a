#include "app/core/model_library.h"

#include <nlohmann/json.hpp>

#include "engine/model/model.h"

namespace ces::app {

namespace {
using Json = nlohmann::ordered_json;
constexpr int kLayoutVersion = 1;
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

std::string NameOf(const std::string& model_json) {
  const Json j = Json::parse(model_json, nullptr, false);
  return j.is_object() && j.contains("name") && j["name"].is_string() ? j["name"].get<std::string>() : std::string();
}
}  // namespace

std::string WithModelName(const std::string& model_json, const std::string& name) {
  ModelLoadResult r = LoadModel(model_json);
  if (!r.ok()) return {};
  r.model->name = name;
  return ModelToJson(*r.model);
}

std::string ModelLibrary::ToJson() const {
  Json models = Json::array();
  for (const LibraryEntry& e : entries_) {
    Json m = {{"name", e.name}};
    if (e.untouched) m["untouched"] = true;
    m["model"] = Json::parse(e.model_json, nullptr, false);
    models.push_back(std::move(m));
  }
  const Json j = {{"ces_library", kLayoutVersion}, {"current", current_}, {"models", std::move(models)}};
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool ModelLibrary::FromJson(std::string_view text, std::vector<std::string>* dropped) {
  const Json j = Json::parse(text, nullptr, false);
  // A later layout is not guessed at: the page keeps what it has rather than misread it.
  if (!j.is_object() || j.value("ces_library", 0) != kLayoutVersion || !j.contains("models") || !j["models"].is_array())
    return false;
  std::vector<LibraryEntry> entries;
  std::size_t current = 0;
  const std::size_t wanted = j.contains("current") && j["current"].is_number_unsigned() ? j["current"].get<std::size_t>() : 0;
  for (std::size_t i = 0; i < j["models"].size(); ++i) {
    const Json& m = j["models"][i];
    const std::string label = m.is_object() && m.contains("name") && m["name"].is_string() ? m["name"].get<std::string>()
                                                                                         : "model " + std::to_string(i + 1);
    ModelLoadResult r = m.is_object() && m.contains("model") ? LoadModel(m["model"].dump()) : ModelLoadResult{};
    if (!r.ok()) {
      if (dropped) dropped->push_back(label);
      continue;
    }
    if (i == wanted) current = entries.size();
    entries.push_back({r.model->name, ModelToJson(*r.model), m.value("untouched", false)});
  }
  if (entries.empty()) return false;
  entries_ = std::move(entries);
  current_ = current;
  ++revision_;
  return true;
}

void ModelLibrary::StartWith(const std::string& model_json, bool untouched) {
  entries_ = {{NameOf(model_json), model_json, untouched}};
  current_ = 0;
  ++revision_;
}

bool ModelLibrary::UpdateCurrent(const std::string& model_json) {
  if (entries_.empty()) {
    StartWith(model_json, false);
    return true;
  }
  LibraryEntry& e = entries_[current_];
  if (e.model_json == model_json) return false;
  e.model_json = model_json;
  e.name = NameOf(model_json);
  e.untouched = false;
  ++revision_;
  return true;
}

std::size_t ModelLibrary::Bring(const std::string& model_json, bool untouched) {
  if (entries_.empty()) {
    StartWith(model_json, untouched);
    return kNone;
  }
  const std::size_t previous = current_;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].model_json != model_json) continue;
    Switch(i);
    return i == previous ? kNone : previous;
  }
  if (entries_[current_].untouched) {
    LibraryEntry& e = entries_[current_];
    e = {UniqueName(NameOf(model_json), current_), WithModelName(model_json, UniqueName(NameOf(model_json), current_)),
         untouched};
    if (e.model_json.empty()) e.model_json = model_json;
    ++revision_;
    return kNone;
  }
  Add(model_json, NameOf(model_json));
  entries_[current_].untouched = untouched;
  return previous;
}

std::size_t ModelLibrary::Add(const std::string& model_json, const std::string& name) {
  const std::string unique = UniqueName(name.empty() ? "Score" : name);
  std::string json = unique == NameOf(model_json) ? model_json : WithModelName(model_json, unique);
  if (json.empty()) json = model_json;
  entries_.push_back({NameOf(json), std::move(json), false});
  current_ = entries_.size() - 1;
  ++revision_;
  return current_;
}

std::size_t ModelLibrary::Duplicate(std::size_t index) {
  if (index >= entries_.size()) return kNone;
  const LibraryEntry source = entries_[index];
  return Add(source.model_json, source.name + " (copy)");
}

bool ModelLibrary::Rename(std::size_t index, const std::string& name) {
  if (index >= entries_.size() || name.find_first_not_of(" \t") == std::string::npos) return false;
  const std::string unique = UniqueName(name, index);
  const std::string json = WithModelName(entries_[index].model_json, unique);
  if (json.empty()) return false;
  entries_[index].model_json = json;
  entries_[index].name = unique;
  entries_[index].untouched = false;
  ++revision_;
  return true;
}

bool ModelLibrary::Remove(std::size_t index) {
  if (index >= entries_.size() || entries_.size() < 2) return false;
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(index));
  if (current_ > index || current_ == entries_.size()) --current_;  // the neighbour becomes current
  ++revision_;
  return true;
}

bool ModelLibrary::Switch(std::size_t index) {
  if (index >= entries_.size()) return false;
  if (index != current_) {
    current_ = index;
    ++revision_;
  }
  return true;
}

std::string ModelLibrary::UniqueName(const std::string& wanted, std::size_t except) const {
  auto taken = [&](const std::string& name) {
    for (std::size_t i = 0; i < entries_.size(); ++i)
      if (i != except && entries_[i].name == name) return true;
    return false;
  };
  if (!taken(wanted)) return wanted;
  for (int n = 2;; ++n) {
    std::string candidate = wanted + " (" + std::to_string(n) + ")";
    if (!taken(candidate)) return candidate;
  }
}

}  // namespace ces::app
