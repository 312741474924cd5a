// EventCells' bucket store against a plain map: whatever the store does to grow,
// merge, prune or give memory back, every (day, event) bucket must come out once,
// in key order, with its full count and sums, and every pruned event in history.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <vector>

#include "engine/aggregate/event_cells.h"

using namespace ces;

namespace {

struct Expected {
  uint64_t count = 0;
  double sum = 0;  // the rows' values added in row order
};

struct Reference {
  std::vector<std::map<uint64_t, Expected>> buckets;  // per customer, by key
  void Add(uint32_t c, int32_t day, uint32_t event, double v) {
    Expected& e = buckets[c][EventCells::Key(day, event)];
    ++e.count;
    e.sum += v;
  }
};

// The store under test and the reference, fed the same rows.
struct Both {
  EventCells cells;
  Reference ref;
  Both(uint32_t customers, bool keep_history) {
    cells.Configure(1, keep_history);
    ref.buckets.resize(customers);
    for (uint32_t c = 0; c < customers; ++c) cells.AddCustomer();
  }
  void Add(uint32_t c, int32_t day, uint32_t event, double v) {
    cells.PrefetchTail(c);  // as ingest does: a hint only, it must change nothing
    cells.Add(c, day, event, &v);
    ref.Add(c, day, event, v);
  }
};

// Compares customer c of `cells` (after CompactAll) with the reference, given the
// final retain limit (kNoRetainLimit: nothing pruned).
void CheckCustomer(const EventCells& cells, const Reference& ref, uint32_t c, int32_t retain_from) {
  std::vector<std::pair<uint64_t, Expected>> kept;
  std::map<uint32_t, int32_t> retired;  // event -> latest dropped day
  for (const auto& kv : ref.buckets[c]) {
    if (retain_from != EventCells::kNoRetainLimit && EventCells::DayOfKey(kv.first) < retain_from) {
      int32_t& d = retired.emplace(static_cast<uint32_t>(kv.first), INT32_MIN).first->second;
      d = std::max(d, EventCells::DayOfKey(kv.first));
    } else {
      kept.push_back(kv);
    }
  }
  CAPTURE(c);
  REQUIRE(cells.cell_count(c) == kept.size());
  const uint64_t* cell = cells.cells(c);
  for (size_t i = 0; i < kept.size(); ++i, cell += cells.stride()) {
    CAPTURE(i);
    CHECK(EventCells::CellDay(cell) == EventCells::DayOfKey(kept[i].first));
    CHECK(EventCells::CellEvent(cell) == static_cast<uint32_t>(kept[i].first));
    CHECK(EventCells::CellCount(cell) == kept[i].second.count);
    CHECK(EventCells::CellSum(cell, 0) == kept[i].second.sum);
  }
  std::map<uint32_t, int32_t> history(cells.history(c).begin(), cells.history(c).end());
  CHECK(history == retired);
}

}  // namespace

TEST_CASE("EventCells keeps every bucket once, in order, through growth, merges and shrinking") {
  // Customer 0 gets one long in-order run (its list grows past every step and is
  // merged when full); the others get rows mostly in time order with some a few
  // buckets back (sorted insert) and some far back (appended, sorted at the merge).
  // Sums are small integers, so any grouping of the additions is exact.
  std::mt19937 rng(13);
  const uint32_t customers = 40;
  Both both(customers, false);
  EventCells& cells = both.cells;
  const Reference& ref = both.ref;
  for (int32_t day = 0; day < 400; ++day) {
    for (uint32_t e = 0; e < 6; ++e) {
      both.Add(0, day, e, static_cast<double>(day % 7 + e));
    }
  }
  for (int step = 0; step < 20000; ++step) {
    const uint32_t c = 1 + rng() % (customers - 1);
    int32_t day = step / 50;
    const unsigned r = rng() % 100;
    if (r < 10) day -= static_cast<int32_t>(rng() % 5);          // a few buckets back
    else if (r < 12) day -= 20 + static_cast<int32_t>(rng() % 100);  // far back
    const uint32_t event = rng() % 9;
    both.Add(c, day, event, static_cast<double>(rng() % 1000));
  }
  CHECK(cells.appended_out_of_order());
  SUBCASE("kept whole") {
    cells.CompactAll(true);
    for (uint32_t c = 0; c < customers; ++c) CheckCustomer(cells, ref, c, EventCells::kNoRetainLimit);
    // More rows after a merge land in the merged lists.
    for (uint32_t c = 0; c < customers; ++c) {
      both.Add(c, 1000, 3, 5);
      both.Add(c, 2, 3, 5);
    }
    cells.CompactAll(false);
    for (uint32_t c = 0; c < customers; ++c) CheckCustomer(cells, ref, c, EventCells::kNoRetainLimit);
  }
}

TEST_CASE("EventCells pruning drops exactly the buckets before the retain limit and remembers their days") {
  std::mt19937 rng(7);
  const uint32_t customers = 300;
  Both both(customers, true);
  EventCells& cells = both.cells;
  // A moving window of 30 days, swept every 7 as ingest does, with rows in time
  // order and some late ones (before the limit: they must go too).
  int32_t retain = EventCells::kNoRetainLimit;
  for (int32_t day = 0; day < 200; ++day) {
    if (day >= 30) {
      retain = day - 29;
      cells.SetRetainFrom(retain);
      if (day % 7 == 0) cells.DropExpired();
    }
    for (int k = 0; k < 150; ++k) {
      const uint32_t c = rng() % customers;
      int32_t d = day;
      if (rng() % 50 == 0) d -= static_cast<int32_t>(rng() % 40);
      const uint32_t event = rng() % 5;
      both.Add(c, d, event, static_cast<double>(rng() % 100));
    }
  }
  cells.CompactAll(true);
  for (uint32_t c = 0; c < customers; ++c) CheckCustomer(cells, both.ref, c, retain);
}

TEST_CASE("EventCells adds a bucket's values in row order when rows arrive in order") {
  // Fractions round differently when grouped: in time order nothing is split, so
  // each bucket's sum must be the row-by-row sum exactly.
  Both both(1, false);
  for (int32_t day = 0; day < 120; ++day)
    for (int k = 0; k < 5; ++k) both.Add(0, day, static_cast<uint32_t>(k % 3), 0.1 * (k + 1) + 1e-3 * day);
  CHECK_FALSE(both.cells.appended_out_of_order());
  both.cells.CompactAll(true);
  CheckCustomer(both.cells, both.ref, 0, EventCells::kNoRetainLimit);
}

TEST_CASE("EventCells keeps a busy day in order: many event types a day, in any order of their ids") {
  // A log in time order brings one day's events in any order of their ids: a customer
  // with 40 event types that day has up to 39 buckets after the row's place. Still no
  // bucket split (each sum the row-by-row sum, fractions included), so --threads can
  // merge parts; only walking back over more than kSameDayWalk of them gives up.
  std::mt19937 rng(21);
  Both both(2, false);
  for (int32_t day = 0; day < 60; ++day)
    for (int k = 0; k < 400; ++k)
      both.Add(static_cast<uint32_t>(k % 2), day, rng() % 40, 0.1 * (rng() % 7) + 1e-3 * day);
  CHECK_FALSE(both.cells.appended_out_of_order());
  both.cells.CompactAll(true);
  for (uint32_t c = 0; c < 2; ++c) CheckCustomer(both.cells, both.ref, c, EventCells::kNoRetainLimit);

  Both wide(1, false);  // more event types in a day than the walk allows
  for (uint32_t e = EventCells::kSameDayWalk + 2; e-- > 0;) wide.Add(0, 5, e, 1);
  CHECK(wide.cells.appended_out_of_order());
  wide.cells.CompactAll(true);
  CheckCustomer(wide.cells, wide.ref, 0, EventCells::kNoRetainLimit);
}

TEST_CASE("EventCells absorbing a later part: its events renumbered, every bucket once in key order") {
  // The later part numbered events in its own order of first sight: here the reverse
  // of this side's. Customers this side holds nothing for take the later list over
  // (renumbered where it is, several events a day); the others merge both lists.
  std::mt19937 rng(5);
  const uint32_t customers = 60, events = 7;
  std::vector<uint32_t> event_map(events);
  for (uint32_t e = 0; e < events; ++e) event_map[e] = events - 1 - e;
  const std::vector<uint32_t> no_values;
  Both earlier(customers, false), later(customers, false);
  Reference merged;
  merged.buckets.resize(customers);
  for (uint32_t c = 0; c < customers; c += 2) {  // every other customer has earlier rows
    for (int k = 0; k < 30; ++k) {
      const int32_t day = static_cast<int32_t>(rng() % 40);
      const uint32_t e = rng() % events;
      earlier.Add(c, day, e, 1 + rng() % 9);
    }
  }
  for (uint32_t c = 0; c < customers; ++c) {
    for (int32_t day = 30; day < 70; ++day)
      for (uint32_t e = 0; e < events; ++e)
        if (rng() % 3 == 0) later.Add(c, day, e, 1 + rng() % 9);
  }
  for (uint32_t c = 0; c < customers; ++c) {
    for (const auto& kv : earlier.ref.buckets[c]) merged.buckets[c][kv.first] = kv.second;
    for (const auto& kv : later.ref.buckets[c]) {
      Expected& e = merged.buckets[c][EventCells::Key(EventCells::DayOfKey(kv.first), event_map[static_cast<uint32_t>(kv.first)])];
      e.count += kv.second.count;
      e.sum += kv.second.sum;  // small integers: exact in any order
    }
  }
  bool inexact = false;
  for (uint32_t c = 0; c < customers; ++c)
    earlier.cells.AbsorbCustomer(c, later.cells, c, event_map, no_values, /*exact_sums=*/true, &inexact);
  CHECK_FALSE(inexact);
  earlier.cells.CompactAll(false);
  for (uint32_t c = 0; c < customers; ++c) {
    CheckCustomer(earlier.cells, merged, c, EventCells::kNoRetainLimit);
    CHECK(later.cells.cell_count(c) == 0);  // given back as merged
  }
}
