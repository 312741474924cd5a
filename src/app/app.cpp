// App: construction, the page's start, the frame's layout, notices, autosave and
// share links.
#include "app/app.h"

#include <imgui.h>
#include <imgui_internal.h>  // the keyboard navigation's focus, for UiStateJson

#include <algorithm>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>

#include "app/core/announcement.h"
#include "app/core/examples.h"
#include "app/core/platform_services.h"
#include "app/core/share_link.h"
#include "app/core/stopwatch.h"
#include "app/ui_kit.h"

namespace ces::app {

namespace {
constexpr double kNoticeSeconds = 9.0;
constexpr float kToolbarHeight = 52.0f;
constexpr float kSplitterWidth = 8.0f;
// The layout's panes are one space for the keyboard: Tab and the arrows cross from the
// toolbar to the left and right panes without entering each pane first.
constexpr ImGuiWindowFlags kNavFlat = ImGuiWindowFlags_NavFlattened;
constexpr std::size_t kFrameStepBytes = 8u << 20;  // of a re-read from the app's copy, per drawn frame
}  // namespace

App::App(PlatformServices& platform) : platform_(platform), flow_(platform) { ui::ApplyStyle(); }

App::~App() = default;

// [SECTION] Page start

void App::OnStart(std::string_view url_fragment, std::string_view page_url) {
  page_url_ = page_url;
  // The library; on the first start with one, the single model earlier versions kept.
  const std::string library = platform_.LoadSetting(kLibraryStorageKey);
  flow_.OnStart(library.empty() ? platform_.LoadSetting(kModelStorageKey) : std::string(), url_fragment, library);
  if (!library.empty()) autosave_.Saved(flow_.LibraryVersion());  // what was restored is what the store holds
}

void App::LoadExample(std::size_t index) {
  if (index < BundledExampleCount()) flow_.OpenExample(BundledExamples()[index]);
}

// [SECTION] Frame

void App::Frame() {
  marks_.clear();
  if (!work_between_frames_) flow_.Step(kFrameStepBytes);
  trends_due_ = false;  // the panels drawn below say again whether the history is wanted
  if (Busy() && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) flow_.CancelRead();
  HandleUndoKeys();
  for (Notice& n : flow_.TakeNotices()) Notify(n.kind, std::move(n.text));
  if (flow_.model().replacements() != weight_range_model_) {  // a new model: new slider ranges
    weight_range_.clear();
    weight_range_model_ = flow_.model().replacements();
  }
  SaveModelWhenDue();

  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  constexpr ImGuiWindowFlags kRootFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                          ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                          ImGuiWindowFlags_NoScrollWithMouse;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("CES", nullptr, kRootFlags);
  ImGui::PopStyleVar();

  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(14, 10));
  ImGui::BeginChild("toolbar", ImVec2(0, kToolbarHeight), ImGuiChildFlags_AlwaysUseWindowPadding,
                    ImGuiWindowFlags_NoScrollbar | kNavFlat);
  DrawToolbar();
  ImGui::EndChild();
  ImGui::PopStyleVar();

  // Left: data and the score definition. Right: results. The left pane keeps a
  // width that suits its forms; the right pane takes the rest.
  const float width = ImGui::GetContentRegionAvail().x;
  const float left_width = std::clamp(width * 0.36f, 380.0f, 540.0f);
  ImGui::SetCursorPos(ImVec2(10, ImGui::GetCursorPosY() + 2));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(14, 12));
  ImGui::BeginChild("left", ImVec2(left_width, -10), ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding, kNavFlat);
  if (ImGui::BeginTabBar("left-tabs")) {
    const char* const kTabs[] = {"Data", "Score", "Scale & tiers"};
    for (int i = 0; i < 3; ++i) {
      ImGuiTabItemFlags flags = left_tab_request_ == i ? ImGuiTabItemFlags_SetSelected : 0;
      const bool open = ImGui::BeginTabItem(kTabs[i], nullptr, flags);
      Mark(i == 0 ? "tab-data" : i == 1 ? "tab-score" : "tab-scale");
      if (!open) continue;
      // The scrollbar's room is always kept: buttons at the right edge (a card's ×) do
      // not move under the pointer when a long list makes it appear.
      ImGui::BeginChild("tab-body", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_AlwaysVerticalScrollbar | kNavFlat);
      if (i == 0) DrawDataTab();
      if (i == 1) DrawActivitiesTab();
      if (i == 2) DrawScaleTab();
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    left_tab_request_ = -1;
    ImGui::EndTabBar();
  }
  ImGui::EndChild();

  ImGui::SameLine(0, kSplitterWidth);
  ImGui::BeginChild("right", ImVec2(-10, -10), ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding, kNavFlat);
  const ScoreSession* scored = Scored();
  if (!flow_.file().present && !Busy()) {
    DrawWelcome();
  } else if (Busy() && (flow_.FirstPass() || !scored)) {
    DrawLoading(false);
  } else if (scored) {
    if (Busy()) DrawLoading(true);
    if (!flow_.model().valid()) {
      ui::WarningLine("\u26a0 The score definition has problems (in red on the left), so these are the scores of its last valid version.");
    }
    DrawSummary();
    if (ImGui::BeginTabBar("right-tabs")) {
      const char* const kTabs[] = {"Customers", "Segments", "Trends", "Check"};
      const int request = right_tab_request_;  // taken now: a tab's contents may ask for another tab next frame
      right_tab_request_ = -1;
      right_tab_shown_ = -1;
      for (int i = 0; i < 4; ++i) {
        const bool open = ImGui::BeginTabItem(kTabs[i], nullptr, request == i ? ImGuiTabItemFlags_SetSelected : 0);
        Mark(i == 0 ? "tab-customers" : i == 1 ? "tab-segments" : i == 2 ? "tab-trends" : "tab-check");
        if (!open) continue;
        right_tab_shown_ = i;
        if (i == 0) DrawResultsTable();
        if (i == 1) DrawSegments();
        if (i == 2) DrawTrends();
        if (i == kCheckTab) DrawCheck();
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
  } else {
    DrawWelcome();  // failed or cancelled: says why and offers what to do
  }
  ImGui::EndChild();
  ImGui::PopStyleVar();

  ImGui::End();
  DrawNotices();
  DrawShareLinkPopup();
  // After every panel had its say: a drag or typing in progress joins the step it began.
  flow_.RecordUndo(ImGui::IsAnyItemActive());
  AnnounceStatus();
  AnnounceSelection();
  marks_last_frame_ = marks_;
}

// [SECTION] Work between frames

bool App::Working() const {
  if (!work_between_frames_) return false;  // a frame does the work itself
  if (Busy()) return true;
  const ScoreSession* s = Scored();
  return trends_due_ && s != nullptr && trends_.Stale(*s, flow_.results().version());
}

void App::Work(double budget_ms) {
  const Stopwatch watch;
  flow_.Step(std::numeric_limits<std::size_t>::max(), budget_ms);
  const ScoreSession* s = Scored();
  if (!trends_due_ || s == nullptr || Busy()) return;
  const double left = budget_ms - watch.ms();
  const uint64_t version = flow_.results().version();
  if (trends_.Stale(*s, version)) trends_.Update(*s, version, std::max(0.0, left) / 1000.0);
}

// [SECTION] Notices, autosave, share link

void App::Notify(Notice::Kind kind, std::string text) {
  const double now = ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0;
  platform_.Announce(text);
  notices_.push_back({{kind, std::move(text)}, kind == Notice::kInfo ? now + kNoticeSeconds : 0.0});
  if (notices_.size() > 4) notices_.erase(notices_.begin());
}

void App::DrawNotices() {
  const double now = ImGui::GetTime();
  notices_.erase(std::remove_if(notices_.begin(), notices_.end(),
                                [&](const ShownNotice& n) { return n.expires > 0 && n.expires < now; }),
                 notices_.end());
  if (notices_.empty()) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float width = std::min(520.0f, viewport->WorkSize.x - 40.0f);
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - 24.0f, viewport->WorkPos.y + viewport->WorkSize.y - 24.0f),
                          ImGuiCond_Always, ImVec2(1, 1));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(14, 12));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.14f, 0.155f, 0.185f, 0.98f));
  ImGui::Begin("##notices", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav |
                                         ImGuiWindowFlags_AlwaysAutoResize);
  int close = -1;
  for (size_t i = 0; i < notices_.size(); ++i) {
    const Notice& n = notices_[i].notice;
    ImGui::PushID(static_cast<int>(i));
    if (i > 0) ImGui::Separator();
    const ImVec4 color = n.kind == Notice::kError ? ui::kTextError : n.kind == Notice::kWarning ? ui::kTextWarning : ImVec4(0.85f, 0.88f, 0.92f, 1);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::PushTextWrapPos(width - 60.0f);
    ImGui::TextUnformatted(n.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::SameLine(width - 44.0f);
    if (ui::SmallIconButton("\u00d7", "Dismiss")) close = static_cast<int>(i);
    ImGui::PopID();
  }
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  if (close >= 0) notices_.erase(notices_.begin() + close);
}

void App::SaveModelWhenDue() {
  if (autosave_.Due(flow_.LibraryVersion(), ImGui::GetTime(), ImGui::IsMouseDown(ImGuiMouseButton_Left)))
    platform_.SaveSetting(kLibraryStorageKey, flow_.LibraryJson());
}

void App::AnnounceStatus() {
  // Recomputed when news arrived or the scores changed, not in the middle of a drag.
  const std::uint64_t key = flow_.ChangeCount() * 1000003u + flow_.model().version();
  if (key == announced_change_ || Busy() || ImGui::IsAnyItemActive()) return;
  announced_change_ = key;
  std::string text = StatusAnnouncement(flow_);
  if (text.empty() || text == announced_status_) return;
  announced_status_ = text;
  platform_.Announce(text);
}

void App::AnnounceSelection() {
  std::string text = SelectionAnnouncement(flow_);
  if (text == announced_selection_) return;
  announced_selection_ = text;
  if (!text.empty()) platform_.Announce(text);
}

void App::CopyShareLink() {
  // Compact JSON: the link stays as short as the model allows.
  nlohmann::json j = nlohmann::json::parse(flow_.model().valid_json(), nullptr, false);
  const std::string compact = j.is_discarded() ? flow_.model().valid_json() : j.dump();
  const std::string base = page_url_.substr(0, page_url_.find('#'));
  share_link_ = base + "#" + ShareFragment(compact);
  platform_.CopyToClipboard(share_link_);
  open_share_popup_ = true;
}

void App::DrawShareLinkPopup() {
  if (open_share_popup_) {
    ImGui::OpenPopup("Share this score");
    open_share_popup_ = false;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(620.0f, viewport->WorkSize.x - 40), 0));
  if (ImGui::BeginPopupModal("Share this score", nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize)) {
    ImGui::TextWrapped("The link is on your clipboard. It holds the score definition \u201c%s\u201d only: "
                       "no customer data. Whoever opens it gets the same activities, weights and tiers, "
                       "and scores their own file with them.", flow_.model().last_valid().name.c_str());
    ImGui::Spacing();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##link", share_link_.data(), share_link_.size() + 1, ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
    // The single-file page opened from disk: its link names a file on this computer.
    if (page_url_.rfind("file:", 0) == 0) {
      ImGui::Spacing();
      ui::WarningLine("\u26a0 This page was opened from a file on this computer, so the link points to that file: "
                      "it opens only here, or where the same file sits at the same place. To share the score "
                      "with someone else, send the model file instead.");
      if (ImGui::Button("Save model file")) {
        platform_.OfferDownload("ces-model.json", "application/json", flow_.model().valid_json());
      }
      Mark("share-local-note");
      ImGui::SameLine();
    } else {
      ImGui::Spacing();
    }
    if (ImGui::Button("Copy again")) platform_.CopyToClipboard(share_link_);
    ImGui::SameLine();
    if (ui::PrimaryButton("Done", ImVec2(90, 0)) || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

void App::Mark(const char* name) { marks_.push_back({name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()}); }

// [SECTION] Test hook

std::string App::UiStateJson() const {
  nlohmann::json marks = nlohmann::json::object();
  for (const Landmark& m : marks_last_frame_)
    marks[m.name] = {{"x", m.min.x}, {"y", m.min.y}, {"w", m.max.x - m.min.x}, {"h", m.max.y - m.min.y}};
  nlohmann::json j = {{"landmarks", marks}, {"tableRows", table_rows_shown_}, {"selected", nullptr}};
  // Where the keyboard focus is (ImGui's navigation), when it is shown: tests check Tab reaches the controls.
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  j["navFocus"] = nullptr;
  if (g.NavWindow != nullptr && g.NavId != 0 && !g.NavDisableHighlight) {
    const ImRect r = ImGui::WindowRectRelToAbs(g.NavWindow, g.NavWindow->NavRectRel[g.NavLayer]);
    j["navFocus"] = {{"x", r.Min.x}, {"y", r.Min.y}, {"w", r.GetWidth()}, {"h", r.GetHeight()}};
  }
  const std::optional<uint32_t>& selected = flow_.results().selected;
  if (const ScoreSession* s = Scored(); s && selected && *selected < s->dataset().customer_count())
    j["selected"] = std::string(s->dataset().customer_id(*selected));
  j["search"] = search_text_;  // the table's search as typed so far: keys reach ImGui a frame or more apart
  j["modelNote"] = flow_.model_note();  // the Data tab's note on the model chosen for the file
  j["modelsNameFits"] = models_name_fits_;  // the toolbar's Models menu is wide enough for the name
  j["tableMeasured"] = table_measured_;   // the table shows what was measured, not points
  j["tableTopCells"] = table_top_cells_;  // the top row's activity cells, as drawn
  j["trends"] = nlohmann::json::parse(TrendsUiJson(), nullptr, false);
  j["check"] = nlohmann::json::parse(CheckStateJson(), nullptr, false);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ces::app
