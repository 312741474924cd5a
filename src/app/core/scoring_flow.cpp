// Passes over the file and keeping the scores in step with the model.
//
//   new file:  bytes are held until the first MB has arrived; it is profiled (mapping
//              screen) and decides the model: the current one when the file has its
//              columns (or the user chose it on purpose), else a starter model built
//              from the file. Then the session is fed the held bytes and the rest.
//   edit:      the session re-scores from memory (weights, caps, transforms, scale,
//              tiers, window, as-of, half-life...). Only when the model needs columns
//              the pass did not keep does the file go through again: from the app's
//              copy when it has one (small files), else through the platform.
//   any time:  the pass running is the only one; when it ends, the model is checked
//              again, since the user may have edited it while the file was read.
#include "app/core/scoring_flow.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "app/core/examples.h"
#include "app/core/id_notes.h"
#include "app/core/field_words.h"
#include "app/core/platform_services.h"
#include "app/core/share_link.h"
#include "app/core/stopwatch.h"
#include "engine/inspect/inspect.h"
#include "engine/results/results_csv.h"
#include "engine/results/summary.h"

namespace ces::app {

namespace {
// A re-read from the app's copy is fed in pieces this large, so a time budget can stop
// between them (8 MB took over 100 ms in one go in the page).
constexpr size_t kCachePieceBytes = 1u << 20;
constexpr size_t kHeldStepBytes = 256u << 10;      // held bytes fed per call on top of the call's own
constexpr uint32_t kScoringStepCustomers = 2048;  // a finishing step's customers: a few ms in the page
constexpr double kCacheFinishMs = 15;             // finishing a re-read from the copy, per frame
constexpr uint64_t kKeepScoresWhileRereading = 256u << 20;  // larger files free the old pass first
}  // namespace

ScoringFlow::~ScoringFlow() = default;

std::string ProblemList(std::string_view title, const std::vector<std::string>& problems) {
  std::string text(title);
  for (size_t i = 0; i < problems.size() && i < 6; ++i) text += "\n\u2022 " + problems[i];
  if (problems.size() > 6) text += "\n\u2022 \u2026 and " + std::to_string(problems.size() - 6) + " more";
  return text;
}

std::vector<Notice> ScoringFlow::TakeNotices() {
  std::vector<Notice> out;
  out.swap(notices_);
  return out;
}

// [SECTION] Page start

void ScoringFlow::OnStart(std::string_view stored_model, std::string_view url_fragment, std::string_view stored_library) {
  ++changes_;
  std::vector<std::string> dropped;
  if (!stored_library.empty() && library_.FromJson(stored_library, &dropped)) {
    LoadCurrentEntry();
    if (!dropped.empty())
      Notify(Notice::kWarning, ProblemList("Some scores saved in this browser could not be restored:", dropped));
  } else {
    if (!stored_library.empty())
      Notify(Notice::kWarning, "The scores saved in this browser could not be read; the last single saved score is used.");
    // First start with a library: the single model earlier versions autosaved becomes its first entry.
    bool restored = false;
    if (!stored_model.empty()) {
      ModelLoadResult loaded = LoadModel(stored_model);
      if (loaded.ok()) {
        model_.Replace(*loaded.model);
        restored = true;
      } else {
        Notify(Notice::kWarning, "The score saved in this browser could not be restored (" +
                                     loaded.errors.front().ToString() + "); the default score is used.");
      }
    }
    library_.StartWith(model_.valid_json(), !restored);
  }
  undo_.Reset(library().ToJson());  // a new visit starts a new history
  OnUrlFragment(url_fragment);
}

void ScoringFlow::OnUrlFragment(std::string_view fragment) {
  ++changes_;
  std::string error;
  std::optional<std::string> json = ModelFromFragment(fragment, &error);
  if (!json) {
    if (!error.empty()) Notify(Notice::kError, "The shared link could not be opened. " + error);
    return;
  }
  SetModelResult result = SetModelJson(*json, ModelOrigin::kShareLink);
  if (result.ok) {
    Notify(Notice::kInfo, "Opened the score \u201c" + model_.last_valid().name + "\u201d from a shared link.");
    return;
  }
  Notify(Notice::kError, ProblemList("The shared link's score is not valid, so it was not used:", result.errors));
}

// [SECTION] The platform's passes

bool ScoringFlow::OnFileBegin(std::string_view name, std::uint64_t size, bool reread, std::uint64_t ticket) {
  if (!reread && ticket != 0 && ticket != file_requests_) return false;  // superseded by a later request
  ++changes_;
  job_.reset();  // an unfinished pass is abandoned (the platform cancels before starting another)
  failure_.clear();
  if (reread) {
    reread_requested_ = false;
    if (size > kKeepScoresWhileRereading) shown_.reset();
    // A pass that was cancelled before the first MB never chose its model: choose now.
    job_ = std::make_unique<ReadJob>(file_.profiled ? ReadJob::Kind::kReread : ReadJob::Kind::kNewFile, size);
    if (job_->kind == ReadJob::Kind::kReread) {
      job_->session = std::make_unique<ScoreSession>(model_.last_valid());
      applied_version_ = model_.version();
    }
  } else {
    shown_.reset();
    results_ = ResultsCache{};
    model_note_.clear();
    file_ = LoadedFile{};
    file_.present = true;
    file_.name = name;
    file_.size = size;
    job_ = std::make_unique<ReadJob>(ReadJob::Kind::kNewFile, size);
  }
  if (!file_.cache_complete) {
    file_.cache.clear();
    file_.caching = size <= LoadedFile::kCacheLimit;
    if (file_.caching) file_.cache.reserve(static_cast<size_t>(size));
  }
  status_ = Status::kLoading;
  if (cancel_pending_) {
    job_->cancel_requested = true;
    cancel_pending_ = false;
  }
  return true;
}

bool ScoringFlow::OnFileChunk(const std::uint8_t* data, std::size_t size) {
  if (!job_ || job_->from_cache) return false;
  return Consume(reinterpret_cast<const char*>(data), size);
}

void ScoringFlow::OnFileEnd() {
  if (BeginFileEnd()) FinishJobFor(std::numeric_limits<double>::infinity());
}

bool ScoringFlow::OnFileEndInSteps(double budget_ms) { return BeginFileEnd() && FinishJobFor(budget_ms); }

bool ScoringFlow::OnFileEndStep(double budget_ms) {
  if (!job_ || job_->from_cache) return false;  // cancelled, replaced, or finished meanwhile
  return FinishJobFor(budget_ms);
}

bool ScoringFlow::BeginFileEnd() {
  ++changes_;
  if (!job_ || job_->from_cache) return false;
  if (!job_->session) {
    if (!file_.profiled) Profile(true);
    ChooseModelAndStart();
  }
  return job_ != nullptr;
}

void ScoringFlow::OnFileError(std::string_view message) {
  ++changes_;
  job_.reset();
  shown_.reset();
  reread_requested_ = false;
  failure_ = message;
  status_ = Status::kFailed;
}

void ScoringFlow::CancelRead() {
  ++changes_;
  if (job_) {
    job_->cancel_requested = true;
    if (job_->from_cache) EndJob(Status::kCancelled);  // no platform pass to stop
  } else if (reread_requested_) {
    cancel_pending_ = true;
  }
}

// [SECTION] Feeding a pass

bool ScoringFlow::Consume(const char* data, std::size_t size) {
  // Progress is news: without it the platform took a long read for an idle page after
  // 1.5 s and drew 4 frames a second (~7 measured over a 490 MB load) instead of 20.
  ++changes_;
  ReadJob& job = *job_;
  if (job.cancel_requested) {
    EndJob(Status::kCancelled);
    return false;
  }
  job.bytes += size;
  if (!job.from_cache && file_.caching) {
    if (file_.cache.size() + size > LoadedFile::kCacheLimit) {
      file_.caching = false;  // the file grew past the announced size: give the copy up
      std::string().swap(file_.cache);
    } else {
      file_.cache.append(data, size);
    }
  }
  if (!job.session || job.HoldsUnfed()) job.held.append(data, size);
  if (!job.session) {
    // The first MB is profiled in a call of its own and the model chosen in the next:
    // together with the first bytes fed, where every customer is new, one call took
    // ~230 ms in the page (issue 13: no stall over 100 ms).
    if (job.held.size() < LoadedFile::kPreviewBytes) return true;
    if (!file_.profiled) {
      Profile(false);
      return true;
    }
    ChooseModelAndStart();
    return job_ != nullptr;
  }
  if (job.HoldsUnfed()) return FeedHeld(size + kHeldStepBytes);
  if (!job.Timed([&] { return job.session->Feed(data, size); })) {
    EndJob(Status::kFailed);
    return false;
  }
  return true;
}

bool ScoringFlow::FeedHeld(size_t most) {
  ReadJob& job = *job_;
  const size_t n = std::min(most, job.held.size() - job.held_from);
  const char* from = job.held.data() + job.held_from;
  job.held_from += n;
  const bool fed = job.Timed([&] { return job.session->Feed(from, n); });
  job.DropFed();
  if (!fed) EndJob(Status::kFailed);
  return fed;
}

void ScoringFlow::Profile(bool whole_file) {
  const std::string_view preview = std::string_view(job_->held).substr(0, LoadedFile::kPreviewBytes);
  file_.profile = whole_file && job_->held.size() <= LoadedFile::kPreviewBytes ? InspectCsv(preview) : InspectCsvPrefix(preview);
  file_.profiled = true;
}

void ScoringFlow::ChooseModelAndStart() {
  ReadJob& job = *job_;
  const std::string_view held = job.held;
  // The first bytes tell whether the model fits (its columns in the header); the rest of
  // what is held is fed a step per call after this one (FeedHeld).
  const size_t header_end = held.find('\n');
  const size_t first = header_end == std::string_view::npos ? held.size() : std::max(kHeldStepBytes, header_end + 1);
  auto start = [&](const ScoreModel& model) {
    job.session = std::make_unique<ScoreSession>(model);
    applied_version_ = model_.version();
    job.held_from = std::min(first, held.size());
    return job.session->Feed(held.data(), job.held_from) || job.session->dataset().rows > 0;
  };
  // A starter made for another file and not edited since is made again for this one:
  // the starter on screen is always the shown file's (two quick example clicks, two loads).
  if (starter_version_ == model_.version() && !model_.pinned) UseStarterModel();
  // Fails at the header when the file lacks the model's columns (or its delimiter).
  if (!start(model_.last_valid()) && !model_.pinned && !file_.profile.columns.empty()) {
    const std::string why =
        job.session->errors().empty() ? std::string() : SessionErrorForPeople(job.session->errors().front(), model_.last_valid());
    const std::string previous = model_.last_valid().name;
    RecordUndo(false);  // edits made so far are a step of their own
    ScoreModel starter = StarterModel(file_.profile, GuessColumns(file_.profile), &starter_reasons_);
    starter_activities_ = starter.activities;
    const std::string kept = BringModel(starter, true);
    model_.pinned = false;
    starter_version_ = model_.version();  // untouched: the next file gets its own starter
    RecordUndo(false);
    model_note_ = "\u201c" + (previous.empty() ? std::string("The previous score") : previous) +
                  "\u201d does not fit this file (" + why +
                  "), so CES set up a starter score from the file's columns. Shape it under Score." + kept;
    start(model_.last_valid());
  }
  job.DropFed();
  if (job.session->failed()) EndJob(Status::kFailed);
}

// Steps of ScoreSession::FinishStep until about budget_ms passed (the steps are cut by
// customers, never by time: the time only decides how many run before the page draws).
bool ScoringFlow::FinishJobFor(double budget_ms) {
  ++changes_;  // news: the page draws the progress between steps
  ReadJob& job = *job_;
  if (job.cancel_requested) {
    EndJob(Status::kCancelled);
    return false;
  }
  const Stopwatch watch;
  bool more = true;
  while (more) {
    if (job.HoldsUnfed()) {  // bytes still held from the model's choice
      if (!FeedHeld(kHeldStepBytes)) return false;
    } else {
      more = job.Timed([&] { return job.session->FinishStep(kScoringStepCustomers); });
    }
    if (watch.ms() >= budget_ms) break;
  }
  if (more) return true;
  if (!job.from_cache && file_.caching && file_.cache.size() == job.bytes && job.bytes == job.total)
    file_.cache_complete = true;
  load_seconds_ = job.seconds();
  engine_seconds_ = job.engine_seconds;
  EndJob(job.session->failed() ? Status::kFailed : Status::kScored);
  return false;
}

void ScoringFlow::EndJob(Status status) {
  ++changes_;
  std::unique_ptr<ReadJob> job = std::move(job_);
  switch (status) {
    case Status::kScored:
    case Status::kFailed:
      shown_ = std::move(job->session);
      // Once per shown dataset: the scan of every id took ~15 ms of each frame in the
      // page for 100k customers when it was made while drawing.
      shown_id_notes_ = Scored() ? PlaceholderIdNotes(shown_->dataset()) : std::vector<std::string>();
      break;
    default:
      shown_.reset();
      break;
  }
  status_ = status;
  results_.Invalidate();
  if (status == Status::kScored || status == Status::kFailed) {
    if (job->kind == ReadJob::Kind::kNewFile) results_.selected.reset();
    // The model may have changed while the file was read (an edit, ces.setModel). Catch
    // up now, before the platform reports the file as read, so that what ces.loadCsv
    // resolves with and ces.resultsCsv() then returns are for the model set last.
    ApplyModel(true);
  }
}

void ScoringFlow::Step(std::size_t budget_bytes, double budget_ms) {
  if (job_ && job_->from_cache) FeedFromCache(budget_bytes, budget_ms);
}

void ScoringFlow::FeedFromCache(std::size_t budget, double budget_ms) {
  const Stopwatch watch;
  bool fed = false;
  while (job_ && job_->from_cache) {
    const double spent = watch.ms();
    if (fed && spent >= budget_ms) return;
    const size_t left = file_.cache.size() - job_->cache_offset;
    if (left == 0) {  // finishing: a step of about kCacheFinishMs a frame, less what this call spent
      FinishJobFor(std::min(kCacheFinishMs, std::max(0.0, budget_ms - spent)));
      return;
    }
    if (budget == 0) return;
    const size_t n = std::min({left, budget, kCachePieceBytes});
    fed = true;
    const char* data = file_.cache.data() + job_->cache_offset;
    job_->cache_offset += n;
    budget -= n;
    if (!Consume(data, n)) return;
  }
}

// [SECTION] Keeping the scores in step with the model

void ScoringFlow::ApplyModel(bool synchronous) {
  if (!model_.valid() || !file_.present) return;
  if (model_.version() == applied_version_) return;  // the shown or running pass has it
  if (job_) {
    if (!job_->from_cache) return;                   // reconciled when the platform's pass ends
    job_.reset();                                    // a copy pass for an older model: restart
  }
  if (status_ == Status::kCancelled || !failure_.empty()) return;  // the user reads again explicitly
  if (shown_ && shown_->finished() && !shown_->failed()) {
    const Stopwatch watch;
    if (shown_->SetModel(model_.last_valid()) == ScoreSession::ModelChange::kRescored) {
      rescore_ms_ = watch.ms();
      applied_version_ = model_.version();
      status_ = Status::kScored;
      results_.Invalidate();
      return;
    }
  }
  StartReread(synchronous);
}

void ScoringFlow::StartReread(bool synchronous) {
  applied_version_ = model_.version();
  failure_.clear();
  status_ = Status::kLoading;
  if (file_.cache_complete) {
    job_ = std::make_unique<ReadJob>(ReadJob::Kind::kReread, file_.cache.size());
    job_->from_cache = true;
    job_->session = std::make_unique<ScoreSession>(model_.last_valid());
    if (synchronous) Step(SIZE_MAX);
    return;
  }
  if (!reread_requested_) {
    reread_requested_ = true;
    platform_.RequestReread();
  }
}

void ScoringFlow::AfterModelEdit() {
  if (model_.Commit()) ApplyModel(false);
}

void ScoringFlow::UseStarterModel() {
  ScoreModel starter = StarterModel(file_.profile, GuessColumns(file_.profile), &starter_reasons_);
  starter_activities_ = starter.activities;
  model_.Replace(starter);
  model_.pinned = false;
  starter_version_ = model_.version();
}

const std::string* ScoringFlow::StarterReason(const Activity& a) const {
  for (size_t i = 0; i < starter_activities_.size() && i < starter_reasons_.size(); ++i) {
    const Activity& s = starter_activities_[i];
    if (s.name == a.name && s.measure == a.measure && s.events == a.events && s.column == a.column &&
        (s.weight < 0) == (a.weight < 0))
      return &starter_reasons_[i];
  }
  return nullptr;
}

SetModelResult ScoringFlow::SetModelJson(std::string_view json, ModelOrigin origin) {
  ++changes_;
  SetModelResult result;
  ModelLoadResult loaded = LoadModel(json);
  for (const ModelError& e : loaded.errors) result.errors.push_back(e.ToString());
  if (!loaded.ok()) {
    // The API caller gets the errors; a user who opened a file needs to see them.
    if (origin == ModelOrigin::kFile) Notify(Notice::kError, ProblemList("The model file could not be used:", result.errors));
    return result;
  }
  result.ok = true;
  RecordUndo(false);  // a model set is a step of its own: undo returns to the one before
  std::string kept;
  if (origin == ModelOrigin::kApi) model_.Replace(*loaded.model);   // an edit of the current model
  else kept = BringModel(*loaded.model, false);                     // a model file or link: one more model
  model_.pinned = origin == ModelOrigin::kApi || origin == ModelOrigin::kFile || origin == ModelOrigin::kShareLink;
  model_note_.clear();
  RecordUndo(false);
  if (!kept.empty()) Notify(Notice::kInfo, "\u201c" + model_.last_valid().name + "\u201d is now the current score." + kept);
  // Through the API the caller reads ces.resultsCsv() right after: finish now when possible.
  ApplyModel(origin == ModelOrigin::kApi);
  if (origin == ModelOrigin::kFile) Notify(Notice::kInfo, "Opened the score \u201c" + model_.last_valid().name + "\u201d.");
  return result;
}

void ScoringFlow::ResetModel() {
  RecordUndo(false);  // undoable: the reset is a step of its own
  if (file_.profiled) UseStarterModel();
  else model_.Replace(DefaultModel());
  model_.pinned = false;
  model_note_.clear();
  RecordUndo(false);
  ApplyModel(false);
}

void ScoringFlow::StartFromFileColumns() {
  if (!file_.profiled) return;
  RecordUndo(false);
  UseStarterModel();
  RecordUndo(false);
  failure_.clear();
  StartReread(false);
}

void ScoringFlow::ReadAgain() {
  if (file_.present && !job_) StartReread(false);
}

void ScoringFlow::OpenExample(const BundledExample& example) {
  // Forget the old file first, so its data is not re-scored with the example's model.
  job_.reset();
  shown_.reset();
  file_ = LoadedFile{};
  status_ = Status::kEmpty;
  ModelLoadResult loaded = LoadModel(example.model_json);
  if (loaded.ok()) {
    RecordUndo(false);
    const std::string kept = BringModel(*loaded.model, true);
    model_.pinned = false;
    RecordUndo(false);
    if (!kept.empty()) Notify(Notice::kInfo, "The example brings its own score, \u201c" + model_.last_valid().name + "\u201d." + kept);
  } else {
    Notify(Notice::kError, "The example's model does not load: " + loaded.errors.front().ToString());
  }
  model_note_.clear();
  platform_.OpenBytesAsFile(std::string(example.id) + ".csv", example.data_gzip, true, RequestFile());
}

// [SECTION] The library of models, and undo

const ModelLibrary& ScoringFlow::library() {
  library_.UpdateCurrent(model_.valid_json());  // no-op unless the editor changed the model
  return library_;
}

void ScoringFlow::LoadCurrentEntry() {
  ModelLoadResult loaded = LoadModel(library_.current_entry().model_json);
  if (loaded.ok()) model_.Replace(*loaded.model);  // entries hold only valid models
}

std::string ScoringFlow::BringModel(const ScoreModel& model, bool untouched) {
  library();  // the current model's last edits go with it
  const std::size_t kept = library_.Bring(ModelToJson(model), untouched);
  LoadCurrentEntry();
  if (kept >= library_.size()) return {};
  return " Your score \u201c" + library_.entries()[kept].name + "\u201d is kept under Models in the top bar.";
}

ScoringFlow::LibraryBefore ScoringFlow::BeginLibraryChange() {
  RecordUndo(false);
  return {library_.current(), library_.current_entry().model_json};
}

void ScoringFlow::AfterLibraryChange(const LibraryBefore& before) {
  const LibraryEntry& now = library_.current_entry();
  if (library_.current() != before.current || now.model_json != before.json) {
    LoadCurrentEntry();
    model_.pinned = false;
    model_note_.clear();
    ApplyModel(false);
  }
  RecordUndo(false);
}

void ScoringFlow::NewModel() {
  LibraryBefore before = BeginLibraryChange();
  const ScoreModel fresh = file_.profiled ? StarterModel(file_.profile, GuessColumns(file_.profile)) : DefaultModel();
  library_.Add(ModelToJson(fresh), "New score");
  AfterLibraryChange(before);
}

void ScoringFlow::DuplicateModel(std::size_t index) {
  LibraryBefore before = BeginLibraryChange();
  library_.Duplicate(index);
  AfterLibraryChange(before);
}

bool ScoringFlow::RenameModel(std::size_t index, const std::string& name) {
  LibraryBefore before = BeginLibraryChange();
  const bool ok = library_.Rename(index, name);
  AfterLibraryChange(before);
  return ok;
}

bool ScoringFlow::DeleteModel(std::size_t index) {
  LibraryBefore before = BeginLibraryChange();
  const std::string name = index < library_.size() ? library_.entries()[index].name : std::string();
  const bool ok = library_.Remove(index);
  // When the current model was deleted its neighbour takes over; the index alone would not tell.
  if (ok && index == before.current) before.current = static_cast<std::size_t>(-1);
  AfterLibraryChange(before);
  if (ok) Notify(Notice::kInfo, "Deleted \u201c" + name + "\u201d. Undo (Ctrl+Z) brings it back.");
  return ok;
}

void ScoringFlow::SwitchModel(std::size_t index) {
  LibraryBefore before = BeginLibraryChange();
  library_.Switch(index);
  AfterLibraryChange(before);
}

std::string ScoringFlow::ModelsJson() {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();  // {name, current}, as documented
  const ModelLibrary& lib = library();
  for (std::size_t i = 0; i < lib.size(); ++i) list.push_back({{"name", lib.entries()[i].name}, {"current", i == lib.current()}});
  return list.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void ScoringFlow::RecordUndo(bool editing) {
  library();
  if (snapshot_version_ != LibraryVersion() || snapshot_.empty()) {
    snapshot_ = library_.ToJson();
    snapshot_version_ = LibraryVersion();
  }
  undo_.Observe(snapshot_, editing);
}

void ScoringFlow::RestoreSnapshot(const std::string& snapshot, bool synchronous) {
  ++changes_;
  if (!library_.FromJson(snapshot)) return;
  LoadCurrentEntry();
  model_note_.clear();
  ApplyModel(synchronous);
  RecordUndo(false);  // the restored state is the present one: nothing new to record
}

bool ScoringFlow::Undo(bool synchronous) {
  library();
  const bool starter_on_screen = file_.profiled && starter_version_ == model_.version() && !model_.pinned;
  std::optional<std::string> state = undo_.Undo(library_.ToJson());
  if (state) RestoreSnapshot(*state, synchronous);
  if (state) undone_starter_version_ = starter_on_screen ? model_.version() : 0;
  return state.has_value();
}

std::string ScoringFlow::UndoneStarterNote() const {
  if (status_ != Status::kFailed || !undone_starter_version_ || undone_starter_version_ != model_.version() ||
      !CanRedo())
    return {};
  const std::string name = model_.last_valid().name.empty() ? std::string("the previous score")
                                                            : "\u201c" + model_.last_valid().name + "\u201d";
  const std::string file = file_.name.empty() ? std::string("this file") : file_.name;
  return "Undo put back " + name + ", the score from before " + file + " was opened, and it does not fit that file. " +
         "Redo (Ctrl+Shift+Z) brings back the starter score made from the file's columns.";
}

bool ScoringFlow::Redo(bool synchronous) {
  library();
  std::optional<std::string> state = undo_.Redo(library_.ToJson());
  if (state) RestoreSnapshot(*state, synchronous);
  return state.has_value();
}

const ScoreSession* ScoringFlow::Scored() const {
  return shown_ && shown_->finished() && !shown_->failed() ? shown_.get() : nullptr;
}

const ScoreSession* ScoringFlow::Latest() const { return job_ && job_->session ? job_->session.get() : shown_.get(); }

bool ScoringFlow::FirstPass() const { return job_ ? job_->kind == ReadJob::Kind::kNewFile : (reread_requested_ && !Scored()); }

// [SECTION] JavaScript API answers

std::string ScoringFlow::SummaryJson() const {
  using Json = nlohmann::ordered_json;
  const char* status = "empty";
  switch (status_) {
    case Status::kEmpty: status = "empty"; break;
    case Status::kLoading: status = "loading"; break;
    case Status::kScored: status = "scored"; break;
    case Status::kFailed: status = "error"; break;
    case Status::kCancelled: status = "cancelled"; break;
  }
  Json j = Json::parse(ces::SummaryJson(status_ == Status::kCancelled ? nullptr : Latest(), status, file_.name), nullptr, false);
  if (j.is_discarded()) j = Json::object();
  if (!failure_.empty()) j["errors"] = Json::array({{{"line", 0}, {"message", failure_}}});
  if (j.contains("warnings") && j["warnings"].is_array())
    for (const std::string& note : DataNotes()) j["warnings"].push_back(note);
  if (job_) j["progress"] = {{"bytes", job_->bytes}, {"total", job_->total}};
  j["model"] = model_.last_valid().name;
  // The model the results were computed with, as Save model writes it (its ces_model
  // included), so a page or test can score the same model elsewhere.
  j["modelJson"] = model_.valid_json();
  Json model_errors = Json::array();
  for (const ModelError& e : model_.errors()) model_errors.push_back(e.ToString());
  j["modelErrors"] = model_errors;
  if (rescore_ms_ >= 0) j["rescoreMs"] = rescore_ms_;
  j["loadSeconds"] = load_seconds_;
  j["engineSeconds"] = engine_seconds_;
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::vector<std::string> ScoringFlow::DataNotes() const {
  const ScoreSession* s = Scored();
  if (!s || !file_.profiled) return {};
  std::vector<std::string> notes;
  if (s->dataset().rows == 0)
    notes.push_back("the file has a header and no rows: there is no customer to score");
  notes.insert(notes.end(), shown_id_notes_.begin(), shown_id_notes_.end());
  return notes;
}

std::string ScoringFlow::ResultsCsv() const {
  const ScoreSession* s = Scored();
  if (!s || status_ != Status::kScored) return {};
  return ces::ResultsCsv(s->dataset(), s->model(), s->table());
}

}  // namespace ces::app
