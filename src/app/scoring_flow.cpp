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
#include <chrono>

#include "app/app.h"
#include "app/examples.h"
#include "app/platform_services.h"

namespace ces::app {

namespace {
constexpr size_t kCacheStepBytes = 8u << 20;       // fed per frame when re-reading the app's copy
constexpr uint64_t kKeepScoresWhileRereading = 256u << 20;  // larger files free the old pass first
}  // namespace

// [SECTION] The platform's passes

void App::OnFileBegin(std::string_view name, std::uint64_t size, bool reread) {
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
}

bool App::OnFileChunk(const std::uint8_t* data, std::size_t size) {
  if (!job_ || job_->from_cache) return false;
  return Consume(reinterpret_cast<const char*>(data), size);
}

void App::OnFileEnd() {
  ++changes_;
  if (!job_ || job_->from_cache) return;
  if (!job_->session) ChooseModelAndStart(true);
  if (job_) FinishJob();
}

void App::OnFileError(std::string_view message) {
  ++changes_;
  job_.reset();
  shown_.reset();
  reread_requested_ = false;
  failure_ = message;
  status_ = Status::kFailed;
}

void App::CancelRead() {
  ++changes_;
  if (job_) {
    job_->cancel_requested = true;
    if (job_->from_cache) EndJob(Status::kCancelled);  // no platform pass to stop
  } else if (reread_requested_) {
    cancel_pending_ = true;
  }
}

// [SECTION] Feeding a pass

bool App::Consume(const char* data, std::size_t size) {
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
  if (!job.session) {
    job.held.append(data, size);
    if (job.held.size() >= LoadedFile::kPreviewBytes) ChooseModelAndStart(false);
    return job_ != nullptr;
  }
  if (!job.Timed([&] { return job.session->Feed(data, size); })) {
    EndJob(Status::kFailed);
    return false;
  }
  return true;
}

void App::ChooseModelAndStart(bool whole_file) {
  ReadJob& job = *job_;
  std::string_view held = job.held;
  file_.profile = ProfilePrefix(held.substr(0, LoadedFile::kPreviewBytes), whole_file && held.size() <= LoadedFile::kPreviewBytes);
  file_.profiled = true;

  auto start = [&](const ScoreModel& model) {
    job.session = std::make_unique<ScoreSession>(model);
    applied_version_ = model_.version();
    return job.session->Feed(held.data(), held.size()) || job.session->dataset().rows > 0;
  };
  // Fails at the header when the file lacks the model's columns (or its delimiter).
  if (!start(model_.last_valid()) && !model_.pinned && !file_.profile.columns.empty()) {
    const std::string why = job.session->errors().empty() ? std::string() : job.session->errors().front();
    const std::string previous = model_.last_valid().name;
    UseStarterModel();
    model_note_ = "\u201c" + (previous.empty() ? std::string("The previous score") : previous) +
                  "\u201d does not fit this file (" + why +
                  "), so CES set up a starter score from the file's columns. Shape it under Score.";
    start(model_.last_valid());
  }
  std::string().swap(job.held);
  if (job.session->failed()) EndJob(Status::kFailed);
}

void App::FinishJob() {
  ReadJob& job = *job_;
  if (!job.from_cache && file_.caching && file_.cache.size() == job.bytes && job.bytes == job.total)
    file_.cache_complete = true;
  const bool scored = job.Timed([&] { return job.session->Finish(); });
  load_seconds_ = job.seconds();
  engine_seconds_ = job.engine_seconds;
  EndJob(scored ? Status::kScored : Status::kFailed);
}

void App::EndJob(Status status) {
  ++changes_;
  std::unique_ptr<ReadJob> job = std::move(job_);
  switch (status) {
    case Status::kScored:
    case Status::kFailed:
      shown_ = std::move(job->session);
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

void App::FeedFromCache(std::size_t budget) {
  while (job_ && job_->from_cache) {
    const size_t left = file_.cache.size() - job_->cache_offset;
    if (left == 0) {
      FinishJob();
      return;
    }
    if (budget == 0) return;
    const size_t n = std::min({left, budget, kCacheStepBytes});
    const char* data = file_.cache.data() + job_->cache_offset;
    job_->cache_offset += n;
    budget -= n;
    if (!Consume(data, n)) return;
  }
}

// [SECTION] Keeping the scores in step with the model

void App::ApplyModel(bool synchronous) {
  if (!model_.valid() || !file_.present) return;
  if (model_.version() == applied_version_) return;  // the shown or running pass has it
  if (job_) {
    if (!job_->from_cache) return;                   // reconciled when the platform's pass ends
    job_.reset();                                    // a copy pass for an older model: restart
  }
  if (status_ == Status::kCancelled || !failure_.empty()) return;  // the user reads again explicitly
  if (shown_ && shown_->finished() && !shown_->failed()) {
    const auto t0 = std::chrono::steady_clock::now();
    if (shown_->SetModel(model_.last_valid()) == ScoreSession::ModelChange::kRescored) {
      rescore_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      applied_version_ = model_.version();
      status_ = Status::kScored;
      results_.Invalidate();
      return;
    }
  }
  StartReread(synchronous);
}

void App::StartReread(bool synchronous) {
  applied_version_ = model_.version();
  failure_.clear();
  status_ = Status::kLoading;
  if (file_.cache_complete) {
    job_ = std::make_unique<ReadJob>(ReadJob::Kind::kReread, file_.cache.size());
    job_->from_cache = true;
    job_->session = std::make_unique<ScoreSession>(model_.last_valid());
    if (synchronous) FeedFromCache(SIZE_MAX);
    return;
  }
  if (!reread_requested_) {
    reread_requested_ = true;
    platform_.RequestReread();
  }
}

void App::AfterModelEdit() {
  if (model_.Commit()) ApplyModel(false);
}

void App::UseStarterModel() {
  model_.Replace(StarterModel(file_.profile, GuessColumns(file_.profile)));
  model_.pinned = false;
}

SetModelResult App::SetModelJson(std::string_view json, ModelOrigin origin) {
  ++changes_;
  SetModelResult result;
  ModelLoadResult loaded = LoadModel(json);
  for (const ModelError& e : loaded.errors) result.errors.push_back(e.ToString());
  if (!loaded.ok()) {
    if (origin == ModelOrigin::kFile) {  // the API caller gets the errors; a user needs to see them
      std::string text = "The model file could not be used:";
      for (size_t i = 0; i < result.errors.size() && i < 6; ++i) text += "\n\u2022 " + result.errors[i];
      if (result.errors.size() > 6) text += "\n\u2022 \u2026 and " + std::to_string(result.errors.size() - 6) + " more";
      Notify(Notice::kError, text);
    }
    return result;
  }
  result.ok = true;
  model_.Replace(*loaded.model);
  model_.pinned = origin == ModelOrigin::kApi || origin == ModelOrigin::kFile || origin == ModelOrigin::kShareLink;
  model_note_.clear();
  weight_range_.clear();
  // Through the API the caller reads ces.resultsCsv() right after: finish now when possible.
  ApplyModel(origin == ModelOrigin::kApi);
  if (origin == ModelOrigin::kFile) Notify(Notice::kInfo, "Opened the score \u201c" + model_.last_valid().name + "\u201d.");
  return result;
}

void App::LoadExample(std::size_t index) {
  if (index >= BundledExampleCount()) return;
  const BundledExample& example = BundledExamples()[index];
  // Forget the old file first, so its data is not re-scored with the example's model.
  job_.reset();
  shown_.reset();
  file_ = LoadedFile{};
  status_ = Status::kEmpty;
  ModelLoadResult loaded = LoadModel(example.model_json);
  if (loaded.ok()) {
    model_.Replace(*loaded.model);
    model_.pinned = false;
    weight_range_.clear();
  } else {
    Notify(Notice::kError, "The example's model does not load: " + loaded.errors.front().ToString());
  }
  model_note_.clear();
  platform_.OpenBytesAsFile(std::string(example.id) + ".csv", example.data_gzip, true);
}

const ScoreSession* App::Scored() const {
  return shown_ && shown_->finished() && !shown_->failed() ? shown_.get() : nullptr;
}

}  // namespace ces::app
