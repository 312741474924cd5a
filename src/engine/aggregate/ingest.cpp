// Reading CSV records into a Dataset (ingest.h): the header matched to the model's
// columns, each row parsed, checked and stored, then the file's facts settled.
//   [SECTION] Ingestor: header      column matching, the file's columns listed on a mismatch
//   [SECTION] Ingestor: rows        rows in groups and stages; row errors; dates; numbers;
//                                   segment and carried values (file order, latest by time)
//   [SECTION] Ingestor: finishing   date order, encoding, merged aggregates, attribute steps, id ranks
// The ingest plan and the dataset's own functions are in dataset.cpp.
#include "engine/aggregate/ingest.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include "engine/base/engine_limits.h"
#include "engine/base/radix_sort.h"
#include "engine/base/text.h"
#include "engine/csv/column_match.h"
#include "engine/csv/value_parse.h"
#include "engine/inspect/event_words.h"

namespace ces {

// [SECTION] Ingestor: header

Ingestor::Ingestor(const ScoreModel& model, const IngestPlan& plan, const CsvReader* reader, Dataset* out)
    : plan_(plan), reader_(reader), out_(out), time_reader_(plan.time_format) {
  out_->plan = plan;
  for (const Activity& a : model.activities) model_events_.insert(model_events_.end(), a.events.begin(), a.events.end());
  std::sort(model_events_.begin(), model_events_.end());
  model_events_.erase(std::unique(model_events_.begin(), model_events_.end()), model_events_.end());
  numeric_match_.resize(plan.numeric.size());
  text_match_.resize(plan.text.size());
  group_sums_.assign(kGroup * plan.numeric.size(), 0.0);
  group_filled_.assign(kGroup * plan.numeric.size(), 0);
  out_->numeric_errors.assign(plan.numeric.size(), 0);
  if (plan.shape == Shape::kEvents) {
    out_->cells.Configure(static_cast<int>(plan.numeric.size()), plan.keep_history);
    decimal_sums_.Configure(plan.numeric.size());
    out_->event_rows.assign(1, 0);  // id 0: every row without an event column, and names past the limit
    for (size_t s = 0; s < plan.numeric.size(); ++s) numeric_match_[s].assign(1, plan.numeric[s].all_events);
    for (size_t s = 0; s < plan.text.size(); ++s) text_match_[s].assign(1, plan.text[s].all_events);
    if (plan.prune && plan.as_of) out_->cells.SetRetainFrom(*plan.as_of - plan.window_days + 1);
    history_.Configure(plan.attributes_by_time);
    const size_t attributes = (plan.segment.empty() ? 0 : 1) + plan.carry.size();
    defer_instants_ = attributes && (plan.attributes_by_time || plan.attribute_history);
    defer_lines_ = attributes && plan.attributes_by_time;
    deferred_row_bytes_ = sizeof(DeferredRow) + 8 * plan.numeric.size() + 4 * attributes + 4 * plan.text.size() +
                          (defer_instants_ ? 8 : 0) + (defer_lines_ ? 8 : 0) + 4;
    SetBatchBytes(kBatchBytesInteractive);
  }
}

// Batched reading keeps every result of a row-by-row read (see OnRecords).
void Ingestor::SetBatchBytes(size_t bytes) {
  deferred_rows_ = deferred_row_bytes_ ? bytes / deferred_row_bytes_ : 0;
  batched_ = plan_.shape == Shape::kEvents && deferred_rows_ > 0;
}

std::string Ingestor::Decoded(std::string_view raw) const {
  std::string s;
  if (windows1252_) AppendWindows1252AsUtf8(raw, s);
  else s.assign(raw);
  return s;
}

bool Ingestor::MatchColumns(const std::vector<std::string>& names, ColumnIndex* idx,
                            std::vector<std::string>* problems) const {
  std::string problem;
  auto find = [&](const std::string& column, const char* path, int* out) {
    if (column.empty()) return;
    *out = FindColumn(names, column, &problem);
    if (*out < 0) problems->push_back(std::string(path) + ": " + problem);
  };
  find(plan_.customer, "data.customer", &idx->customer);
  if (plan_.shape == Shape::kEvents) find(plan_.time, "data.time", &idx->time);
  find(plan_.event, "data.event", &idx->event);
  find(plan_.segment, "data.segment", &idx->segment);
  idx->numeric.assign(plan_.numeric.size(), -1);
  idx->text.assign(plan_.text.size(), -1);
  for (size_t i = 0; i < plan_.numeric.size(); ++i)
    find(plan_.numeric[i].column, "activity column", &idx->numeric[i]);
  for (size_t i = 0; i < plan_.text.size(); ++i) find(plan_.text[i].column, "activity column", &idx->text[i]);
  idx->carry.assign(plan_.carry.size(), -1);
  for (size_t i = 0; i < plan_.carry.size(); ++i)
    find(plan_.carry[i], ("data.carry[" + std::to_string(i) + "]").c_str(), &idx->carry[i]);
  return problems->empty();
}

bool Ingestor::Header(const CsvRecord& r) {
  header_done_ = true;
  out_->delimiter = reader_->delimiter();
  out_->delimiter_sniffed = reader_->delimiter_sniffed();
  if (r.problem == RecordProblem::kTooLong) {
    fatal_.push_back(HeaderTooLongMessage(r.line));
    return false;
  }
  if (r.problem == RecordProblem::kUnterminatedQuote) {
    fatal_.push_back("line " + std::to_string(r.line) + ": a quote in the header line is never closed");
    return false;
  }
  if (r.field_count > kMaxColumns) {
    fatal_.push_back("line " + std::to_string(r.line) + ": the header has " + std::to_string(r.field_count) +
                     " columns; at most " + std::to_string(kMaxColumns) + " are supported");
    return false;
  }
  windows1252_ = reader_->encoding() == TextEncoding::kWindows1252;
  expected_fields_ = r.field_count;
  out_->columns.clear();
  bool has_nul = false;
  for (size_t i = 0; i < r.field_count; ++i) {
    std::string_view cell = TrimSpaces(r.Field(i, scratch_));
    raw_header_.emplace_back(cell);
    out_->columns.push_back(Decoded(cell));
    has_nul |= cell.find('\0') != std::string_view::npos;
  }
  std::vector<std::string> problems;
  if (!MatchColumns(out_->columns, &col_, &problems)) {
    for (auto& p : problems) fatal_.push_back("line " + std::to_string(r.line) + ": " + p);
    fatal_.push_back("the file's columns are: " + ColumnList(out_->columns));
    if (has_nul)
      fatal_.push_back("the header holds NUL bytes: the file looks like UTF-16 without a byte-order mark; "
                       "save it as UTF-8 (or as Unicode text with its byte-order mark)");
    return false;
  }
  attribute_columns_.clear();
  if (col_.segment >= 0) attribute_columns_.push_back(col_.segment);
  for (int col : col_.carry) attribute_columns_.push_back(col);
  currency_columns_.clear();
  if (!plan_.numeric.empty()) {
    for (size_t i = 0; i < out_->columns.size(); ++i)
      if (IsCurrencyColumnName(out_->columns[i])) currency_columns_.push_back(static_cast<int>(i));
  }
  currency_codes_.assign(plan_.numeric.size() * currency_columns_.size(), {});
  currency_signs_.assign(plan_.numeric.size(), {});
  return true;
}

// [SECTION] Ingestor: rows

// Rows go through in groups, in stages, so that the memory each row needs (its
// customer's hash slot, key, bucket header and latest buckets) is requested for the
// whole group before any of it is used. A row's stages keep file order, so row errors,
// first appearances and "last segment wins" are exactly as if rows went one by one.
//
// Batched (event logs; SetBatchBytes): stage 5 does not add a row to its customer's
// buckets but defers it (DeferRow), and every deferred_rows_ rows FlushDeferred adds
// them grouped by customer. With 100k customers
// the bucket lists do not fit in cache, and row by row each row costs a miss on its
// customer's list header and latest bucket; grouped, the headers are read in order
// and a customer's latest bucket once per batch. Everything that depends on order is
// decided before a row is deferred (customer numbers, segment, carried and distinct
// value ids, row errors, days) or kept by the flush: a customer's rows keep file order
// (all that attribute histories and "latest by time" need), each row sees the retain
// limit it would have seen, and the pruning sweep flushes first. A
// slash date (its order decides earlier rows) or nearing the customer limit ends
// batching for the rest of the file.
bool Ingestor::OnRecords(const CsvRecord* records, size_t count) {
  size_t i = 0;
  if (!header_done_ && count) {
    if (!Header(records[0])) return false;
    i = 1;
  }
  if (!windows1252_ && reader_->encoding() == TextEncoding::kWindows1252) {
    windows1252_ = true;  // names seen so far were read as UTF-8: match them again
    for (uint32_t id = 1; id < out_->event_rows.size(); ++id) ComputeEventMatches(id);
  }
  StringPool& customers = out_->customers;
  EventCells& cells = out_->cells;
  const bool events = plan_.shape == Shape::kEvents;
  const bool history = events && plan_.attribute_history && !attribute_columns_.empty();
  const bool by_time = events && plan_.attributes_by_time && !attribute_columns_.empty();
  while (i < count && fatal_.empty()) {
    if (batched_ && customers.size() + kGroup > kMaxCustomers) StopBatching();  // the limit's error keeps its place
    const CsvRecord* group = records + i;
    const size_t n = std::min(count - i, kGroup);
    i += n;
    for (size_t k = 0; k < n; ++k) {  // 1: parse; start loading the hash slot
      staged_[k].valid = ParseRow(group[k], k);
      if (staged_[k].valid) customers.PrefetchSlot(staged_[k].hash);
    }
    for (size_t k = 0; k < n; ++k)  // 2: the key the slot points to
      if (staged_[k].valid) customers.PrefetchEntry(staged_[k].hash);
    for (size_t k = 0; k < n && fatal_.empty(); ++k) {  // 3: customer numbers; their bucket headers
      if (!staged_[k].valid) continue;
      staged_[k].customer = CustomerNumber(staged_[k].id, staged_[k].hash, group[k].line);
      if (events && !batched_) cells.PrefetchHeader(staged_[k].customer);
      if (!fatal_.empty()) break;  // over the customer limit: no state for this one
      if (batched_) continue;  // (FlushDeferred asks for what storing needs)
      if (history) history_.PrefetchHeader(staged_[k].customer);
      if (by_time) __builtin_prefetch(latest_md_.data() + staged_[k].customer * attribute_columns_.size());
    }
    if (!fatal_.empty()) break;
    if (events && !batched_) {
      for (size_t k = 0; k < n; ++k)  // 4: their latest buckets
        if (staged_[k].valid) {
          cells.PrefetchTail(staged_[k].customer);
          if (history) history_.PrefetchTail(staged_[k].customer);
        }
    }
    for (size_t k = 0; k < n && fatal_.empty(); ++k) {  // 5: store
      if (!staged_[k].valid) continue;
      if (batched_) DeferRow(group[k], k);
      else if (events) StoreEventRow(group[k], k);
      else StoreCustomerRow(group[k], k);
    }
  }
  return fatal_.empty();
}

void Ingestor::RowError(int64_t line, std::string message) {
  ++out_->row_errors;
  if (out_->errors.size() < kMaxListedRowErrors) out_->errors.push_back({line, std::move(message)});
}

uint32_t Ingestor::CustomerNumber(std::string_view id, uint64_t hash, int64_t line) {
  bool added = false;
  uint32_t c = out_->customers.Intern(id, hash, &added);
  if (added) {
    if (out_->customers.size() > kMaxCustomers) {
      fatal_.push_back("line " + std::to_string(line) + ": more than " + std::to_string(kMaxCustomers) +
                       " distinct customer ids (column " +
                       QuoteForMessage(out_->columns[static_cast<size_t>(col_.customer)]) + "; see docs/limits.md)");
      return c;
    }
    AddCustomerState();
  }
  return c;
}

void Ingestor::AddCustomerState() {
  out_->segment.push_back(0);
  out_->carry.resize(out_->carry.size() + plan_.carry.size(), 0);
  if (plan_.shape == Shape::kEvents) {
    out_->cells.AddCustomer();
    if (plan_.attributes_by_time) {
      latest_md_.resize(latest_md_.size() + attribute_columns_.size());
      if (!latest_dm_.empty()) latest_dm_.resize(latest_dm_.size() + attribute_columns_.size());
    }
    if (plan_.attribute_history) history_.AddCustomer();
  } else {
    out_->profile.resize(out_->profile.size() + plan_.numeric.size(), 0.0);
    out_->profile_filled.resize(out_->profile_filled.size() + plan_.numeric.size(), 0);
    out_->profile_rows.push_back(0);
  }
}

void Ingestor::ComputeEventMatches(uint32_t id) {
  std::string name = Decoded(out_->events.Get(id - 1));
  for (size_t s = 0; s < plan_.numeric.size(); ++s) {
    const auto& use = plan_.numeric[s];
    numeric_match_[s][id] = use.all_events || std::binary_search(use.events.begin(), use.events.end(), name);
  }
  for (size_t s = 0; s < plan_.text.size(); ++s) {
    const auto& use = plan_.text[s];
    text_match_[s][id] = use.all_events || std::binary_search(use.events.begin(), use.events.end(), name);
  }
}

uint32_t Ingestor::EventId(std::string_view raw) {
  uint32_t id;
  if (recent_events_.Find(raw, &id)) return id;
  const uint32_t pool_id = out_->events.Find(raw);
  if (pool_id != StringPool::kNotFound) {
    recent_events_.Remember(raw, pool_id + 1);
    return pool_id + 1;
  }
  if (out_->events.size() >= kMaxEventNames &&
      !std::binary_search(model_events_.begin(), model_events_.end(), Decoded(raw))) {
    out_->events_overflowed = true;
    return Dataset::kOtherEvent;  // matches only activities without an events filter
  }
  id = out_->events.Intern(raw) + 1;
  recent_events_.Remember(raw, id);
  out_->event_rows.push_back(0);
  for (auto& m : numeric_match_) m.push_back(0);
  for (auto& m : text_match_) m.push_back(0);
  ComputeEventMatches(id);
  return id;
}

void Ingestor::DecideDateOrder(DateOrder order, int64_t line) {
  out_->date_order = order;
  out_->date_order_line = line;
  const bool day_first = order == DateOrder::kDayFirst;
  history_.DecideDateOrder(day_first);
  if (any_pending_) {
    out_->cells.ResolvePendingDays(day_first);
    const std::optional<int32_t>& m = day_first ? pending_max_dm_ : pending_max_md_;
    if (m) NoteDay(*m);
  }
  any_pending_ = false;
}

void Ingestor::NoteDay(int32_t day) {
  if (out_->max_day && day <= *out_->max_day) return;
  out_->max_day = day;
  RetainForDay(day);
}

void Ingestor::RaiseLatestDay(int32_t day) { RetainForDay(day); }

void Ingestor::RetainForDay(int32_t day) {
  if (!plan_.prune || plan_.as_of) return;  // a fixed as-of date set the retain limit once, at the start
  if (retained_day_ && day <= *retained_day_) return;
  retained_day_ = day;
  const int32_t retain_from = day - plan_.window_days + 1;
  out_->cells.SetRetainFrom(retain_from);
  // Sweep out what fell out of reach each time the window start moves a quarter window.
  if (!swept_from_ || retain_from - *swept_from_ >= std::max(plan_.window_days / 4, 7)) {
    if (swept_from_) {
      FlushDeferred();  // the sweep sees the rows of earlier groups stored, as row by row
      out_->cells.DropExpired();
    }
    swept_from_ = retain_from;
  }
}

void Ingestor::CountDay(int32_t day) {
  if (run_rows_ && day == run_day_) {
    ++run_rows_;
    return;
  }
  if (run_rows_) day_rows_[run_day_] += run_rows_;
  run_day_ = day;
  run_rows_ = 1;
}

// The contract's as_of "auto" is the latest day of any valid row, and stays so; but when
// that day is set by a thin tail the user is told, and offered the day most rows reach.
// A tail is the rows after some day `bulk`: at most 5% of the rows (Stripe's
// invoice.upcoming is one row per subscription beside a few months of charges), spanning
// a week or more, at under a fifth of the density of the 90 days up to `bulk`. Of the
// days that qualify, the one where the density drops most is offered. A uniform log
// never qualifies: its last 5% are as dense as the rest.
void Ingestor::FindLateTail() {
  if (run_rows_) day_rows_[run_day_] += run_rows_;
  run_rows_ = 0;
  std::vector<std::pair<int32_t, int64_t>> days(day_rows_.begin(), day_rows_.end());
  std::sort(days.begin(), days.end());
  int64_t total = 0;
  for (const auto& d : days) total += d.second;
  if (days.size() < 2 || total < 100) return;
  const int32_t last = days.back().first;
  double best_ratio = 0.2;  // tail density / density before: must be under a fifth
  int64_t late = 0;         // rows after days[q]
  for (size_t q = days.size() - 1; q-- > 0;) {
    late += days[q + 1].second;
    if (late * 100 > total * 5) break;
    const int32_t bulk = days[q].first;
    const int64_t span = last - bulk;
    if (span < 7) continue;
    int64_t before = 0;  // rows in the 90 days up to bulk
    for (size_t i = q + 1; i-- > 0 && days[i].first > bulk - 90;) before += days[i].second;
    const double ratio = (static_cast<double>(late) / static_cast<double>(span)) /
                         (static_cast<double>(before) / 90.0);
    if (ratio < best_ratio) {
      best_ratio = ratio;
      out_->late_rows = late;
      out_->bulk_day = bulk;
    }
  }
}

// Orders a slash date (spec section 4): a first number over 12 means day-first, a
// second one over 12 month-first; the first date that shows it decides for the file.
bool Ingestor::SlashDate(const ParsedTime& t, int64_t line, int32_t* day, bool* pending) {
  *pending = false;
  if (out_->date_order == DateOrder::kUnknown) {
    if (t.first > 12 || t.second > 12) {
      const bool day_first = t.first > 12;
      if (!SlashDateDay(t.first, t.second, t.year, day_first, day)) return false;
      DecideDateOrder(day_first ? DateOrder::kDayFirst : DateOrder::kMonthFirst, line);
      return true;
    }
    int32_t md = 0, dm = 0;
    SlashDateDay(t.first, t.second, t.year, false, &md);
    SlashDateDay(t.first, t.second, t.year, true, &dm);
    if (!pending_max_md_ || md > *pending_max_md_) pending_max_md_ = md;
    if (!pending_max_dm_ || dm > *pending_max_dm_) pending_max_dm_ = dm;
    any_pending_ = true;
    *pending = true;
    *day = EventCells::kPendingDay + t.year * 10000 + t.first * 100 + t.second;
    return true;
  }
  return SlashDateDay(t.first, t.second, t.year, out_->date_order == DateOrder::kDayFirst, day);
}

bool Ingestor::ParseNumberCell(std::string_view cell, size_t slot, int64_t line, double* value) {
  const int column = col_.numeric[slot];
  const NumberStatus status = ParseNumber(cell, out_->delimiter == ';', value);
  if (status == NumberStatus::kInvalid || status == NumberStatus::kOutOfRange) ++out_->numeric_errors[slot];
  switch (status) {
    case NumberStatus::kOk:
      // A customer table's integers add exactly in any grouping: only then may a customer's
      // rows in two parts sum separately (an event log's amounts: DecimalSums).
      if (plan_.shape != Shape::kEvents && sums_integral_ && !(*value == std::trunc(*value) && std::fabs(*value) < 0x1p26))
        sums_integral_ = false;
      return true;
    case NumberStatus::kEmpty:  // sum: not counted; value: 0 -- both add nothing
      *value = 0;
      return true;
    case NumberStatus::kInvalid:
      RowError(line, QuoteForMessage(TrimSpaces(cell)) + " in column " +
                         QuoteForMessage(out_->columns[static_cast<size_t>(column)]) + " is not a number");
      return false;
    case NumberStatus::kOutOfRange:
      RowError(line, QuoteForMessage(TrimSpaces(cell)) + " in column " +
                         QuoteForMessage(out_->columns[static_cast<size_t>(column)]) +
                         " is too large (numbers up to 1e15 in absolute value are read)");
      return false;
  }
  return false;
}

// Stage 1 of a row: every check and parse, in file order. Fills staged_[k] and the
// row's numeric values; a row error is recorded here, so errors keep file order.
bool Ingestor::ParseRow(const CsvRecord& r, size_t k) {
  ++out_->rows;
  if (r.problem == RecordProblem::kTooLong) {
    RowError(r.line, "the row is longer than 64 MiB or has more than " + std::to_string(kMaxColumns + 1) +
                         " fields; it was skipped");
    return false;
  }
  if (r.problem == RecordProblem::kUnterminatedQuote) {
    RowError(r.line, "a quote opened on this line is never closed, so the rest of the file is one field");
    return false;
  }
  if (r.field_count != expected_fields_) {
    RowError(r.line, "has " + std::to_string(r.field_count) + (r.field_count == 1 ? " field" : " fields") +
                         " but the header has " + std::to_string(expected_fields_));
    return false;
  }
  StagedRow& row = staged_[k];
  const bool events = plan_.shape == Shape::kEvents;
  ParsedTime t;
  bool time_ok = false;
  if (events) {
    // The time cell first: a date that shows the M/D order decides it even on a row
    // that turns out to be an error for another reason.
    t = time_reader_.Read(r.Field(static_cast<size_t>(col_.time), scratch_));
    row.pending = false;
    time_ok = t.kind == ParsedTime::kDay;
    row.ms = t.ms;
    if (time_ok) row.day = t.day;
    else if (t.kind == ParsedTime::kSlashDate) {
      if (!slash_dates_seen_ && batched_) StopBatching();  // the date order may rewrite stored days
      slash_dates_seen_ = true;
      time_ok = SlashDate(t, r.line, &row.day, &row.pending);
    }
    if (time_ok && t.kind == ParsedTime::kSlashDate) {
      if (!slash_rows_++) first_slash_line_ = r.line;
    } else if (time_ok) {
      ++other_time_rows_;
    }
  }
  row.id = TrimSpaces(r.Field(static_cast<size_t>(col_.customer), id_scratch_[k]));
  if (row.id.empty()) {
    RowError(r.line, "the customer id (column " + QuoteForMessage(out_->columns[static_cast<size_t>(col_.customer)]) +
                         ") is empty");
    return false;
  }
  double* sums = group_sums_.data() + k * plan_.numeric.size();
  if (!events) {
    uint8_t* filled = group_filled_.data() + k * plan_.numeric.size();
    for (size_t s = 0; s < plan_.numeric.size(); ++s) {
      std::string_view cell = r.Field(static_cast<size_t>(col_.numeric[s]), scratch_);
      filled[s] = !TrimSpaces(cell).empty();
      if (!ParseNumberCell(cell, s, r.line, &sums[s])) return false;
    }
    NoteCurrencies(r, sums);
    row.hash = HashBytes(row.id.data(), row.id.size());
    return true;
  }
  if (!time_ok) {
    std::string_view cell = TrimSpaces(r.Field(static_cast<size_t>(col_.time), scratch_));
    std::string what = cell.empty() ? std::string("the timestamp is empty")
                                    : "the timestamp " + QuoteForMessage(cell) + " is not a valid date";
    if (t.kind == ParsedTime::kSlashDate) {
      what += out_->date_order == DateOrder::kDayFirst ? " read day-first" : " read month-first";
      if (out_->date_order_line) what += " (the order decided on line " + std::to_string(out_->date_order_line) + ")";
    } else if (!cell.empty()) {
      switch (plan_.time_format) {
        case TimeFormat::kAuto: what += " (expected ISO 8601, epoch seconds or milliseconds, or M/D/YYYY)"; break;
        case TimeFormat::kIso8601: what += " (expected ISO 8601, as data.time_format says)"; break;
        case TimeFormat::kEpochSeconds: what += " (expected epoch seconds, as data.time_format says)"; break;
        case TimeFormat::kEpochMillis: what += " (expected epoch milliseconds, as data.time_format says)"; break;
        case TimeFormat::kMdy: what += " (expected M/D/YYYY, as data.time_format says)"; break;
        case TimeFormat::kDmy: what += " (expected D/M/YYYY, as data.time_format says)"; break;
      }
    }
    RowError(r.line, what);
    return false;
  }
  row.event = Dataset::kOtherEvent;
  if (col_.event >= 0) row.event = EventId(TrimSpaces(r.Field(static_cast<size_t>(col_.event), scratch_)));
  for (size_t s = 0; s < plan_.numeric.size(); ++s) {
    sums[s] = 0;
    if (!numeric_match_[s][row.event]) continue;
    if (!ParseNumberCell(r.Field(static_cast<size_t>(col_.numeric[s]), scratch_), s, r.line, &sums[s])) return false;
  }
  NoteCurrencies(r, sums);
  if (!row.pending) NoteDay(row.day);
  row.hash = HashBytes(row.id.data(), row.id.size());
  return true;
}

// Only non-zero amounts count: a zero adds nothing, whatever its currency.
void Ingestor::NoteCurrencies(const CsvRecord& r, const double* sums) {
  const size_t columns = currency_columns_.size();
  for (size_t s = 0; s < plan_.numeric.size(); ++s) {
    if (sums[s] == 0) continue;
    const std::string_view amount = TrimSpaces(r.Field(static_cast<size_t>(col_.numeric[s]), scratch_));
    if (!amount.empty() && !(amount[0] >= '0' && amount[0] <= '9')) {  // a sign or a currency leads
      const std::string_view sign = NumberCurrencySign(amount);
      if (!sign.empty()) currency_signs_[s].Add(sign, false);
    }
    for (size_t j = 0; j < columns; ++j) {
      if (currency_columns_[j] == col_.numeric[s]) continue;
      const std::string_view code = TrimSpaces(r.Field(static_cast<size_t>(currency_columns_[j]), scratch_));
      if (!code.empty()) currency_codes_[s * columns + j].Add(code, true);
    }
  }
}

void Ingestor::SeenCodes::Add(std::string_view cell, bool upper) {
  if (!last.empty() && cell == last) return;
  last.assign(cell.data(), cell.size());
  std::string code(cell);
  if (upper)
    for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (std::find(codes.begin(), codes.end(), code) != codes.end()) return;
  if (codes.size() < Dataset::CurrencyMix::kListed) codes.push_back(std::move(code));
  else more = true;
}

void Ingestor::SeenCodes::Merge(const SeenCodes& later) {
  for (const std::string& code : later.codes) {
    if (std::find(codes.begin(), codes.end(), code) != codes.end()) continue;
    if (codes.size() < Dataset::CurrencyMix::kListed) codes.push_back(code);
    else more = true;
  }
  more = more || later.more;
  last.clear();
}

void Ingestor::FinishCurrencies() {
  Dataset& d = *out_;
  const size_t columns = currency_columns_.size();
  d.currency_mix.assign(plan_.numeric.size(), {});
  for (size_t s = 0; s < plan_.numeric.size(); ++s) {
    Dataset::CurrencyMix& mix = d.currency_mix[s];
    mix.signs = currency_signs_[s].codes;
    for (size_t j = 0; j < columns; ++j) {
      const SeenCodes& seen = currency_codes_[s * columns + j];
      if (seen.codes.size() < 2) continue;
      mix.column = d.columns[static_cast<size_t>(currency_columns_[j])];
      mix.codes = seen.codes;
      mix.more_codes = seen.more;
      break;
    }
  }
}

// Stage 5 of a batched event row (see OnRecords): what depends on file order now, the
// buckets later. Mirrors StoreEventRow and StoreAttributes for the rows batching takes
// (no slash dates still pending).
void Ingestor::DeferRow(const CsvRecord& r, size_t k) {
  const StagedRow& row = staged_[k];
  ++out_->event_rows[row.event];
  CountDay(row.day);
  const int32_t limit = out_->cells.retain_from();
  if (deferred_limits_.empty() || deferred_limits_.back() != limit) {
    if (deferred_limits_.size() == kMaxDeferredLimits) FlushDeferred();  // (a new day on most rows)
    deferred_limits_.push_back(limit);
  }
  // Written field by field in place: a row built on the stack and pushed was read back
  // with one 16-byte load over its 4-byte stores, a store-forwarding stall per row
  // (~40% of this function's samples).
  DeferredRow& d = deferred_.emplace_back();
  d.customer = row.customer;
  d.day = row.day;
  d.event_and_limit = row.event | static_cast<uint32_t>(deferred_limits_.size() - 1) << kEventBits;
  const double* sums = group_sums_.data() + k * plan_.numeric.size();
  deferred_sums_.insert(deferred_sums_.end(), sums, sums + plan_.numeric.size());
  // Distinct values are numbered here, in file order, as a row-by-row read numbers them;
  // a row the fixed as_of leaves out reads none (StoreEventRow).
  const bool stored = !AfterFixedAsOf(row.day);
  for (size_t s = 0; s < plan_.text.size(); ++s) {
    uint32_t value = 0;
    if (stored && !DistinctValue(r, row.event, s, &value)) return;  // over the limit: the read stops here
    deferred_texts_.push_back(value);
  }
  for (size_t j = 0; j < attribute_columns_.size(); ++j) {
    std::string_view cell = TrimSpaces(r.Field(static_cast<size_t>(attribute_columns_[j]), scratch_));
    deferred_values_.push_back(cell.empty() ? 0 : AttributeValue(j, cell));
  }
  if (defer_instants_) deferred_instants_.push_back(int64_t{row.day} * 86400000 + row.ms);
  if (defer_lines_) deferred_lines_.push_back(r.line);
  if (deferred_.size() >= deferred_rows_) FlushDeferred();
}

void Ingestor::StoreDeferred(const DeferredRow& row, size_t i) {
  const uint32_t c = row.customer;
  if (!AfterFixedAsOf(row.day)) {
    // What a merge of this list would have dropped then.
    out_->cells.SetRetainFrom(deferred_limits_[row.event_and_limit >> kEventBits]);
    const uint32_t event = row.event_and_limit & ((1u << kEventBits) - 1);
    AddToBuckets(c, row.day, event, deferred_sums_.data() + i * plan_.numeric.size());
    const size_t texts = plan_.text.size();
    for (size_t s = 0; s < texts; ++s) {
      const uint32_t value = deferred_texts_[i * texts + s];
      if (value) out_->cells.AddDistinct(c, row.day, event, static_cast<uint32_t>(s), value - 1);
    }
  }
  const size_t n = attribute_columns_.size();
  if (n == 0) return;  // (and no offset on an empty vector's null data())
  const uint32_t* values = deferred_values_.data() + i * n;
  for (size_t j = 0; j < n; ++j) {
    if (!values[j]) continue;
    SetAttribute(c, j, values[j]);
    if (plan_.attributes_by_time) latest_md_[c * n + j].Offer(deferred_instants_[i], deferred_lines_[i], values[j]);
    if (plan_.attribute_history) {
      const auto ms = static_cast<int32_t>(deferred_instants_[i] - int64_t{row.day} * 86400000);
      history_.Add(c, static_cast<uint32_t>(j), row.day, ms, values[j]);
    }
  }
}

// Adds the deferred rows grouped by customer: a stable counting sort on the customer
// number (its top bits when there are more than 2^16 customers), so each customer's
// rows keep file order and list headers are read in address order.
void Ingestor::FlushDeferred(bool no_more_rows) {
  const size_t n = deferred_.size();
  if (n == 0) {
    if (no_more_rows) ReleaseDeferred();
    return;
  }
  const uint32_t customers = out_->customers.size();
  unsigned shift = 0;
  while ((customers >> shift) > (1u << 16)) ++shift;
  deferred_counts_.assign((customers >> shift) + 2, 0);
  for (const DeferredRow& row : deferred_) ++deferred_counts_[(row.customer >> shift) + 1];
  for (size_t b = 1; b < deferred_counts_.size(); ++b) deferred_counts_[b] += deferred_counts_[b - 1];
  deferred_sorted_.resize(n);
  for (size_t i = 0; i < n; ++i) deferred_sorted_[deferred_counts_[deferred_[i].customer >> shift]++] = static_cast<uint32_t>(i);
  EventCells& cells = out_->cells;
  const int32_t retain_now = cells.retain_from();
  const size_t slots = plan_.numeric.size(), values = attribute_columns_.size();
  const size_t texts = plan_.text.size();
  const bool by_time = plan_.attributes_by_time && values;  // StoreDeferred offers each value by its instant
  const bool history = plan_.attribute_history && values;   // ... and adds it to the customer's history
  constexpr size_t kAhead = 16;  // rows whose latest bucket is loading while one is stored
  for (size_t p = 0; p < n; ++p) {
    if (p + 2 * kAhead < n) {
      const uint32_t far = deferred_sorted_[p + 2 * kAhead];
      __builtin_prefetch(&deferred_[far]);
      if (slots) __builtin_prefetch(deferred_sums_.data() + far * slots);
      if (values) __builtin_prefetch(deferred_values_.data() + far * values);
      if (texts) __builtin_prefetch(deferred_texts_.data() + far * texts);
      if (defer_instants_) __builtin_prefetch(deferred_instants_.data() + far);
      if (defer_lines_) __builtin_prefetch(deferred_lines_.data() + far);
      if (history) history_.PrefetchHeader(deferred_[far].customer);
    }
    if (p + kAhead < n) {
      const uint32_t c = deferred_[deferred_sorted_[p + kAhead]].customer;
      cells.PrefetchTail(c);
      if (by_time) __builtin_prefetch(latest_md_.data() + size_t{c} * values);
      if (history) history_.PrefetchTail(c);
    }
    const uint32_t i = deferred_sorted_[p];
    StoreDeferred(deferred_[i], i);
  }
  cells.SetRetainFrom(retain_now);
  deferred_.clear();
  deferred_limits_.clear();
  deferred_sums_.clear();
  deferred_values_.clear();
  deferred_texts_.clear();
  deferred_instants_.clear();
  deferred_lines_.clear();
  if (no_more_rows) ReleaseDeferred();
}

// The waiting room back to the heap (~15 MiB at its fullest): after the last row, so
// that a finished read or a part waiting to be merged does not hold it.
void Ingestor::ReleaseDeferred() {
  std::vector<DeferredRow>().swap(deferred_);
  std::vector<int32_t>().swap(deferred_limits_);
  std::vector<double>().swap(deferred_sums_);
  std::vector<uint32_t>().swap(deferred_values_);
  std::vector<uint32_t>().swap(deferred_texts_);
  std::vector<int64_t>().swap(deferred_instants_);
  std::vector<int64_t>().swap(deferred_lines_);
  std::vector<uint32_t>().swap(deferred_sorted_);
  std::vector<uint32_t>().swap(deferred_counts_);
}

// Back to storing rows as they come, for the rest of the file.
void Ingestor::StopBatching() {
  FlushDeferred(true);
  batched_ = false;
}

// Stage 5 of an event row: add it to its customer's buckets.
void Ingestor::StoreEventRow(const CsvRecord& r, size_t k) {
  StagedRow& row = staged_[k];
  const uint32_t c = row.customer;
  if (row.pending && out_->date_order != DateOrder::kUnknown) {  // decided by a later row of this group
    const int code = row.day - EventCells::kPendingDay;
    SlashDateDay(code / 100 % 100, code % 100, code / 10000, out_->date_order == DateOrder::kDayFirst, &row.day);
    row.pending = false;
  }
  ++out_->event_rows[row.event];
  if (!row.pending) CountDay(row.day);
  if (row.pending || !AfterFixedAsOf(row.day)) {
    AddToBuckets(c, row.day, row.event, group_sums_.data() + k * plan_.numeric.size());
    for (size_t s = 0; s < plan_.text.size(); ++s) {
      uint32_t value = 0;
      if (!DistinctValue(r, row.event, s, &value)) return;
      if (value) out_->cells.AddDistinct(c, row.day, row.event, static_cast<uint32_t>(s), value - 1);
    }
  }
  StoreAttributes(r, row, true);
}

bool Ingestor::DistinctValue(const CsvRecord& r, uint32_t event, size_t s, uint32_t* value) {
  *value = 0;
  if (!text_match_[s][event]) return true;
  std::string_view v = TrimSpaces(r.Field(static_cast<size_t>(col_.text[s]), scratch_));
  if (v.empty()) return true;
  if (out_->values.size() >= kMaxDistinctValues && out_->values.Find(v) == StringPool::kNotFound) {
    fatal_.push_back("line " + std::to_string(r.line) + ": more than " + std::to_string(kMaxDistinctValues) +
                     " distinct values in the columns of distinct_values activities (this one in column " +
                     QuoteForMessage(out_->columns[static_cast<size_t>(col_.text[s])]) + "; see docs/limits.md)");
    return false;
  }
  *value = out_->values.Intern(v) + 1;
  return true;
}

uint32_t Ingestor::SegmentId(std::string_view raw) {
  uint32_t id;
  if (!recent_segments_.Find(raw, &id)) {
    id = out_->segments.Intern(raw);
    recent_segments_.Remember(raw, id);
  }
  return id;
}

void Ingestor::StoreCustomerRow(const CsvRecord& r, size_t k) {
  const uint32_t c = staged_[k].customer;
  const size_t slots = plan_.numeric.size();
  const double* values = group_sums_.data() + k * slots;
  const uint8_t* filled = group_filled_.data() + k * slots;
  for (size_t s = 0; s < slots; ++s) {
    out_->profile[c * slots + s] += values[s];
    out_->profile_filled[c * slots + s] |= filled[s];
  }
  ++out_->profile_rows[c];
  StoreAttributes(r, staged_[k], false);
}

void Ingestor::AddToBuckets(uint32_t c, int32_t day, uint32_t event, const double* sums) {
  out_->cells.Add(c, day, event, decimal_sums_.Scaled(sums, out_->cells));
  stored_min_day_ = std::min(stored_min_day_, day);
  stored_max_day_ = std::max(stored_max_day_, day);
}

uint32_t Ingestor::AttributeValue(size_t j, std::string_view cell) {
  return (col_.segment >= 0 && j == 0 ? SegmentId(cell) : out_->carried.Intern(cell)) + 1;
}

void Ingestor::SetAttribute(uint32_t c, size_t j, uint32_t value) {
  const bool has_segment = col_.segment >= 0;
  if (has_segment && j == 0) out_->segment[c] = value;
  else out_->carry[c * plan_.carry.size() + (j - has_segment)] = value;
}

void Ingestor::StoreAttributes(const CsvRecord& r, const StagedRow& row, bool events) {
  const size_t n = attribute_columns_.size();
  if (n == 0) return;
  const uint32_t c = row.customer;
  // Undecided slash dates: the row's day and instant under each reading (both valid: see SlashDate).
  int64_t instant_md = 0, instant_dm = 0;
  int32_t day_md = row.day, day_dm = row.day;
  if (events && row.pending) {
    const int code = row.day - EventCells::kPendingDay;
    SlashDateDay(code / 100 % 100, code % 100, code / 10000, false, &day_md);
    SlashDateDay(code / 100 % 100, code % 100, code / 10000, true, &day_dm);
  }
  if (events && plan_.attributes_by_time) {  // only the by-time rule needs the instant
    instant_md = int64_t{day_md} * 86400000 + row.ms;
    instant_dm = int64_t{day_dm} * 86400000 + row.ms;
  }
  for (size_t j = 0; j < n; ++j) {
    std::string_view cell = TrimSpaces(r.Field(static_cast<size_t>(attribute_columns_[j]), scratch_));
    if (cell.empty()) continue;
    const uint32_t value = AttributeValue(j, cell);
    SetAttribute(c, j, value);
    if (!events) continue;
    if (plan_.attributes_by_time) {
      if (row.pending && latest_dm_.empty()) latest_dm_ = latest_md_;  // the readings part from here
      latest_md_[c * n + j].Offer(instant_md, r.line, value);
      if (!latest_dm_.empty()) latest_dm_[c * n + j].Offer(instant_dm, r.line, value);
    }
    if (!plan_.attribute_history) continue;
    if (row.pending) history_.AddUndecided(c, static_cast<uint32_t>(j), row.day, day_md, day_dm, row.ms, value);
    else history_.Add(c, static_cast<uint32_t>(j), row.day, row.ms, value);
  }
}

bool Ingestor::FinishAttributes(uint32_t customers_per_step) {
  Dataset& d = *out_;
  const size_t n = attribute_columns_.size();
  if (plan_.shape != Shape::kEvents || n == 0) return true;
  const bool day_first = d.date_order == DateOrder::kDayFirst;
  const bool has_segment = col_.segment >= 0;
  const size_t carried = plan_.carry.size();
  const size_t customers = d.customers.size();
  if (plan_.attributes_by_time && attributes_finished_ == 0) {  // one pass of a few ms: the first step's
    const std::vector<LatestSeen>& latest = day_first && !latest_dm_.empty() ? latest_dm_ : latest_md_;
    if (has_segment) d.segment_latest.assign(customers, 0);
    d.carry_latest.assign(customers * carried, 0);
    for (size_t c = 0; c < customers; ++c) {
      for (size_t j = 0; j < n; ++j) {
        const uint32_t v = latest[c * n + j].value;
        if (has_segment && j == 0) d.segment_latest[c] = v;
        else d.carry_latest[c * carried + (j - has_segment)] = v;
      }
    }
    std::vector<LatestSeen>().swap(latest_md_);
    std::vector<LatestSeen>().swap(latest_dm_);
  }
  if (!plan_.attribute_history) return true;
  attributes_finished_ = history_.FinishCustomers(attributes_finished_, customers_per_step, day_first,
                                                  &d.attribute_steps, &d.attribute_step_start);
  return attributes_finished_ >= customers;
}

// [SECTION] Ingestor: finishing

void Ingestor::DecodeToUtf8() {
  auto recode = [](StringPool& pool) {
    StringPool decoded;
    std::string s;
    for (uint32_t id = 0; id < pool.size(); ++id) {
      s.clear();
      AppendWindows1252AsUtf8(pool.Get(id), s);
      decoded.Intern(s);  // decoding is one-to-one, so ids keep their numbers
    }
    pool = std::move(decoded);
  };
  recode(out_->customers);
  recode(out_->segments);
  recode(out_->carried);
  recode(out_->events);
}

bool Ingestor::Finish(bool release_spare_memory) {
  while (FinishStep(release_spare_memory, UINT32_MAX)) {
  }
  return fatal_.empty();
}

// Steps of a few tens of ms at most for 100k customers in the page: the rows settled
// (encoding, dates, buckets compacted), the attributes' latest values and history (by
// customers), the ids ranked. Together they took ~140 ms there in one call (issue 13).
bool Ingestor::FinishStep(bool release_spare_memory, uint32_t customers_per_step) {
  if (!fatal_.empty()) return false;
  switch (finishing_) {
    case Finishing::kRows:
      if (!FinishRows(release_spare_memory)) return false;
      finishing_ = Finishing::kAttributes;
      return true;
    case Finishing::kAttributes:
      if (plan_.shape == Shape::kEvents && !FinishAttributes(customers_per_step)) return true;
      finishing_ = Finishing::kIds;
      return true;
    case Finishing::kIds:
      if (plan_.shape == Shape::kEvents) FindLateTail();
      RankIds();
      finishing_ = Finishing::kDone;
      return false;
    case Finishing::kDone:
      break;
  }
  return false;
}

bool Ingestor::FinishRows(bool release_spare_memory) {
  FlushDeferred(true);
  if (!header_done_) {
    fatal_.push_back("the file is empty: a header line with the column names is required");
    return false;
  }
  Dataset& d = *out_;
  if (reader_->encoding() == TextEncoding::kWindows1252) {
    windows1252_ = true;
    // The header may have been read as UTF-8 before the first invalid line: read it again.
    std::vector<std::string> names;
    for (const std::string& raw : raw_header_) names.push_back(Decoded(raw));
    ColumnIndex again;
    std::vector<std::string> problems;
    if (names != d.columns && (!MatchColumns(names, &again, &problems) || !(again == col_))) {
      fatal_.push_back("the file is not valid UTF-8 (line " + std::to_string(reader_->first_invalid_utf8_line()) +
                       "), and read as Windows-1252 its header no longer matches the model");
      for (auto& p : problems) fatal_.push_back(p);
      return false;
    }
    d.columns = names;
    DecodeToUtf8();
    d.warnings.push_back("the file is not valid UTF-8 (first at line " +
                         std::to_string(reader_->first_invalid_utf8_line()) + "), so it was read as Windows-1252");
  }
  d.encoding = reader_->encoding();
  FinishCurrencies();
  if (reader_->utf16_replacements())
    d.warnings.push_back(std::to_string(reader_->utf16_replacements()) +
                         " broken UTF-16 characters were replaced by U+FFFD");
  if (plan_.shape == Shape::kEvents) {
    // A few slash dates in an ISO file are the odd ones out: say so, with the line, so
    // that the date order below is not read as the whole file's format.
    if (slash_rows_ && other_time_rows_) {
      d.warnings.push_back(
          "the time column mixes formats: " + std::to_string(slash_rows_) +
          (slash_rows_ == 1 ? " row has a date like 12/31/2024" : " rows have dates like 12/31/2024") +
          " (first on line " + std::to_string(first_slash_line_) + ") among " + std::to_string(other_time_rows_) +
          " ISO 8601 or epoch timestamps");
    }
    if (any_pending_) {
      DecideDateOrder(DateOrder::kMonthFirst, 0);
      d.date_order_assumed = true;
      d.warnings.push_back("no date in the file shows whether dates like 3/4/2024 are month-first or day-first; "
                           "they were read month-first (M/D/YYYY)");
    } else if (d.date_order != DateOrder::kUnknown) {
      d.notes.push_back(std::string("dates read ") +
                        (d.date_order == DateOrder::kDayFirst ? "day-first (D/M/YYYY)" : "month-first (M/D/YYYY)") +
                        ", as line " + std::to_string(d.date_order_line) + " shows");
    }
    if (d.events_overflowed)
      d.warnings.push_back("more than " + std::to_string(kMaxEventNames) +
                           " distinct event names: the extra ones are grouped as \"(other)\"");
    d.cells.CompactAll(release_spare_memory);
    decimal_sums_.Unscale(d.cells);  // the exact sums as numbers, now that every row is in
  } else {
    size_t merged = 0;
    for (uint32_t n : d.profile_rows) merged += n > 1;
    if (merged)
      d.warnings.push_back(std::to_string(merged) + (merged == 1 ? " customer id appears" : " customer ids appear") +
                           " on several rows; their values were added together");
  }
  return true;
}

void Ingestor::RankIds() {
  Dataset& d = *out_;
  // Rank ids in byte order once, so every later sort compares integers. Sorted on
  // their first 8 bytes read as a big-endian number (which orders like the bytes
  // themselves) by a radix sort, then each run of ids sharing those 8 bytes by the
  // whole ids.
  const uint32_t n = static_cast<uint32_t>(d.customers.size());
  std::vector<uint64_t> prefix(n), prefix_tmp;
  std::vector<uint32_t> order(n), order_tmp;
  for (uint32_t c = 0; c < n; ++c) {
    std::string_view id = d.customers.Get(c);
    uint64_t p = 0;
    for (size_t k = 0; k < 8; ++k) p = p << 8 | (k < id.size() ? static_cast<unsigned char>(id[k]) : 0u);
    prefix[c] = p;
    order[c] = c;
  }
  RadixSortByKey(prefix, order, prefix_tmp, order_tmp);
  std::vector<uint64_t>().swap(prefix_tmp);
  std::vector<uint32_t>().swap(order_tmp);
  for (uint32_t i = 0; i < n;) {
    uint32_t j = i + 1;
    while (j < n && prefix[j] == prefix[i]) ++j;
    if (j - i > 1)
      std::sort(order.begin() + i, order.begin() + j,
                [&](uint32_t a, uint32_t b) { return d.customers.Get(a) < d.customers.Get(b); });
    i = j;
  }
  d.id_rank.assign(n, 0);
  for (uint32_t i = 0; i < n; ++i) d.id_rank[order[i]] = i;
  d.by_id = std::move(order);
}

}  // namespace ces
