// The CES user interface, independent of where it runs. The platform owns the main
// loop and the ImGui context and calls in; the app calls out only through
// PlatformServices. No browser, GL or Emscripten code belongs here.
//
// File import protocol (one pass at a time, bytes in order):
//   OnFileBegin, then OnFileChunk for each slice, then OnFileEnd when every byte was
//   delivered, or OnFileError if reading failed. Once OnFileChunk returns false the
//   platform stops reading that file and sends nothing more for it. A pass with
//   `reread` set reads the current file again (RequestReread), for a model change
//   that needs columns the last pass did not keep.
//
// The class is split by concern, one file each (Tracy's View_<Feature> pattern):
//   app.cpp              construction, page start, frame layout, JavaScript API answers
//   scoring_flow.cpp     passes over the file, choosing a model for it, re-scoring
//   panel_toolbar.cpp    top bar: open, examples, model file, share link, downloads
//   panel_data.cpp       left "Data" tab: file facts, progress, errors, mapping, preview
//   panel_activities.cpp left "Score" tab: the activity editor
//   panel_scale.cpp      left "Scale & tiers" tab: window, as-of, scale, tiers
//   panel_welcome.cpp    right pane before any data, and while a file loads
//   panel_summary.cpp    right pane top: figures, tier bar, histogram
//   panel_table.cpp      the virtualised results table
//   panel_customer.cpp   one customer's score explained
//   panel_segments.cpp   segment comparison
#pragma once

#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/model_state.h"
#include "app/read_job.h"
#include "app/results_cache.h"

namespace ces::app {

class PlatformServices;

// Fonts the platform loads, in this order, at these sizes (CSS pixels).
enum class FontRole { kBody, kHeading, kFigure };
inline constexpr float kFontSizes[] = {15.0f, 18.0f, 26.0f};

// Where a model came from: decides whether it is kept when a file does not fit it.
enum class ModelOrigin { kApi, kFile, kShareLink, kStorage, kExample };

struct SetModelResult {
  bool ok = false;
  std::vector<std::string> errors;  // "path: message", every problem
};

class App {
 public:
  explicit App(PlatformServices& platform);  // needs a current ImGui context
  ~App();

  // [Page] What the page held when it opened: the autosaved model, the URL fragment
  // (a share link) and the page address (to build share links).
  void OnStart(std::string_view stored_model, std::string_view url_fragment, std::string_view page_url);
  void OnUrlFragment(std::string_view fragment);  // the fragment changed while open

  // [Files] See the protocol above.
  void OnFileBegin(std::string_view name, std::uint64_t size, bool reread);
  bool OnFileChunk(const std::uint8_t* data, std::size_t size);  // false = stop reading
  void OnFileEnd();
  void OnFileError(std::string_view message);                    // shown to the user as is
  void CancelRead();                                             // stop the running pass

  // [Models] Parses, validates and applies a model. Through the API, a re-read
  // the model needs is done before returning when the file is held in memory.
  SetModelResult SetModelJson(std::string_view json, ModelOrigin origin);

  void Frame();  // this frame's UI, between ImGui::NewFrame and Render
  // The platform draws no more often than this: while a file is read, frames are
  // rationed so the reading goes faster, and the UI still moves.
  double MinFrameIntervalMs() const { return Busy() ? 1000.0 / 20.0 : 0.0; }
  // Counts the news that arrived from outside a frame (a file, a model, a link): the
  // platform draws a frame for each, even while the page is otherwise idle.
  std::uint64_t ChangeCount() const { return changes_; }

  // [JavaScript API] (spec section 6)
  std::string SummaryJson() const;   // ces.summary()
  std::string ResultsCsv() const;    // ces.resultsCsv(): "" until scored
  // What the screen shows, for browser tests: {landmarks: {name: {x, y, w, h}} of key
  // controls (CSS pixels), tableRows (customers the table lists), selected (customer id)}.
  std::string UiStateJson() const;

 private:
  enum class Status { kEmpty, kLoading, kScored, kFailed, kCancelled };
  struct Notice {
    enum Kind { kInfo, kWarning, kError } kind;
    std::string text;
    double expires;  // ImGui time; 0 = until closed
  };

  // [scoring_flow.cpp]
  bool Consume(const char* data, std::size_t size);
  void ChooseModelAndStart(bool whole_file);
  void FinishJob();
  void EndJob(Status status);
  void ApplyModel(bool synchronous);
  void StartReread(bool synchronous);
  void FeedFromCache(std::size_t budget_bytes);
  void UseStarterModel();
  void LoadExample(std::size_t index);
  void AfterModelEdit();                       // Commit + re-score, for every editor change
  const ScoreSession* Scored() const;          // the session with scores, or null
  bool Busy() const { return job_ != nullptr || reread_requested_; }

  // [app.cpp]
  void Notify(Notice::Kind kind, std::string text);
  void Autosave();
  void CopyShareLink();
  void DrawNotices();
  void DrawShareLinkPopup();
  void Mark(const char* name);                 // remembers the last item's rectangle

  // [panels]
  void DrawToolbar();
  void DrawDataTab();
  void DrawFileFacts();
  void DrawMapping();
  void DrawPreview();
  void DrawActivitiesTab();
  enum class CardAction { kNone, kUp, kDown, kDuplicate, kDelete };
  CardAction DrawActivity(std::size_t index);
  bool DrawEventPicker(std::size_t index);
  void DrawScaleTab();
  void DrawTiers();
  void DrawWelcome();
  void DrawLoading(bool compact);
  void DrawSummary();
  void DrawHistogram(const ImVec2& size);
  void DrawResultsTable();
  void DrawCustomerDetail();
  std::string HowScored(const ScoreSession& session, uint32_t customer);
  void DrawSegments();
  void DrawFieldErrors(const std::string& path, bool nested = false);

  PlatformServices& platform_;
  ModelState model_;
  LoadedFile file_;
  std::unique_ptr<ScoreSession> shown_;  // the last finished pass: its scores, or why it failed
  std::unique_ptr<ReadJob> job_;         // the pass running now
  Status status_ = Status::kEmpty;
  std::string failure_;                  // why reading failed, when no session can say
  std::string model_note_;               // why the model was replaced on opening the file
  bool reread_requested_ = false;        // asked the platform for a new pass, not begun yet
  bool cancel_pending_ = false;          // cancel that pass as soon as it begins
  uint64_t applied_version_ = 0;         // model version of the shown (or running) pass
  double rescore_ms_ = -1;               // time of the last re-score from memory
  double load_seconds_ = 0;              // time of the last full pass
  double engine_seconds_ = 0;  // of the last pass: time inside the engine
  ResultsCache results_;

  std::string page_url_;
  std::string share_link_;
  bool open_share_popup_ = false;
  std::vector<Notice> notices_;
  uint64_t saved_version_ = 0;
  double save_due_ = -1;

  // Editor state that is not part of the model.
  std::vector<double> weight_range_;      // slider range per activity, fixed while dragging
  std::string event_filter_;
  int right_tab_request_ = -1;            // select a results tab on the next frame
  int left_tab_request_ = -1;
  std::string search_text_;

  struct Landmark {
    std::string name;
    ImVec2 min, max;
  };
  std::vector<Landmark> marks_, marks_last_frame_;
  size_t table_rows_shown_ = 0;           // for UiStateJson
  std::uint64_t changes_ = 0;             // ChangeCount()
};

}  // namespace ces::app
