// Reads CSV records into a Dataset following an ingest plan (spec sections 1, 3, 4):
// matches the header to the model's columns, parses every row, records row errors
// with their line and reason, and feeds the per-customer aggregates.
#pragma once
#include <climits>
#include <unordered_map>
#include <string>
#include <vector>

#include "engine/csv/csv_reader.h"
#include "engine/aggregate/attribute_history.h"
#include "engine/aggregate/dataset.h"
#include "engine/aggregate/decimal_sums.h"
#include "engine/base/engine_limits.h"
#include "engine/model/model.h"
#include "engine/base/string_pool.h"
#include "engine/csv/value_parse.h"

namespace ces {

class Ingestor : public CsvSink {
 public:
  // `model` supplies the event names worth tracking beyond the distinct-name limit.
  Ingestor(const ScoreModel& model, const IngestPlan& plan, const CsvReader* reader, Dataset* out);

  bool OnRecord(const CsvRecord& record) override { return OnRecords(&record, 1); }
  // Event rows wait in batches of `bytes` (see OnRecords; a row's size is
  // deferred_row_bytes_); 0 stores each row as it comes: the same aggregates, slower
  // (the tests compare). Before the first row.
  void SetBatchBytes(size_t bytes);
  // A batch is added to buckets in one go, within one Feed call. The command line's size
  // read fastest (~262k rows of the bench model); the page's keeps that call short, as
  // the app draws between calls (the measurements: docs/threads.md, "Memory").
  static constexpr size_t kBatchBytesCommandLine = size_t{7} << 20;
  static constexpr size_t kBatchBytesInteractive = size_t{2} << 20;
  bool OnRecords(const CsvRecord* records, size_t count) override;

  // After the reader's Finish: settles the date order and the encoding, merges the
  // aggregates. `release_spare_memory` trims buffers for a long-lived dataset.
  bool Finish(bool release_spare_memory);
  // Finish cut in steps, for a caller that must not block for long: true while steps
  // remain; false when done or when the file cannot be used (fatal_errors). Work done
  // per customer takes `customers_per_step` of them a step.
  bool FinishStep(bool release_spare_memory, uint32_t customers_per_step);

  // Non-empty when the file cannot be used with this model (missing columns, no header…).
  const std::vector<std::string>& fatal_errors() const { return fatal_; }

  // Reading one file in parts (ingest_parts.cpp): `later` read the header and then the
  // records right after this one's, each line numbered `line_offset` less than in the
  // file. Adds them as if this ingestor had read them itself, before Finish. False,
  // with the reason, when the result could differ from one reader's (the caller then
  // reads the file in one part); this ingestor is then unusable. Either way `later`
  // is used up: its buckets are given back as they are merged.
  bool AbsorbPart(Ingestor& later, int64_t line_offset, std::string* why_not);
  // Why what this part has read so far already rules out merging it with any other
  // part, whatever they hold (AbsorbPart would refuse); null while it does not. Rows
  // still waiting (DeferRow) are not looked at: a reader can ask between pieces and
  // stop early instead of reading a file twice.
  const char* RulesOutParts() const;
  // What the merge's rule on days reads of a part, so that readers can apply it while
  // the parts are read too.
  struct StoredSpan {
    int32_t min_day = INT32_MAX, max_day = INT32_MIN;  // days of the rows added to buckets
    int64_t rows = 0;                                  // rows read
    // The sums' exactness: an event log's amounts as DecimalSums holds them; a customer
    // table's, exact while every number is an integer below 2^26 (never scaled).
    DecimalSums::Facts sums;
    void Join(const StoredSpan& o);                    // becomes the span of both
    // Whether sums over both add exactly in any order: integers below 2^26 each (at
    // one scale), under 2^27 of them together (rows, in a customer table), so that no
    // sum passes 2^53.
    bool SumsExactWith(const StoredSpan& o) const;
  };
  StoredSpan stored_span() const;
  // Why parts spanning `earlier` (every part before, together) and then `later` cannot
  // be merged exactly, or null: unless their sums are exact, a later part's days must
  // all come after the earlier parts' days.
  const char* SpansRuleOut(const StoredSpan& earlier, const StoredSpan& later) const;

  // Adds the rows waiting in a batched read to their customers' buckets (see
  // DeferRow). Finish and AbsorbPart call it; a part calls it when it ends, so that
  // its image holds every row. `no_more_rows`: also gives back the waiting room.
  void FlushDeferred(bool no_more_rows = false);

  // Reading in parts, with pruning and as_of "auto": another part of the same file has
  // valid rows up to `day`. The file's as-of date is its latest valid day, so it is at
  // least `day`, and buckets before that day's window can be dropped now, as this
  // reader would drop them once it saw such a day itself. A part that ends before the
  // others then keeps little more than its customers (peak memory of `--threads`).
  void RaiseLatestDay(int32_t day);

 private:
  friend struct PartImage;  // part_image.cpp: the fields AbsorbPart reads of a later part
  struct ColumnIndex {
    int customer = -1, time = -1, event = -1, segment = -1;
    std::vector<int> numeric, text, carry;
    bool operator==(const ColumnIndex& o) const {
      return customer == o.customer && time == o.time && event == o.event && segment == o.segment &&
             numeric == o.numeric && text == o.text && carry == o.carry;
    }
  };

  // A row between parsing and storing (see OnRecords).
  struct StagedRow {
    bool valid = false;
    bool pending = false;      // `day` is a slash-date key waiting for the date order
    int32_t day = 0;
    int32_t ms = 0;            // UTC time of day
    uint32_t event = 0;
    uint32_t customer = 0;
    uint64_t hash = 0;
    std::string_view id;       // trimmed customer id
  };
  static constexpr size_t kGroup = 32;  // rows per pipeline group: enough to hide memory latency

  // Batched reading (DeferRow, FlushDeferred): a parsed row waiting to be added to its
  // customer's buckets. Its customer number, segment and carried values are already
  // decided (in file order); what waits is only the per-customer memory.
  // 12 bytes, a batch being ~half a million rows: the retain limit each row would have
  // seen (it moves at most once a day) is kept once in deferred_limits_, the row
  // holding its place there above the event id's bits.
  static constexpr unsigned kEventBits = 17;
  static_assert(kMaxEventNames + 1 < (1u << kEventBits), "event ids fit below the limit's place");
  static constexpr size_t kMaxDeferredLimits = size_t{1} << (32 - kEventBits);
  struct DeferredRow {
    uint32_t customer;
    int32_t day;
    uint32_t event_and_limit;  // event id | place in deferred_limits_ << kEventBits
  };
  // A batch is bounded by its bytes (SetBatchBytes): 12 a row, 8 per numeric slot, 4 per
  // attribute or distinct_values column, 8 + 8 for the time and line of attributes kept
  // by time or over time, 4 to sort (deferred_row_bytes_). The bench model's 28 bytes a
  // row make ~262k rows in 7 MiB, ~2.6 per customer of 100k, so a customer's latest
  // buckets are fetched once for a few rows. Every reading thread holds a batch;
  // bounding its bytes rather than its rows keeps a wider model's from growing with its
  // columns.
  size_t deferred_row_bytes_ = 0;
  // What a deferred row keeps beside its values, decided once from the plan: its instant
  // (segment or carried columns kept by time or over time) and its line (by time).
  bool defer_instants_ = false, defer_lines_ = false;
  size_t deferred_rows_ = 0;                  // rows a batch holds
  void DeferRow(const CsvRecord& record, size_t k);
  void StoreDeferred(const DeferredRow& row, size_t i);  // i: where its sums and values are
  void StopBatching();
  void ReleaseDeferred();

  bool Header(const CsvRecord& record);
  bool ParseRow(const CsvRecord& record, size_t k);     // stage 1; false = row error
  void StoreEventRow(const CsvRecord& record, size_t k);
  // Text slot s of a row of `event`: its distinct value's id + 1, numbered now (0: the
  // slot does not read this event, or the cell is empty); false past the limit (fatal).
  bool DistinctValue(const CsvRecord& record, uint32_t event, size_t s, uint32_t* value);
  void StoreCustomerRow(const CsvRecord& record, size_t k);
  // The segment and carried cells of a stored row (v1 file order, v2 latest by time).
  void StoreAttributes(const CsvRecord& record, const StagedRow& row, bool events);
  // The rules every way of storing a row shares (StoreEventRow, StoreDeferred):
  bool AfterFixedAsOf(int32_t day) const { return plan_.prune && plan_.as_of && day > *plan_.as_of; }
  void AddToBuckets(uint32_t c, int32_t day, uint32_t event, const double* sums);
  uint32_t AttributeValue(size_t j, std::string_view cell);  // attribute j's id + 1 (segment or carried)
  void SetAttribute(uint32_t c, size_t j, uint32_t value);    // the customer's current value of attribute j
  bool FinishRows(bool release_spare_memory);  // FinishStep's first step
  bool FinishAttributes(uint32_t customers_per_step);  // true once every customer's are done
  void RankIds();
  bool MatchColumns(const std::vector<std::string>& names, ColumnIndex* index, std::vector<std::string>* problems) const;
  void RowError(int64_t line, std::string message);
  uint32_t CustomerNumber(std::string_view id, uint64_t hash, int64_t line);  // line: for the limit error
  uint32_t EventId(std::string_view raw_name);
  void ComputeEventMatches(uint32_t event_id);
  std::string Decoded(std::string_view raw) const;
  bool SlashDate(const ParsedTime& t, int64_t line, int32_t* day, bool* pending);
  void DecideDateOrder(DateOrder order, int64_t line);
  void NoteDay(int32_t day);
  void RetainForDay(int32_t day);  // pruning by as_of "auto": move the retain limit to `day`'s window (never back)
  bool ParseNumberCell(std::string_view cell, size_t slot, int64_t line, double* value);
  void DecodeToUtf8();
  void AddCustomerState();                    // the per-customer slots of a new customer
  uint32_t MergedEventId(std::string_view raw_name, bool* overflow);  // AbsorbPart: a later part's event

  const IngestPlan plan_;
  const CsvReader* reader_;
  Dataset* out_;
  std::vector<std::string> model_events_;     // every event name the model lists (sorted)
  std::vector<std::string> fatal_;
  bool header_done_ = false;
  enum class Finishing { kRows, kAttributes, kIds, kDone } finishing_ = Finishing::kRows;
  uint32_t attributes_finished_ = 0;          // FinishAttributes: customers whose history is done
  std::vector<std::string> raw_header_;       // header cells as read (bytes)
  ColumnIndex col_;
  size_t expected_fields_ = 0;
  bool windows1252_ = false;                  // the reader switched to Windows-1252
  // For AbsorbPart: facts about earlier rows that make one part's reading depend on another's.
  bool slash_dates_seen_ = false;             // the M/D order is decided across the whole file
  bool sums_integral_ = true;                 // a customer table's numbers were all integers below 2^26: its sums add exactly in any order (events: DecimalSums)
  DecimalSums decimal_sums_;                  // an event log's amounts, as its buckets hold them
  int32_t stored_min_day_ = INT32_MAX, stored_max_day_ = INT32_MIN;  // days of the rows added to buckets
  std::vector<std::vector<uint8_t>> numeric_match_, text_match_;  // [slot][event id]: this row reads it
  // Dates: slash dates wait as pending keys until one of them shows the order.
  bool any_pending_ = false;
  std::optional<int32_t> pending_max_md_, pending_max_dm_;
  // Slash dates beside ISO or epoch timestamps in one file: counted, for a warning.
  int64_t slash_rows_ = 0, other_time_rows_ = 0, first_slash_line_ = 0;
  // Valid rows per day (counted in runs: logs repeat a day on consecutive rows), for
  // the thin tail that pushes as_of "auto" ahead (Dataset::late_rows).
  void CountDay(int32_t day);
  void FindLateTail();
  std::unordered_map<int32_t, int64_t> day_rows_;
  // Amounts in several currencies (Dataset::currency_mix): the header's currency
  // columns; per numeric slot the codes each showed beside a non-zero amount, and the
  // signs the amounts led with. NoteCurrencies reads a valid row after its numbers.
  struct SeenCodes {
    std::vector<std::string> codes;
    bool more = false;
    std::string last;                         // the last cell added, as read: logs repeat it
    void Add(std::string_view cell, bool upper);
    void Merge(const SeenCodes& later);
  };
  void NoteCurrencies(const CsvRecord& record, const double* sums);
  void FinishCurrencies();
  std::vector<int> currency_columns_;
  std::vector<SeenCodes> currency_codes_;     // [slot * currency_columns_.size() + j]
  std::vector<SeenCodes> currency_signs_;     // [slot]
  int32_t run_day_ = 0;
  int64_t run_rows_ = 0;
  std::optional<int32_t> swept_from_;         // pruning: the retain limit at the last sweep
  std::optional<int32_t> retained_day_;       // pruning: the latest day the retain limit follows (own or raised)
  uint32_t SegmentId(std::string_view raw);
  // The latest non-empty value by time of one (customer, attribute) so far, under
  // each reading of undecided slash dates (month-first, day-first): the file's date
  // order picks one at the end.
  struct LatestSeen {
    int64_t instant = INT64_MIN;  // ms since the epoch
    int64_t line = 0;
    uint32_t value = 0;           // id + 1
    // The one rule of "latest by time" (row by row, batched and merging parts): the
    // greatest instant wins; a tie goes to the later line.
    void Offer(int64_t at, int64_t at_line, uint32_t id) {
      if (at >= instant) *this = {at, at_line, id};
    }
  };
  // latest_dm_ is filled from the first undecided slash date on (before it, both readings agree).
  std::vector<LatestSeen> latest_md_, latest_dm_;
  AttributeHistory history_;                  // with plan.attribute_history
  std::vector<int> attribute_columns_;        // column index of each attribute

  std::string scratch_;
  TimestampReader time_reader_;
  RecentIds recent_events_, recent_segments_;  // low-cardinality columns skip hashing
  StagedRow staged_[kGroup];
  bool batched_ = false;                      // rows wait in deferred_* (see OnRecords)
  std::vector<DeferredRow> deferred_;
  std::vector<double> deferred_sums_;         // numeric slots per deferred row
  std::vector<uint32_t> deferred_values_;     // attribute values (id + 1; 0: empty cell) per deferred row
  std::vector<uint32_t> deferred_texts_;      // distinct values (id + 1; 0: none) per text slot per deferred row
  // With segment or carried columns kept by time or over time: ms since the epoch; by time also the line.
  std::vector<int64_t> deferred_instants_, deferred_lines_;
  std::vector<int32_t> deferred_limits_;      // the retain limits the deferred rows saw, in order
  std::vector<uint32_t> deferred_sorted_;     // FlushDeferred's scratch: places in deferred_, by customer
  std::vector<uint32_t> deferred_counts_;
  std::string id_scratch_[kGroup];            // ids that needed unescaping
  std::vector<double> group_sums_;            // kGroup x numeric slots
  std::vector<uint8_t> group_filled_;         // kGroup x numeric slots: the cell was not empty
};

}  // namespace ces
