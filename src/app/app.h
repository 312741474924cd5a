// The CES user interface, independent of where it runs. The platform owns the main
// loop and the ImGui context and calls in; the app calls out only through
// PlatformServices. No browser, GL or Emscripten code belongs here, and no logic that
// can live without ImGui: that is in src/app/core (ScoringFlow, tested natively).
//
// The class is split by concern, one file each (Tracy's View_<Feature> pattern):
//   app.cpp              construction, page start, frame layout, notices, autosave, share link
//   panel_toolbar.cpp    top bar: open, examples, model file, share link, downloads
//   panel_library.cpp    top bar: the models kept in the browser, undo and redo
//   panel_data.cpp       left "Data" tab: file facts, progress, errors, mapping, preview
//   panel_activities.cpp left "Score" tab: the activity editor
//   panel_scale.cpp      left "Scale & tiers" tab: window, as-of, scale, tiers
//   panel_welcome.cpp    right pane before any data, and while a file loads
//   panel_summary.cpp    right pane top: figures, tier bar, histogram
//   panel_table.cpp      the virtualised results table
//   panel_customer.cpp   one customer's score explained
//   panel_segments.cpp   segment comparison
//   panel_trends.cpp     history: tier mix over time, movers, tier migration; sparklines
//   panel_sql_export.cpp the Export as SQL dialog
//   panel_check.cpp      "Check": backtest against an outcome, suggested weights, compare
#pragma once

#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/core/autosave.h"
#include "app/core/check_state.h"
#include "app/core/scoring_flow.h"
#include "app/core/trends_state.h"
#include "app/core/sql_export.h"

namespace ces::app {

class PlatformServices;

// Fonts the platform loads, in this order, at these sizes (CSS pixels).
enum class FontRole { kBody, kHeading, kFigure };
inline constexpr float kFontSizes[] = {15.0f, 18.0f, 26.0f};

class App {
 public:
  explicit App(PlatformServices& platform);  // needs a current ImGui context
  ~App();

  // [Page] The URL fragment the page opened with (a share link) and the page address
  // (to build share links); the autosaved model is read through PlatformServices.
  void OnStart(std::string_view url_fragment, std::string_view page_url);

  // Files, models and the JavaScript API's answers: see ScoringFlow.
  ScoringFlow& flow() { return flow_; }
  const ScoringFlow& flow() const { return flow_; }

  void Frame();  // this frame's UI, between ImGui::NewFrame and Render
  // The platform draws no more often than this: while a file is read, frames are
  // rationed so the reading goes faster, and the UI still moves.
  double MinFrameIntervalMs() const { return Busy() ? 1000.0 / 20.0 : 0.0; }

  // [Work between frames] By default a frame also advances the app's background work: a
  // re-read from the app's copy of the file, a history being replayed for the trends.
  // Where a drawn frame is itself expensive (WebGL drawn on the CPU: ~50 ms of the
  // browser's own work), a frame plus a slice of work made one task of 100+ ms on the
  // page's thread (issue 13). There the platform turns this on: Frame then only decides
  // what work is due, and the platform calls Work in the animation frames it does not
  // draw while Working() says some is waiting (never when this is off).
  void WorkBetweenFrames(bool on) { work_between_frames_ = on; }
  bool Working() const;
  void Work(double budget_ms);
  // See ScoringFlow; each date of a history computed counts too, so frames keep coming until it is done.
  std::uint64_t ChangeCount() const { return flow_.ChangeCount() + trends_.steps(); }

  // [Test hook] What the screen shows, for browser tests: {landmarks: {name: {x, y, w, h}} of key
  // controls (CSS pixels), tableRows (customers the table lists), selected (customer id), search (the
  // table's search as typed),
  // trends: {dates, from, to, matrix, newByTier, filtered, …}}.
  std::string UiStateJson() const;

  // [panel_check.cpp] A file the page asked for with RequestOpenSideFile: an outcomes
  // CSV ("outcomes") or a model to compare with ("compare-model").
  void OnSideFile(std::string_view purpose, std::string_view name, std::string bytes);
  // [panel_check.cpp] Where a CSV dropped on the page goes: "outcomes" while the Check tab
  // is on screen waiting for an outcomes file (CheckState::WaitsForOutcomesFile), else "data".
  const char* DropTarget() const;

 private:
  using Status = ScoringFlow::Status;
  struct ShownNotice {
    Notice notice;
    double expires;  // ImGui time; 0 = until closed
  };

  // The flow, as the panels use it.
  const ScoreSession* Scored() const { return flow_.Scored(); }
  bool Busy() const { return flow_.Busy(); }
  void AfterModelEdit() { flow_.AfterModelEdit(); }
  void LoadExample(std::size_t index);

  // [app.cpp]
  void Notify(Notice::Kind kind, std::string text);
  void SaveModelWhenDue();
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
  void DrawModelStatusLine();  // [panel_activities.cpp] the definition's problems or a hint, one line, always
  enum class CardAction { kNone, kUp, kDown, kDuplicate, kDelete };
  CardAction DrawActivity(std::size_t index);
  bool DrawEventPicker(std::size_t index);
  bool DrawActivityPoints(std::size_t index);   // [widget_bins.cpp] weight or ranges
  bool DrawActivityExtras(std::size_t index);   // [panel_activity_extras.cpp] group, empty cells
  int64_t MissingCount(std::size_t index) const;
  void DrawGroups();                            // [panel_groups.cpp] the scorecard
  void DrawSegmentScaling();                    // [panel_scale_segments.cpp] by_segment, target_by_segment
  void DrawScaleTab();
  void DrawTiers();
  void DrawWelcome();
  void DrawLoading(bool compact);
  void DrawSummary();
  void DrawHistogram(const ImVec2& size);
  void DrawResultsTable();
  void DrawCustomerDetail();
  void DrawGroupBreakdown(const ScoreSession& session, uint32_t customer);  // [panel_customer.cpp]
  std::string HowScored(const ScoreSession& session, uint32_t customer);
  void DrawSegments();
  void DrawSqlExportPopup();                    // [panel_sql_export.cpp] opened from the toolbar
  void DrawFieldErrors(const std::string& path, bool nested = false);
  // [panel_trends.cpp]
  bool UpdateTrends(const ScoreSession& s, bool asked = false);  // true when a history is there to draw
  void DrawTrends();
  void DrawTrendsSettings();
  void DrawTrendChart(const ScoreSession& s, const ImVec2& size);
  void DrawMovers(const ScoreSession& s, const TrendMovers& movers);
  void DrawMigrationMatrix(const ScoreSession& s, const TrendMovers& movers);
  void DrawSparkline(uint32_t customer, float width, float height);
  void DrawCustomerTrend(const ScoreSession& s, uint32_t customer);
  std::string TrendsUiJson() const;
  void DrawCheck();                             // [panel_check.cpp] the "Check" tab
  void DrawCheckOutcome();
  void DrawCheckFigures();
  void DrawCheckCharts();
  void DrawCheckWeights();
  void DrawCompare();
  void DrawCompareLibrary();  // [panel_check.cpp] the library's other scores to compare with
  std::string CheckStateJson() const;           // the Check tab's figures, for UiStateJson
  static constexpr int kCheckTab = 3;           // its index among the right pane's tabs
  void HandleUndoKeys();                        // [panel_library.cpp] Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y
  void DrawUndoButtons(bool compact);
  // Their labels, read by the buttons and by the Models menu's width (panel_toolbar.cpp).
  static const char* UndoLabel(bool compact) { return compact ? "\u2190###undo" : "\u2190 Undo###undo"; }
  static const char* RedoLabel(bool compact) { return compact ? "\u2192###redo" : "Redo \u2192###redo"; }
  void DrawModelsMenu(float width);
  void DrawUseProposedAsOf();                   // [panel_trust.cpp] "Use <day>" in the as-of tail note
  float ModelsMenuWidth(float minimum, std::initializer_list<const char*> labels);  // [panel_trust.cpp]
  void DrawTableModeToggle();                   // [panel_trust.cpp] the table's "Points | Measured"
  void DrawUndoneStarter();                     // [panel_trust.cpp] the welcome pane after Undo took a starter away
  void AnnounceStatus();                        // [app.cpp] the live region, when the state changed
  void AnnounceSelection();                     //   and when another customer is selected

  PlatformServices& platform_;
  ScoringFlow flow_;
  Autosave autosave_;

  std::string page_url_;
  std::string share_link_;
  bool open_share_popup_ = false;
  std::vector<ShownNotice> notices_;

  // Editor state that is not part of the model.
  std::vector<double> weight_range_;      // slider range per activity, fixed while dragging
  uint64_t weight_range_model_ = 0;       // ModelState::replacements() it was made for
  std::string event_filter_;
  int right_tab_request_ = -1;            // select a results tab on the next frame
  int right_tab_shown_ = -1;              // the results tab drawn in the last frame (-1: none)
  int left_tab_request_ = -1;
  std::string search_text_;
  SqlExport sql_export_;                  // the Export as SQL dialog's choices

  struct Landmark {
    std::string name;
    ImVec2 min, max;
  };
  std::vector<Landmark> marks_, marks_last_frame_;
  size_t table_rows_shown_ = 0;           // for UiStateJson
  bool models_name_fits_ = true;          // the Models menu shows the whole name (UiStateJson)
  bool table_measured_ = false;           // the table's activity columns: what was measured, not points
  std::vector<std::string> table_top_cells_;  // the top row's activity cells as drawn, for UiStateJson

  TrendsState trends_;                    // the Trends tab, the sparklines, the customer's trend
  double trends_stale_since_ = -1;        // ImGui time the scores changed under the history
  bool work_between_frames_ = false;      // see WorkBetweenFrames
  bool trends_due_ = false;               // between frames: the last drawn frame asked for the history
  std::string trends_start_text_, trends_start_error_;
  int trends_show_ = 10;                  // rows in each movers list
  CheckState check_;                      // the Check tab: outcome, backtest, compare
  // The models menu's rename field, and what the live region said last.
  int rename_index_ = -1;
  bool rename_focus_ = false;
  std::string rename_text_;
  std::uint64_t announced_change_ = 0;
  std::string announced_status_, announced_selection_;
};

}  // namespace ces::app
