// The page's control logic without its drawing: which file is open, the pass over it
// that is running, the model being edited, the scores on screen, and what the
// JavaScript API answers. No ImGui: built natively and tested in tests/app.
//
// File import protocol (one pass at a time, bytes in order):
//   OnFileBegin, then OnFileChunk for each slice, then OnFileEnd when every byte was
//   delivered (or OnFileEndInSteps, then OnFileEndStep until it returns false: the page,
//   which draws between the steps), or OnFileError if reading failed. Once OnFileChunk returns false the
//   platform stops reading that file and sends nothing more for it. A pass with
//   `reread` set reads the current file again (PlatformServices::RequestReread), for
//   a model change that needs columns the last pass did not keep.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/core/model_library.h"
#include "app/core/model_state.h"
#include "app/core/read_job.h"
#include "app/core/results_cache.h"
#include "app/core/undo_history.h"

namespace ces::app {

class PlatformServices;
struct BundledExample;

// Where a model came from: decides whether it is kept when a file does not fit it.
enum class ModelOrigin { kApi, kFile, kShareLink };

struct SetModelResult {
  bool ok = false;
  std::vector<std::string> errors;  // "path: message", every problem
};

// Something the user should read; the UI shows it (and decides for how long).
struct Notice {
  enum Kind { kInfo, kWarning, kError } kind;
  std::string text;
};

class ScoringFlow {
 public:
  enum class Status { kEmpty, kLoading, kScored, kFailed, kCancelled };

  explicit ScoringFlow(PlatformServices& platform) : platform_(platform) {}
  ~ScoringFlow();

  // [Page] The autosaved library (model_library.h), else the single model earlier
  // versions autosaved (migrated into a library of one), and the URL fragment (a share
  // link) the page opened with.
  void OnStart(std::string_view stored_model, std::string_view url_fragment, std::string_view stored_library = {});
  void OnUrlFragment(std::string_view fragment);  // a share link opened while the page is open

  // [Files] See the protocol above. Every request for a new file (an example clicked, a
  // file chosen, ces.loadCsv) takes a ticket first; a new file's pass begins only with
  // the latest ticket (OnFileBegin returns false for an older one, which was superseded
  // while it was being fetched or inflated). Ticket 0: not checked (re-reads, tests).
  std::uint64_t RequestFile() { return ++file_requests_; }
  bool OnFileBegin(std::string_view name, std::uint64_t size, bool reread, std::uint64_t ticket = 0);
  bool OnFileChunk(const std::uint8_t* data, std::size_t size);  // false = stop reading
  void OnFileEnd();
  // OnFileEnd cut into steps of about `budget_ms` each (scoring 100k customers takes a
  // few hundred ms in the page): true while steps remain. The same scores, whatever the cut.
  bool OnFileEndInSteps(double budget_ms);
  bool OnFileEndStep(double budget_ms);
  void OnFileError(std::string_view message);                    // shown to the user as is
  void CancelRead();                                             // stop the running pass
  // Once a frame, or between frames: feeds a re-read from the app's copy, up to
  // `budget_bytes` and, when given, until about `budget_ms` passed (at least one piece).
  void Step(std::size_t budget_bytes, double budget_ms = std::numeric_limits<double>::infinity());

  // [Files in parts] (scoring_flow_parts.cpp, docs/threads.md) A large file is read by
  // Web Workers, each a byte range in its own engine instance; this session absorbs
  // their part images in file order. After OnFileBegin and the first MB through
  // OnFileChunk (the model is chosen on it): BeginParts with those bytes gives the
  // plan as JSON (model, header length, how to cut), or "" to read on in this thread.
  // Then PartCut for each window around a nominal cut, AbsorbPartImage for each part
  // in order, OnPartsProgress now and then, and OnFileEnd. When a part is refused,
  // PartsFallback: the platform then feeds the whole file from byte 0 as usual.
  std::string BeginParts(std::string_view head);
  std::int64_t PartCut(std::string_view window) const;       // offset in the window, -1: no cut there
  bool AbsorbPartImage(std::string_view image, std::int64_t first_line, std::int64_t end_line, std::string* why_not);
  bool OnPartsProgress(std::uint64_t bytes);                  // bytes of the parts read; false = cancelled
  bool PartsFallback();                                       // false: no pass to read into

  // [Models] Parses, validates and applies a model. Through the API, a re-read
  // the model needs is done before returning when the file is held in memory.
  SetModelResult SetModelJson(std::string_view json, ModelOrigin origin);
  void AfterModelEdit();                 // the editor changed model().edit(): commit and re-score
  void OpenExample(const BundledExample& example);  // its model, then its data through the platform
  void ResetModel();                     // a starter model for the file, or the default one
  void StartFromFileColumns();           // a starter model for the file, read again
  void ReadAgain();                      // after a failure or a cancel

  // [Library] the models kept in this browser; the current one is model(). Opening a
  // file, an example, a model file or a share link never discards a model: one that is
  // replaced stays in the library, and a notice says so.
  const ModelLibrary& library();                       // in step with the editor
  std::string LibraryJson() { return library().ToJson(); }  // what the page stores
  std::uint64_t LibraryVersion() const { return model_.version() + library_.revision(); }  // bumps at every change
  void NewModel();                       // a starter for the file (or the default score), as a new model
  void DuplicateModel(std::size_t index);
  bool RenameModel(std::size_t index, const std::string& name);
  bool DeleteModel(std::size_t index);   // undoable; the last model cannot be deleted
  void SwitchModel(std::size_t index);
  std::string ModelsJson();              // ces.models(): [{name, current}]

  // [Undo] every change of the library or the current model. The page calls
  // RecordUndo once a frame (`editing`: a control is being dragged or typed into, so the
  // change joins the step it began); operations from outside a frame record themselves.
  void RecordUndo(bool editing);
  bool Undo(bool synchronous = false);   // true when there was a step to undo
  bool Redo(bool synchronous = false);
  bool CanUndo() const { return undo_.CanUndo(); }
  bool CanRedo() const { return undo_.CanRedo(); }
  // After Undo took away the starter a file brought, the score back on screen may not fit
  // that file: what happened and that Redo brings the starter back, while that score is
  // unchanged and could not be scored; "" otherwise.
  std::string UndoneStarterNote() const;

  // [State] for the panels
  ModelState& model() { return model_; }
  const ModelState& model() const { return model_; }
  const LoadedFile& file() const { return file_; }
  const ReadJob* job() const { return job_.get(); }
  const ScoreSession* shown() const { return shown_.get(); }   // the last finished pass, scored or failed
  const ScoreSession* Scored() const;                           // the session with scores, or null
  const ScoreSession* Latest() const;                           // the running pass's session, else shown()
  ResultsCache& results() { return results_; }
  const ResultsCache& results() const { return results_; }
  Status status() const { return status_; }
  const std::string& failure() const { return failure_; }       // why reading failed, when no session can say
  const std::string& model_note() const { return model_note_; } // why the model was replaced for this file
  // Why the starter model chose an activity, while it still measures what the starter set up.
  const std::string* StarterReason(const Activity& activity) const;
  bool Busy() const { return job_ != nullptr || reread_requested_; }
  bool FirstPass() const;                // the pass running (or asked for) reads a new file
  double rescore_ms() const { return rescore_ms_; }
  double load_seconds() const { return load_seconds_; }
  // Counts the news that arrived from outside a frame (a file, a model, a link): the
  // platform draws a frame for each, even while the page is otherwise idle.
  std::uint64_t ChangeCount() const { return changes_; }
  std::vector<Notice> TakeNotices();     // what happened since the last call, oldest first

  // [JavaScript API] (spec section 6)
  std::string SummaryJson() const;       // ces.summary()
  // Notes on the data beyond the engine's warnings (a header with no rows), for the Data
  // panel and ces.summary().warnings. Mixed currencies are the engine's (ScoreTable::warnings).
  std::vector<std::string> DataNotes() const;
  std::string ResultsCsv() const;        // ces.resultsCsv(): "" until scored

 private:
  bool Consume(const char* data, std::size_t size);
  void Profile(bool whole_file);             // the first MB (the whole file when shorter and ended)
  void ChooseModelAndStart();                // then feeds the held bytes' first step
  bool FeedHeld(std::size_t most);           // false: the pass failed (and ended)
  bool BeginFileEnd();                       // true: a pass is there to finish
  bool FinishJobFor(double budget_ms);        // finishing steps for about budget_ms; true while more remain
  void EndJob(Status status);
  void ApplyModel(bool synchronous);
  void StartReread(bool synchronous);
  void FeedFromCache(std::size_t budget_bytes, double budget_ms);
  void UseStarterModel();
  std::string BringModel(const ScoreModel& model, bool untouched);  // into the library: where the old one went
  void LoadCurrentEntry();                // the library's current model into the editor
  void RestoreSnapshot(const std::string& snapshot, bool synchronous);
  // A change of the library (new, duplicate, rename, delete, switch) is one undo step:
  // BeginLibraryChange records the present and remembers what is on screen, and
  // AfterLibraryChange loads the current entry when that changed.
  struct LibraryBefore {
    std::size_t current;
    std::string json;
  };
  LibraryBefore BeginLibraryChange();
  void AfterLibraryChange(const LibraryBefore& before);
  void Notify(Notice::Kind kind, std::string text) { notices_.push_back({kind, std::move(text)}); }

  PlatformServices& platform_;
  ModelState model_;
  ModelLibrary library_;
  UndoHistory undo_;
  std::string snapshot_;                 // library().ToJson() at snapshot_version_ (undo compares it every frame)
  std::uint64_t snapshot_version_ = 0;
  LoadedFile file_;
  std::unique_ptr<ScoreSession> shown_;  // the last finished pass: its scores, or why it failed
  std::vector<std::string> shown_id_notes_;  // PlaceholderIdNotes of shown_'s dataset, made when it is shown
  std::unique_ptr<ReadJob> job_;         // the pass running now
  Status status_ = Status::kEmpty;
  std::string failure_;
  std::string model_note_;
  bool reread_requested_ = false;        // asked the platform for a new pass, not begun yet
  bool cancel_pending_ = false;          // cancel that pass as soon as it begins
  uint64_t applied_version_ = 0;         // model version of the shown (or running) pass
  double rescore_ms_ = -1;               // time of the last re-score from memory
  double load_seconds_ = 0;              // time of the last full pass
  double engine_seconds_ = 0;            // of the last pass: time inside the engine
  ResultsCache results_;
  std::vector<Notice> notices_;
  std::uint64_t changes_ = 0;
  std::uint64_t file_requests_ = 0;      // tickets handed out (RequestFile)
  std::uint64_t starter_version_ = 0;    // model version right after the last starter was set
  std::uint64_t undone_starter_version_ = 0;  // model version right after Undo took an untouched starter away
  std::vector<Activity> starter_activities_;  // the last starter's activities, with why each
  std::vector<std::string> starter_reasons_;
};

// "The shared link's score is not valid…" and the like: a title and the first six
// problems as bullets.
std::string ProblemList(std::string_view title, const std::vector<std::string>& problems);

}  // namespace ces::app
