#include "engine/session.h"

namespace ces {

ScoreSession::ScoreSession(const ScoreModel& model, SessionOptions options)
    : model_(model), options_(options), data_(std::make_unique<Dataset>()) {
  IngestPlan plan = MakeIngestPlan(model, options.prune);
  reader_ = std::make_unique<CsvReader>(plan.delimiter);
  ingestor_ = std::make_unique<Ingestor>(model_, plan, reader_.get(), data_.get());
  ingestor_->SetBatchBytes(options.batch_bytes);
  table_.keep_measures = options.keep_measures;
  table_.keep_points = options.keep_points;
}

bool ScoreSession::Feed(const char* data, size_t size) {
  if (failed() || finished()) return false;
  reader_->Feed(data, size, *ingestor_);
  if (!ingestor_->fatal_errors().empty()) errors_ = ingestor_->fatal_errors();
  return !failed();
}

bool ScoreSession::Finish() {
  while (FinishStep(UINT32_MAX)) {
  }
  return !failed();
}

bool ScoreSession::FinishStep(uint32_t customers_per_step) {
  if (failed() || finished()) return false;
  switch (finishing_) {
    case Finishing::kNotStarted:
      if (!reader_finished_) {
        reader_->Finish(*ingestor_);
        reader_finished_ = true;
      }
      if (ingestor_->fatal_errors().empty() && ingestor_->FinishStep(options_.release_spare_memory, customers_per_step)) return true;
      if (!ingestor_->fatal_errors().empty()) {
        errors_ = ingestor_->fatal_errors();
        return false;
      }
      finishing_ = Finishing::kBeginning;
      return true;
    case Finishing::kBeginning:  // a step of its own: room for every layer of 100k customers is tens of ms
      BeginScores(*data_, model_, &table_);
      finishing_ = Finishing::kScoring;
      return true;
    case Finishing::kScoring:
      if (scoring_.Step(*data_, model_, customers_per_step, &table_)) return true;
      finishing_ = Finishing::kDone;
      return false;
    case Finishing::kDone:
      break;
  }
  return false;
}

bool ScoreSession::EndPart(bool last) {
  if (failed() || finished()) return false;
  // A part's image (part_image.h) must hold every row it read: none may wait in the ingestor.
  if (!last) {
    ingestor_->FlushDeferred(true);
    return reader_->at_record_boundary();
  }
  reader_->Finish(*ingestor_);
  ingestor_->FlushDeferred(true);
  reader_finished_ = true;
  if (!ingestor_->fatal_errors().empty()) errors_ = ingestor_->fatal_errors();
  return !failed();
}

bool ScoreSession::AbsorbPart(ScoreSession& later, int64_t line_offset, uint64_t header_bytes, std::string* why_not) {
  if (failed() || finished() || later.failed() || later.finished()) {
    *why_not = "a part could not be read";
    return false;
  }
  if (!ingestor_->AbsorbPart(*later.ingestor_, line_offset, why_not)) return false;
  absorbed_bytes_ += later.bytes_fed() - header_bytes;
  return true;
}

const char* ScoreSession::RulesOutParts() const {
  return failed() ? "a part could not be read" : ingestor_->RulesOutParts();
}

void ScoreSession::RaiseLatestDay(int32_t day) {
  if (!failed() && !finished() && !reader_finished_) ingestor_->RaiseLatestDay(day);
}

bool ScoreSession::CanRescore(const ScoreModel& model) const {
  if (!finished() || failed() || !options_.keep_measures) return false;
  if (!PlanCovers(data_->plan, MakeIngestPlan(model, options_.prune), data_->numeric_errors)) return false;
  if (data_->events_overflowed) {  // names past the limit were not kept one by one
    for (const Activity& a : model.activities)
      for (const std::string& e : a.events)
        if (data_->event_id(e) == Dataset::kOtherEvent) return false;
  }
  return true;
}

ScoreSession::ModelChange ScoreSession::SetModel(const ScoreModel& model) {
  if (!CanRescore(model)) return ModelChange::kNeedsReread;
  measured_last_ = UpdateScores(*data_, model_, model, &table_);
  model_ = model;
  return ModelChange::kRescored;
}

}  // namespace ces
