// The score definitions kept in this browser: several named models, one of them
// current (the one on screen). Pure data: the scoring flow decides when a model goes
// in (a file it does not fit, an example, a model file) and keeps the current entry in
// step with the editor; the page stores ToJson() through PlatformServices.
//
// Stored layout (versioned; key kLibraryStorageKey):
//   {"ces_library": 1, "current": 0,
//    "models": [{"name": "…", "untouched": true, "model": {…a model file…}}, …]}
// `untouched` marks a model the page made (default, starter, example) that nobody has
// changed since: a new file or example may take its place instead of adding another.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ces::app {

inline constexpr char kLibraryStorageKey[] = "ces.library.v1";

struct LibraryEntry {
  std::string name;        // the model's own `name`, kept in step with it
  std::string model_json;  // a valid model, as ModelToJson writes it
  bool untouched = false;  // made by the page and not changed since
};

class ModelLibrary {
 public:
  // [Read API] for the panels (and the compare / backtest views): every model, in order.
  const std::vector<LibraryEntry>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  std::size_t current() const { return current_; }
  const LibraryEntry& current_entry() const { return entries_[current_]; }
  std::uint64_t revision() const { return revision_; }  // bumps at every change

  // The whole library as stored (and as undo snapshots). FromJson returns false, and
  // leaves the library as it was, when the text is not a library with a valid model;
  // models that do not load are dropped and named in `dropped`.
  std::string ToJson() const;
  bool FromJson(std::string_view text, std::vector<std::string>* dropped = nullptr);

  // A library of one model (the first start, or an earlier single autosaved model).
  void StartWith(const std::string& model_json, bool untouched);

  // The current model changed (an edit). Returns true when the stored text changed.
  bool UpdateCurrent(const std::string& model_json);
  // A model the page brings in (a file it does not fit, an example, a model file):
  // becomes current. It reuses an entry with the same model, or takes the place of an
  // untouched current entry; otherwise it is added and the previous current one stays.
  // Returns the index of the entry the previous current model is kept in, or npos when
  // it was replaced (untouched) or is the same entry.
  std::size_t Bring(const std::string& model_json, bool untouched);

  // The user's operations. Each keeps names unique ("Score", "Score (2)").
  std::size_t Add(const std::string& model_json, const std::string& name);  // becomes current
  std::size_t Duplicate(std::size_t index);                                   // the copy becomes current
  bool Rename(std::size_t index, const std::string& name);                    // false: empty name or bad index
  bool Remove(std::size_t index);                                             // false: the last model, or bad index
  bool Switch(std::size_t index);

  std::string UniqueName(const std::string& wanted, std::size_t except = static_cast<std::size_t>(-1)) const;

 private:
  std::vector<LibraryEntry> entries_;
  std::size_t current_ = 0;
  std::uint64_t revision_ = 0;
};

// The model JSON with its `name` set (normalised through the engine); "" if it is not valid.
std::string WithModelName(const std::string& model_json, const std::string& name);

}  // namespace ces::app
