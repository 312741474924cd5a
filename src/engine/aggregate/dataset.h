// Everything known after reading a file with a model's ingest plan: facts about
// the file (dialect, rows, row errors, warnings) and the per-customer aggregates
// that scoring works from. Plain data; filled by Ingestor, read by the scorer.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/csv/csv_reader.h"
#include "engine/aggregate/attribute_history.h"
#include "engine/aggregate/event_cells.h"
#include "engine/model/model.h"
#include "engine/base/string_pool.h"

namespace ces {

// What reading a file needs from a model. Two models with equal plans read a file
// identically, so switching between them re-scores without reading it again.
struct IngestPlan {
  Shape shape = Shape::kEvents;
  char delimiter = 0;
  TimeFormat time_format = TimeFormat::kAuto;
  std::string customer, time, event, segment;
  struct ColumnUse {
    std::string column;
    bool all_events = false;            // every row reads it (no `events` filter, or customers shape)
    std::vector<std::string> events;    // else the rows of these events do (sorted, unique)
    bool operator==(const ColumnUse& o) const {
      return column == o.column && all_events == o.all_events && events == o.events;
    }
  };
  std::vector<ColumnUse> numeric;       // sum and value columns, one slot each
  std::vector<ColumnUse> text;          // distinct_values columns, one slot each
  std::vector<std::string> carry;       // v2 carried columns (1.6), as the model names them
  // Keep what the score on a past date needs (v2 section 2): segment and carried values day by day.
  bool attribute_history = false;
  // Also find each customer's segment and carried values by time (v2 1.5), not only in file order.
  bool attributes_by_time = false;
  // Command line only: drop buckets that this model's window can never use.
  bool prune = false;
  int window_days = 0;
  std::optional<int32_t> as_of;
  bool keep_history = false;            // days_since_last needs the latest day of dropped buckets

  bool operator==(const IngestPlan& o) const;
  bool operator!=(const IngestPlan& o) const { return !(*this == o); }
};

IngestPlan MakeIngestPlan(const ScoreModel& model, bool prune);

// True when data read with `have` holds everything `want` needs and would have
// been read identically: same columns and dialect, every column use of `want`
// within one of `have`, and no row rejected for a bad number in a column whose use
// differs (`numeric_errors`: rows rejected per numeric slot of `have`).
bool PlanCovers(const IngestPlan& have, const IngestPlan& want, const std::vector<int64_t>& numeric_errors);
int NumericSlot(const IngestPlan& plan, const Activity& activity);  // -1 when none
int TextSlot(const IngestPlan& plan, const Activity& activity);     // -1 when none

struct RowError {
  int64_t line;         // physical line, 1-based (the header is line 1)
  std::string message;
};

enum class DateOrder { kUnknown, kMonthFirst, kDayFirst };

struct Dataset {
  IngestPlan plan;

  // ---- The file ----
  char delimiter = 0;
  bool delimiter_sniffed = false;
  TextEncoding encoding = TextEncoding::kUtf8;
  std::vector<std::string> columns;          // header names (UTF-8, trimmed)
  int64_t rows = 0;                          // data rows (blank lines excluded), row errors included
  int64_t row_errors = 0;
  std::vector<int64_t> numeric_errors;       // rows rejected for a bad number, per plan.numeric slot
  std::vector<RowError> errors;              // the first kMaxListedRowErrors
  std::vector<std::string> warnings;
  std::vector<std::string> notes;            // facts worth showing: the date order chosen, …
  DateOrder date_order = DateOrder::kUnknown;
  bool date_order_assumed = false;           // no date in the file decided it
  int64_t date_order_line = 0;               // the line that decided it
  std::optional<int32_t> max_day;            // latest day among valid rows: as_of "auto"
  // A thin tail of rows far after the rest (future-dated invoices, a clock gone wrong):
  // `late_rows` valid rows are after `bulk_day`, the day most rows reach; 0 when none.
  int64_t late_rows = 0;
  int32_t bulk_day = 0;
  // Amounts in several currencies, per plan.numeric slot (scoring warns about the
  // activities that add them): what the rows with a non-zero amount in the slot's column
  // said about their currency.
  struct CurrencyMix {
    std::string column;                      // a currency column ("currency", "ccy"…) showing 2+ codes; "" = none
    std::vector<std::string> codes;          // its codes, upper case, in order of first appearance (at most kListed)
    bool more_codes = false;                 // and others beyond those
    std::vector<std::string> signs;          // the currency signs the amounts lead with ("$", "€", "£")
    static constexpr size_t kListed = 6;
    bool mixed() const { return codes.size() >= 2 || signs.size() >= 2; }
  };
  std::vector<CurrencyMix> currency_mix;     // per plan.numeric slot (empty before Finish)

  // ---- Customers (index = customer number, in order of first appearance) ----
  StringPool customers;                      // ids, trimmed, UTF-8 once reading finished
  std::vector<uint32_t> segment;             // segment id + 1, 0 = none: last non-empty in file order (v1)
  std::vector<uint32_t> segment_latest;      // events: of the latest row by time (v2 1.5); id + 1
  StringPool segments;
  // Carried columns (v2 1.6), plan.carry.size() per customer: value id + 1 in `carried`, 0 = none.
  StringPool carried;
  std::vector<uint32_t> carry;               // last non-empty in file order
  std::vector<uint32_t> carry_latest;        // events: of the latest row by time
  // With plan.attribute_history: customer c's steps are [attribute_step_start[c], [c + 1]), by day.
  std::vector<AttributeStep> attribute_steps;
  std::vector<uint32_t> attribute_step_start;
  size_t attribute_count() const { return (plan.segment.empty() ? 0 : 1) + plan.carry.size(); }
  std::vector<uint32_t> id_rank;             // rank of each id in byte order (ties impossible)
  std::vector<uint32_t> by_id;               // customers in byte order of their ids (id_rank inverted)

  // ---- Events shape ----
  StringPool events;                         // event names; event id = pool id + 1
  static constexpr uint32_t kOtherEvent = 0; // names past kMaxEventNames that no activity uses
  std::vector<uint64_t> event_rows;          // valid rows per event id
  bool events_overflowed = false;
  StringPool values;                         // texts of distinct_values columns
  EventCells cells;

  // ---- Customers shape ----
  std::vector<double> profile;               // customers x plan.numeric values, added over merged rows
  std::vector<uint32_t> profile_rows;        // rows per customer
  std::vector<uint8_t> profile_filled;       // customers x plan.numeric: 1 when some row's cell was not empty

  size_t customer_count() const { return customers.size(); }
  std::string_view customer_id(uint32_t c) const { return customers.Get(c); }
  std::string_view segment_of(uint32_t c) const { return segment[c] ? segments.Get(segment[c] - 1) : std::string_view(); }
  std::string_view segment_name(uint32_t id_plus_1) const { return id_plus_1 ? segments.Get(id_plus_1 - 1) : std::string_view(); }
  std::string_view carried_text(uint32_t id_plus_1) const { return id_plus_1 ? carried.Get(id_plus_1 - 1) : std::string_view(); }
  std::string_view event_name(uint32_t event_id) const { return event_id ? events.Get(event_id - 1) : std::string_view(); }
  uint32_t event_id(std::string_view name) const {
    uint32_t id = events.Find(name);
    return id == StringPool::kNotFound ? kOtherEvent : id + 1;
  }
  size_t MemoryBytes() const;
};

}  // namespace ces
