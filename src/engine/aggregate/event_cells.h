// Per-customer activity of an event log, bucketed by (UTC day, event id):
// a count and the sums of the numeric columns the model reads, per bucket; and,
// for distinct_values, the (day, event, column, value) quadruples seen.
//
// This is the state that makes re-scoring cheap: any window, as_of, half-life,
// weight, cap, transform, scale or tier is computed from it without the file.
// Memory grows with customers x active (day, event) pairs, never with rows: rows
// falling into an existing bucket only add to it. Buckets are appended unsorted
// (with a short look-back for the common repeat) and merged by a sort when a
// customer's buffer fills, so any row order works.
#pragma once
#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/base/text.h"  // CES_ALWAYS_INLINE

namespace ces {

class EventCells {
 public:
  // Day keys of slash dates whose M/D order is not known yet carry this flag.
  static constexpr int32_t kPendingDay = 1 << 30;
  static constexpr int32_t kNoRetainLimit = INT32_MIN;
  // How many buckets Add walks back over to keep the list in order (beyond that the
  // row is appended out of order): of the row's own day, bounding the work per row where
  // a customer's day holds very many event types; of later days, a row this far behind
  // is rare and its bucket is left for the next merge's sort.
  static constexpr uint32_t kSameDayWalk = 64;
  static constexpr uint32_t kLaterDaysWalk = 8;

  EventCells() = default;
  EventCells(const EventCells&) = delete;
  EventCells& operator=(const EventCells&) = delete;
  ~EventCells();

  // `sum_slots` numeric columns are summed per bucket.
  void Configure(int sum_slots, bool keep_history);
  void AddCustomer();
  uint32_t customer_count() const { return static_cast<uint32_t>(lists_.size()); }

  // One row: +1 to the (day, event) bucket and `sums` (sum_slots values) added.
  void Add(uint32_t customer, int32_t day, uint32_t event, const double* sums);
  void AddDistinct(uint32_t customer, int32_t day, uint32_t event, uint32_t slot, uint32_t value);
  // Hints for batched ingest: start loading a customer's header, then its latest buckets.
  // Always inlined: GCC 12 finds a prefetching function "pure" (a prefetch is no side
  // effect to it) and deletes calls to it that it did not inline -- it did so for every
  // PrefetchTail call, so the batched loops ran without their prefetches.
  CES_ALWAYS_INLINE void PrefetchHeader(uint32_t customer) const { __builtin_prefetch(&lists_[customer]); }
  CES_ALWAYS_INLINE void PrefetchTail(uint32_t customer) const {  // the latest bucket and where the next one goes
    const CellList& l = lists_[customer];
    if (l.size) __builtin_prefetch(l.data + (l.size - 1) * static_cast<size_t>(stride_), 1);
    if (l.size < l.capacity) __builtin_prefetch(l.data + (l.size + 1) * static_cast<size_t>(stride_) - 1, 1);
  }

  // A sweep over every customer (DropExpired, CompactAll, merging parts) reads each
  // list's first buckets at a random address: one cache miss per customer, in sequence,
  // was ~90% of DropExpired's time. Asking for the lists a few customers ahead overlaps
  // them.
  // Always inlined for the reason given at PrefetchTail.
  static constexpr uint32_t kSweepAhead = 8;
  CES_ALWAYS_INLINE void PrefetchFront(uint32_t c) const {
    const CellList& l = lists_[c];
    const char* p = reinterpret_cast<const char*>(l.data);
    const size_t bytes = std::min<size_t>(static_cast<size_t>(l.size) * static_cast<size_t>(stride_) * 8, 256);
    for (size_t b = 0; b < bytes; b += 64) __builtin_prefetch(p + b);
  }

  // Hint for a sweep in customer order (measuring): start loading the newest `bytes`
  // of a customer's buckets, where a walk back from the newest reads.
  CES_ALWAYS_INLINE void PrefetchNewest(uint32_t customer, size_t bytes) const {
    const CellList& l = lists_[customer];
    const char* end = reinterpret_cast<const char*>(l.data + static_cast<size_t>(l.size) * static_cast<size_t>(stride_));
    const size_t have = std::min<size_t>(static_cast<size_t>(l.size) * static_cast<size_t>(stride_) * 8, bytes);
    for (size_t b = 64; b <= have + 63; b += 64) __builtin_prefetch(end - b);
  }

  // Buckets before `day` can never be in the window: at the next merge they are
  // dropped, keeping only each event's latest day (for days_since_last).
  void SetRetainFrom(int32_t day) { retain_from_ = day; }
  // Merges every customer whose oldest bucket is before the retain limit, giving
  // memory back. Pruning calls it now and then: quiet customers never fill their
  // lists again, so their old buckets would otherwise stay until the end.
  void DropExpired();
  // Rewrites pending slash-date keys (see kPendingDay) once the order is known.
  void ResolvePendingDays(bool day_first);
  // Merges every customer's buckets (sorted by day, then event). Call before reading.
  void CompactAll(bool release_spare_memory);
  // Reading a file in parts: adds customer `from_c` of `from` (a later part of the
  // file) to customer `c`, its event ids mapped by `event_map` and distinct value ids
  // by `value_map`. Buckets both hold add up; when such a sum could differ from
  // adding row by row in file order, *inexact is set (`exact_sums`: every number
  // either part read was an integer, so any grouping adds exactly). `from_c`'s buckets
  // in `from` are given back: that part is being absorbed and is not read again.
  void AbsorbCustomer(uint32_t c, EventCells& from, uint32_t from_c, const std::vector<uint32_t>& event_map,
                      const std::vector<uint32_t>& value_map, bool exact_sums, bool* inexact);
  int32_t retain_from() const { return retain_from_; }
  // Every bucket's sum of column `slot` from an integer counting `from` decimals to one
  // counting `to` (DecimalSums): times 10^(to - from), exact within its limits; or, to
  // fewer, divided (correctly rounded: to 0, the plain number).
  void RescaleSums(int slot, int from, int to);
  // Some bucket was split in two (a row far out of order): its sum then depends on
  // when the halves merge, which differs between one reader and parts.
  bool appended_out_of_order() const { return appended_out_of_order_; }

  // ---- Reading (after CompactAll) ----
  int stride() const { return stride_; }
  size_t cell_count(uint32_t c) const { return lists_[c].size; }
  const uint64_t* cells(uint32_t c) const { return lists_[c].data; }
  static int32_t CellDay(const uint64_t* cell) { return DayOfKey(cell[0]); }
  static uint32_t CellEvent(const uint64_t* cell) { return static_cast<uint32_t>(cell[0]); }
  static uint64_t CellCount(const uint64_t* cell) { return cell[1]; }
  static double CellSum(const uint64_t* cell, int slot);

  struct Distinct {
    uint64_t key;    // day and event, as in cells
    uint32_t slot;   // which distinct_values column
    uint32_t value;  // interned value id
  };
  const std::vector<Distinct>& distinct(uint32_t c) const { return c < distinct_.size() ? distinct_[c] : kNoDistinct; }
  // Latest day of each event whose buckets were dropped (pairs: event, day).
  const std::vector<std::pair<uint32_t, int32_t>>& history(uint32_t c) const {
    return c < history_.size() ? history_[c] : kNoHistory;
  }

  size_t MemoryBytes() const;

  static uint64_t Key(int32_t day, uint32_t event) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(day) ^ 0x80000000u) << 32) | event;
  }
  static int32_t DayOfKey(uint64_t key) { return static_cast<int32_t>(static_cast<uint32_t>(key >> 32) ^ 0x80000000u); }

 private:
  friend struct PartImage;  // part_image.cpp: a part's buckets as bytes
  // A customer's buckets: stride_ words each (key, count, one word per sum slot),
  // kept sorted by key while rows arrive in (roughly) time order; `unsorted` once a
  // row arrived too far out of order, until the next merge.
  struct CellList {
    uint64_t* data = nullptr;
    uint32_t size = 0;
    uint32_t capacity : 31;
    uint32_t unsorted : 1;
    CellList() : capacity(0), unsorted(0) {}
  };
  void Compact(uint32_t c);
  void MergeLater(const CellList& l, const std::vector<uint64_t>& later, bool exact_sums, bool* inexact);
  static void SwapRoom(CellList& a, CellList& b);  // the two buffers and their room; sizes stay
  void RekeyInPlace(CellList& l, const std::vector<uint32_t>& event_map);  // new event ids, key order kept
  void CompactDistinct(std::vector<Distinct>& d);
  void Retire(uint32_t c, uint32_t event, int32_t day);
  void Reserve(CellList& l, uint32_t capacity);
  static const std::vector<Distinct> kNoDistinct;
  static const std::vector<std::pair<uint32_t, int32_t>> kNoHistory;

  int sum_slots_ = 0;
  int stride_ = 2;
  bool keep_history_ = false;
  int32_t retain_from_ = kNoRetainLimit;
  bool appended_out_of_order_ = false;
  std::vector<CellList> lists_;
  std::vector<std::vector<Distinct>> distinct_;                    // only for customers that have some
  std::vector<std::vector<std::pair<uint32_t, int32_t>>> history_;  // only when pruning
  std::vector<uint32_t> order_;    // scratch for sorting
  std::vector<uint64_t> scratch_;
  std::vector<uint64_t> rekeyed_;  // AbsorbCustomer: the later part's list in this side's event ids
};

}  // namespace ces
