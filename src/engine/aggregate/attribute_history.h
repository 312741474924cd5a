// Each customer's segment and carried values over time, for the score on a past date
// (v2 section 2), kept while reading so that memory follows changes, not rows or days.
//
// Two rules read the same cells (v2 1.5): on a date D, the non-empty value of the row
// latest in file order among the rows up to D (v1), and the one of the row latest by
// time (ties: later in the file).
//   - File order needs no per-day record: rows arrive in file order, so a row of day d
//     is the latest in file order for every date from d on. Each (customer, attribute)
//     keeps only its change points, and a row out of time order cuts them back to d.
//   - By time, a row of day d decides the dates from d to the customer's next day with
//     a value, and only if it is the latest of day d: a row out of time order needs to
//     know the days after it and the latest time of its own day. So with the by-time
//     rule each (customer, attribute, day) keeps its latest time and value: 12 bytes.
// Slash dates whose M/D order is undecided keep the file-order points under both readings
// until the order is known.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/base/text.h"  // CES_ALWAYS_INLINE

namespace ces {

// From `day` on (until the customer's next step for the same attribute), the value of
// one attribute (the segment or a carried column) under each rule: the non-empty
// value latest in file order (v1) and the one latest by time, ties later in file (v2 1.5).
// What the score on a past date (v2 section 2) reads.
struct AttributeStep {
  int32_t day;
  uint32_t attribute;             // 0 = segment when the model has one, then carried columns
  uint32_t file_order_value;      // id + 1
  uint32_t by_time_value;         // id + 1; without the by-time rule (v1 plans), = file_order_value
};

class AttributeHistory {
 public:
  // `by_time`: also keep what the by-time rule needs (a version 2 model's plan).
  void Configure(bool by_time) { by_time_ = by_time; }
  void AddCustomer();
  size_t customer_count() const { return file_order_.size(); }

  // A non-empty cell (value = id + 1) of `attribute` on customer c's next row in file order.
  void Add(uint32_t c, uint32_t attribute, int32_t day, int32_t ms, uint32_t value);
  // The same for a slash date of undecided order: `key` is its pending day key (EventCells::kPendingDay),
  // `day_md` and `day_dm` its day read month-first and day-first.
  void AddUndecided(uint32_t c, uint32_t attribute, int32_t key, int32_t day_md, int32_t day_dm, int32_t ms,
                    uint32_t value);
  void DecideDateOrder(bool day_first);
  // Hints for batched ingest (Ingestor::OnRecords): start loading a customer's lists, then their ends.
  // Always inlined: GCC finds a prefetch-only function free of effects and drops calls it does not inline.
  CES_ALWAYS_INLINE void PrefetchHeader(uint32_t c) const {
    __builtin_prefetch(&file_order_[c]);
    if (by_time_) __builtin_prefetch(&latest_[c]);
  }
  CES_ALWAYS_INLINE void PrefetchTail(uint32_t c) const {
    if (!file_order_[c].empty()) __builtin_prefetch(&file_order_[c].back());
    if (by_time_ && !latest_[c].empty()) __builtin_prefetch(&latest_[c].back());
  }

  // Reading in parts: `later`'s customer pc is customer c here; its rows all come after
  // this one's. `map(attribute, value)` renumbers its values. Neither saw undecided dates.
  template <typename Map>
  void Absorb(uint32_t c, const AttributeHistory& later, uint32_t pc, const Map& map);

  // The steps of every customer, by day then attribute: customer c's are
  // [(*start)[c], (*start)[c + 1]). `day_first` resolves the pending day keys. Frees this.
  void Finish(bool day_first, std::vector<AttributeStep>* steps, std::vector<uint32_t>* start);
  // Finish cut by customers, for a caller that must not block for long (100k customers
  // took ~70 ms in one call in the page): call with from = 0, then with each returned
  // customer until it returns customer_count() as it was; that last call frees this as
  // Finish does. Any cut gives Finish's steps.
  uint32_t FinishCustomers(uint32_t from, uint32_t count, bool day_first, std::vector<AttributeStep>* steps,
                           std::vector<uint32_t>* start);

 private:
  friend struct PartImage;  // part_image.cpp: a part's change points as bytes
  struct FileOrderStep {
    int32_t day;
    uint32_t attribute;
    uint32_t value;
  };
  // The latest row by time of one (customer, attribute, day): 27 bits of milliseconds in
  // the day and 5 of attribute (at most 1 + kMaxCarry = 17 attributes).
  struct DayLatest {
    int32_t day;                  // UTC day, or a pending slash-date key
    uint32_t ms_attribute;        // ms << 5 | attribute
    uint32_t value;
  };
  using FileOrder = std::vector<FileOrderStep>;  // per attribute by day; attributes interleaved
  static void SetFromDay(FileOrder& steps, int32_t day, uint32_t attribute, uint32_t value);
  void AddLatest(uint32_t c, uint32_t attribute, int32_t day, int32_t ms, uint32_t value);

  bool by_time_ = false;
  std::vector<FileOrder> file_order_;            // per customer
  bool undecided_ = false;                       // while true: file_order_ is the month-first reading
  std::vector<FileOrder> file_order_day_first_;  // ... and this the day-first one
  std::vector<std::vector<DayLatest>> latest_;   // per customer, with by_time_; in file order
  // FinishCustomers' walk, carried from one call to the next: each attribute's values
  // under both rules as the last customer left them, as one call over every customer had.
  uint32_t finish_file_order_[32] = {}, finish_by_time_[32] = {};
};

template <typename Map>
void AttributeHistory::Absorb(uint32_t c, const AttributeHistory& later, uint32_t pc, const Map& map) {
  // The later part's rows are later in the file: from each of its change points on, its value.
  for (const FileOrderStep& s : later.file_order_[pc])
    SetFromDay(file_order_[c], s.day, s.attribute, map(s.attribute, s.value));
  if (!by_time_) return;
  for (DayLatest d : later.latest_[pc]) {  // appended after this part's: a tie goes to the later one
    d.value = map(d.ms_attribute & 31u, d.value);
    latest_[c].push_back(d);
  }
}

}  // namespace ces
