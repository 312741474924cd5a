// A large file read in parts by the page's Web Workers (scoring_flow.h "[Files in
// parts]", docs/threads.md). The workers and the file are the platform's; here the
// running pass's session is swapped for one fed only the header, and each part's image
// (engine/aggregate/part_image.h) is loaded and absorbed in file order, exactly as
// `ces score --threads` absorbs its threads' sessions.
#include <nlohmann/json.hpp>

#include "app/core/scoring_flow.h"
#include "engine/aggregate/part_image.h"
#include "engine/csv/column_match.h"
#include "engine/csv/record_ranges.h"

namespace ces::app {

std::string ScoringFlow::BeginParts(std::string_view head) {
  if (!job_ || job_->from_cache || job_->cancel_requested) return {};
  if (!job_->session && file_.profiled) ChooseModelAndStart();  // the head was only profiled
  if (!job_ || !job_->session || job_->session->failed()) return {};
  ReadJob& job = *job_;
  const Dataset& read = job.session->dataset();
  if (read.columns.empty()) return {};  // the header was not read: this thread says why
  const size_t header = HeaderRecordLength(head, read.delimiter);
  if (header == kNoCut) return {};      // UTF-16, or a header with a quoted line break
  const ScoreModel model = job.session->model();
  auto fresh = std::make_unique<ScoreSession>(model);
  if (!fresh->Feed(head.data(), header) || fresh->failed()) return {};
  ReadJob::Parts& parts = job.parts;
  parts = {};
  parts.active = true;
  parts.header_bytes = header;
  parts.next_line = fresh->lines_read();
  parts.delimiter = fresh->dataset().delimiter;
  std::string problem;
  if (!read.plan.time.empty()) parts.time_column = FindColumn(fresh->dataset().columns, read.plan.time, &problem);
  parts.time_format = read.plan.time_format;
  job.session = std::move(fresh);
  job.DropHeld();  // the parts read these bytes again
  job.bytes = header;
  // The workers hold the bytes, not this thread: a model change that needs other
  // columns reads the file again (through workers) rather than from a copy.
  file_.caching = false;
  std::string().swap(file_.cache);
  ++changes_;
  nlohmann::json plan = {{"model", ModelToJson(model)}, {"header", header}};
  return plan.dump();
}

std::int64_t ScoringFlow::PartCut(std::string_view window) const {
  if (!job_ || !job_->parts.active) return -1;
  const ReadJob::Parts& parts = job_->parts;
  const size_t at = CutInWindow(window, parts.delimiter, parts.time_column, parts.time_format);
  return at == kNoCut ? -1 : static_cast<std::int64_t>(at);
}

bool ScoringFlow::AbsorbPartImage(std::string_view image, std::int64_t first_line, std::int64_t end_line,
                                  std::string* why_not) {
  if (!job_ || !job_->parts.active) return false;
  ReadJob& job = *job_;
  if (job.cancel_requested) {
    EndJob(Status::kCancelled);
    return false;
  }
  ++changes_;
  return job.Timed([&] {
    std::unique_ptr<ScoreSession> part = LoadPart(job.session->model(), {}, image, why_not);
    if (!part) return false;
    if (!job.session->AbsorbPart(*part, job.parts.next_line - first_line, job.parts.header_bytes, why_not)) return false;
    job.parts.next_line += end_line - first_line;
    ++job.parts.absorbed;
    return true;
  });
}

bool ScoringFlow::OnPartsProgress(std::uint64_t bytes) {
  if (!job_ || !job_->parts.active) return false;
  ++changes_;  // progress is news: the platform draws a frame for it
  if (job_->cancel_requested) {
    EndJob(Status::kCancelled);
    return false;
  }
  job_->bytes = std::min<std::uint64_t>(job_->total, job_->parts.header_bytes + bytes);
  return true;
}

bool ScoringFlow::PartsFallback() {
  if (!job_ || !job_->parts.active) return false;
  ReadJob& job = *job_;
  job.session = std::make_unique<ScoreSession>(job.session->model());  // the absorbing one is unusable now
  job.parts = {};
  job.bytes = 0;
  ++changes_;
  return true;
}

}  // namespace ces::app
