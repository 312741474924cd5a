// One scoring session: a model, the bytes of one CSV file fed in chunks, and the
// scored table. The single entry point the command line and the browser app use.
//
//   ScoreSession s(model);
//   while (more) if (!s.Feed(chunk, n)) break;   // false: the file cannot be used
//   s.Finish();                                    // scores; see errors() if false
//   s.SetModel(edited);                            // re-scores from memory when it can
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/csv/csv_reader.h"
#include "engine/aggregate/dataset.h"
#include "engine/aggregate/ingest.h"
#include "engine/model/model.h"
#include "engine/score/scoring.h"

namespace ces {

struct SessionOptions {
  // Drop aggregates this model's window can never use (the command line). Saves
  // memory on long logs; then a different window or as_of needs the file again.
  bool prune = false;
  // Trim spare buffer capacity after reading (for data kept around for re-scoring).
  bool release_spare_memory = true;
  // Keep each customer's measures in the table (ScoreTable::keep_measures). Without
  // them no model change re-scores from memory (CanRescore is false).
  bool keep_measures = true;
  // Keep each customer's points in the table: ScoreTable::keep_points, off by default
  // there (and why).
  bool keep_points = ScoreTable::kKeepPointsByDefault;
  // Event rows wait in batches of this many bytes and are added to buckets grouped by
  // customer (Ingestor::SetBatchBytes, where the sizes are chosen); 0 adds each row as it
  // is read: the same aggregates, slower (the tests compare). The default keeps a Feed
  // call short for a page drawing between calls; the command line draws nothing.
  size_t batch_bytes = Ingestor::kBatchBytesInteractive;
};

class ScoreSession {
 public:
  explicit ScoreSession(const ScoreModel& model, SessionOptions options = {});
  ScoreSession(const ScoreSession&) = delete;
  ScoreSession& operator=(const ScoreSession&) = delete;

  // Reads the next bytes of the file. False once the file cannot be used (errors()).
  bool Feed(const char* data, size_t size);
  // Ends the file and scores it. False when it cannot be used (errors()).
  bool Finish();
  // Finish cut into steps, for a caller that must not block for long (the page's
  // thread): the file's end and the aggregates' last merge (Ingestor::FinishStep's steps,
  // its attribute history `customers_per_step` customers a step), the table's room, then
  // the measures of `customers_per_step` customers a step,
  // then the values and points, then the raw and scale, then the order. True while steps remain;
  // after the last, the session is as after Finish. Any cut gives the same table.
  bool FinishStep(uint32_t customers_per_step);
  // Finish measures every customer through `run` (ScoreSteps::MeasureWith): the
  // command line's threads. The same table either way.
  void MeasureWith(RangeRunner run) { scoring_.MeasureWith(std::move(run)); }

  // ---- One file read in parts (`ces score --threads`; see ingest_parts.cpp) ----
  // A part session is fed the file's header record, then one byte range that starts
  // on a record boundary. EndPart then ends the part: the last one flushes the final
  // record; any other returns true only when its range ended between records.
  bool EndPart(bool last);
  // Adds a later part (ended with EndPart) whose lines are `line_offset` less than in
  // the file and whose first `header_bytes` were the header again. False, with the
  // reason, when the result could differ from reading the file in one session: then
  // read the file in one session instead (this one is unusable).
  bool AbsorbPart(ScoreSession& later, int64_t line_offset, uint64_t header_bytes, std::string* why_not);
  // Between Feed calls of a part: why AbsorbPart will refuse it whatever the other parts
  // read (Ingestor::RulesOutParts), or null. A failed part rules out parts too.
  const char* RulesOutParts() const;
  // The part's days and numbers so far, and the merge's rule on them, for readers that
  // watch the parts together (Ingestor::SpansRuleOut).
  Ingestor::StoredSpan stored_span() const { return ingestor_->stored_span(); }
  const char* SpansRuleOut(const Ingestor::StoredSpan& earlier, const Ingestor::StoredSpan& later) const {
    return ingestor_->SpansRuleOut(earlier, later);
  }
  // Between Feed calls of a part: another part of the file has valid rows up to `day`
  // (its dataset().max_day), so this one may drop what no window can use any more
  // (Ingestor::RaiseLatestDay). Changes no figure; only a pruning session uses it.
  void RaiseLatestDay(int32_t day);

  enum class ModelChange { kRescored, kNeedsReread };
  // Switches to another model. Re-scores from memory when the file would be read
  // the same way (same columns, same numeric columns); else the caller must read
  // the file again in a new session.
  ModelChange SetModel(const ScoreModel& model);
  // True when `model` can be scored from this session's data without reading again.
  bool CanRescore(const ScoreModel& model) const;

  bool finished() const { return finishing_ == Finishing::kDone; }
  bool failed() const { return !errors_.empty(); }
  const std::vector<std::string>& errors() const { return errors_; }
  const ScoreModel& model() const { return model_; }
  const Dataset& dataset() const { return *data_; }
  const ScoreTable& table() const { return table_; }
  uint64_t bytes_fed() const { return reader_->bytes_fed() + absorbed_bytes_; }
  int64_t lines_read() const { return reader_->lines(); }
  size_t activities_measured_last() const { return measured_last_; }  // by the last SetModel

 private:
  friend struct PartImage;  // aggregate/part_image.cpp: saves and loads a part
  ScoreModel model_;
  SessionOptions options_;
  std::unique_ptr<Dataset> data_;
  std::unique_ptr<CsvReader> reader_;
  std::unique_ptr<Ingestor> ingestor_;
  ScoreTable table_;
  std::vector<std::string> errors_;
  bool reader_finished_ = false;  // EndPart(true) flushed the last record
  uint64_t absorbed_bytes_ = 0;   // bytes of the parts added by AbsorbPart
  size_t measured_last_ = 0;
  enum class Finishing { kNotStarted, kBeginning, kScoring, kDone } finishing_ = Finishing::kNotStarted;
  ScoreSteps scoring_;            // FinishStep's steps after BeginScores
};

}  // namespace ces
