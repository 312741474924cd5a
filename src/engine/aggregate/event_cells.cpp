#include "engine/aggregate/event_cells.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "engine/csv/value_parse.h"

namespace ces {

const std::vector<EventCells::Distinct> EventCells::kNoDistinct;
const std::vector<std::pair<uint32_t, int32_t>> EventCells::kNoHistory;

namespace {
uint64_t DoubleBits(double v) {
  uint64_t b;
  std::memcpy(&b, &v, 8);
  return b;
}
double BitsDouble(uint64_t b) {
  double v;
  std::memcpy(&v, &b, 8);
  return v;
}
}  // namespace

EventCells::~EventCells() {
  for (CellList& l : lists_) std::free(l.data);
}

double EventCells::CellSum(const uint64_t* cell, int slot) { return BitsDouble(cell[2 + slot]); }

void EventCells::Configure(int sum_slots, bool keep_history) {
  for (CellList& l : lists_) std::free(l.data);
  lists_.clear();
  distinct_.clear();
  history_.clear();
  sum_slots_ = sum_slots;
  stride_ = 2 + sum_slots;
  keep_history_ = keep_history;
}

void EventCells::RescaleSums(int slot, int from, int to) {
  double factor = 1;
  for (int k = std::min(from, to); k < std::max(from, to); ++k) factor *= 10;  // exact: at most 10^6
  const size_t stride = static_cast<size_t>(stride_);
  for (CellList& l : lists_) {
    if (l.size == 0) continue;  // no buffer, maybe
    uint64_t* word = l.data + 2 + slot;
    for (uint32_t i = 0; i < l.size; ++i, word += stride)
      *word = DoubleBits(to > from ? BitsDouble(*word) * factor : BitsDouble(*word) / factor);
  }
}

void EventCells::AddCustomer() {
  lists_.emplace_back();
  if (keep_history_) history_.emplace_back();
}

void EventCells::Reserve(CellList& l, uint32_t capacity) {
  // Growing: a new block, the buckets copied, the old one freed. realloc would first try
  // to grow in place, reading the next chunk's header (a cache miss per call, and with
  // ~5 growths per customer ~9% of a one-thread run on the bench file) and it takes its
  // new block past glibc's per-thread cache. Shrinking stays with realloc: in place,
  // without a copy.
  const size_t word_bytes = static_cast<size_t>(stride_) * 8;
  const bool growing = capacity > l.capacity || !l.data;
  void* moved = growing ? std::malloc(static_cast<size_t>(capacity) * word_bytes)
                        : std::realloc(l.data, static_cast<size_t>(capacity) * word_bytes);
  if (!moved) throw std::bad_alloc();  // caught where the engine meets its caller
  if (growing && l.data) {
    std::memcpy(moved, l.data, static_cast<size_t>(l.size) * word_bytes);
    std::free(l.data);
  }
  l.data = static_cast<uint64_t*>(moved);
  l.capacity = capacity & 0x7FFFFFFFu;  // 31 bits: a list never holds 2^31 buckets (memory runs out first)
}

void EventCells::Add(uint32_t customer, int32_t day, uint32_t event, const double* sums) {
  CellList& l = lists_[customer];
  const uint64_t key = Key(day, event);
  const size_t stride = static_cast<size_t>(stride_);
  // Rows of one customer usually arrive in time order, so the bucket is at the end or
  // a few places before it: walk back over the buckets with a larger key -- any number
  // of the row's own day (up to kSameDayWalk), a few of later days. A log in time
  // order brings a day's events in any order of their ids, so a customer busy with many
  // event types that day has that many buckets after the row's place; counted against
  // the 8, a log with 32 event types appended rows far out of order (buckets split in
  // two, whose fractional sums then kept `ces score --threads` to one part).
  const uint64_t next_day = (key | 0xFFFFFFFFull) + 1;  // Key(day + 1, 0)
  size_t j = l.size;
  uint32_t later_days = 0, same_day = 0;
  bool gave_up = false;
  for (; j > 0; --j) {
    const uint64_t k = l.data[(j - 1) * stride];
    if (k <= key) break;
    if (k >= next_day ? ++later_days > kLaterDaysWalk : ++same_day > kSameDayWalk) {
      gave_up = true;
      break;
    }
  }
  if (j > 0 && l.data[(j - 1) * stride] == key) {
    uint64_t* cell = l.data + (j - 1) * stride;
    ++cell[1];
    for (int s = 0; s < sum_slots_; ++s) cell[2 + s] = DoubleBits(BitsDouble(cell[2 + s]) + sums[s]);
    return;
  }
  if (l.size == l.capacity) {
    // Full: merge repeated buckets (and, when pruning, drop old ones) before growing.
    // Grow only when that freed less than a quarter; give memory back when it freed
    // most. Keeps the slack under ~2x at every moment, which bounds peak memory.
    // Growing by an eighth, not a half: the buckets are most of the page's memory and
    // are all still held while the scores, trends and table are built on top of them
    // (the page's renderer peak on the 10M-row bench file 423 -> 393 MB, with the points
    // layer gone too; BENCHMARKS.md). Each list is copied ~8 times its final size, not
    // ~2: not seen in the time of `ces score` or of the page (alternating runs).
    if (l.size >= 16) Compact(customer);
    if (l.capacity == 0) Reserve(l, 4);
    else if (l.size * 4 > l.capacity * 3) Reserve(l, l.capacity + std::max<uint32_t>(l.capacity / 8, 2));
    else if (l.size * 4 < l.capacity && l.capacity > 64) Reserve(l, std::max<uint32_t>(l.size * 2, 64));
    Add(customer, day, event, sums);  // positions may have moved
    return;
  }
  if (gave_up) {  // far out of order: append, sort at the next merge
    j = l.size;
    l.unsorted = 1;
    appended_out_of_order_ = true;
  }
  uint64_t* cell = l.data + j * stride;
  if (j < l.size) std::memmove(cell + stride, cell, (l.size - j) * stride * 8);  // keep the order
  cell[0] = key;
  cell[1] = 1;
  for (int s = 0; s < sum_slots_; ++s) cell[2 + s] = DoubleBits(sums[s]);
  ++l.size;
}

void EventCells::AddDistinct(uint32_t customer, int32_t day, uint32_t event, uint32_t slot, uint32_t value) {
  if (distinct_.size() <= customer) distinct_.resize(lists_.size());
  std::vector<Distinct>& d = distinct_[customer];
  const uint64_t key = Key(day, event);
  if (!d.empty() && d.back().key == key && d.back().slot == slot && d.back().value == value) return;
  if (d.size() == d.capacity() && d.size() >= 32) {
    CompactDistinct(d);
    if (d.size() * 2 > d.capacity()) d.reserve(d.capacity() * 2);
  }
  d.push_back({key, slot, value});
}

void EventCells::Retire(uint32_t c, uint32_t event, int32_t day) {
  if (!keep_history_) return;
  for (auto& h : history_[c]) {
    if (h.first == event) {
      h.second = std::max(h.second, day);
      return;
    }
  }
  history_[c].emplace_back(event, day);
}

void EventCells::Compact(uint32_t c) {
  CellList& l = lists_[c];
  const size_t stride = static_cast<size_t>(stride_);
  const uint64_t retain_key = retain_from_ == kNoRetainLimit ? 0 : Key(retain_from_, 0);
  if (!l.unsorted) {  // sorted and without repeats: only old buckets can go
    size_t drop = 0;
    while (drop < l.size && l.data[drop * stride] < retain_key) {
      Retire(c, CellEvent(l.data + drop * stride), CellDay(l.data + drop * stride));
      ++drop;
    }
    if (drop) {
      std::memmove(l.data, l.data + drop * stride, (l.size - drop) * stride * 8);
      l.size -= static_cast<uint32_t>(drop);
    }
    return;
  }
  const uint64_t* w = l.data;
  order_.resize(l.size);
  for (uint32_t i = 0; i < l.size; ++i) order_[i] = i;
  std::sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
    return w[a * stride] != w[b * stride] ? w[a * stride] < w[b * stride] : a < b;  // stable: sums add in row order
  });
  scratch_.clear();
  for (uint32_t i : order_) {
    const uint64_t* cell = w + i * stride;
    if (cell[0] < retain_key) {  // before any window this model can use
      Retire(c, CellEvent(cell), CellDay(cell));
      continue;
    }
    const size_t out = scratch_.size();
    if (out >= stride && scratch_[out - stride] == cell[0]) {
      uint64_t* prev = &scratch_[out - stride];
      prev[1] += cell[1];
      for (int s = 0; s < sum_slots_; ++s) prev[2 + s] = DoubleBits(BitsDouble(prev[2 + s]) + BitsDouble(cell[2 + s]));
    } else {
      scratch_.insert(scratch_.end(), cell, cell + stride);
    }
  }
  if (!scratch_.empty()) std::memcpy(l.data, scratch_.data(), scratch_.size() * 8);
  l.size = static_cast<uint32_t>(scratch_.size() / stride);
  l.unsorted = 0;
}

void EventCells::DropExpired() {
  if (retain_from_ == kNoRetainLimit) return;
  const uint64_t retain_key = Key(retain_from_, 0);
  const uint32_t n = static_cast<uint32_t>(lists_.size());
  for (uint32_t c = 0; c < n; ++c) {
    if (c + kSweepAhead < n) PrefetchFront(c + kSweepAhead);
    CellList& l = lists_[c];
    if (l.size == 0 || l.data[0] >= retain_key) continue;  // the first bucket is the oldest merged one
    Compact(c);
    if (l.size * 4 < l.capacity) Reserve(l, std::max<uint32_t>(l.size + l.size / 2, 4));
  }
  for (auto& d : distinct_)
    if (!d.empty() && d.front().key < retain_key) CompactDistinct(d);
}

void EventCells::CompactDistinct(std::vector<Distinct>& d) {
  auto less = [](const Distinct& a, const Distinct& b) {
    if (a.key != b.key) return a.key < b.key;
    if (a.slot != b.slot) return a.slot < b.slot;
    return a.value < b.value;
  };
  auto same = [](const Distinct& a, const Distinct& b) { return a.key == b.key && a.slot == b.slot && a.value == b.value; };
  std::sort(d.begin(), d.end(), less);
  d.erase(std::unique(d.begin(), d.end(), same), d.end());
  if (retain_from_ != kNoRetainLimit) {
    const uint64_t retain_key = Key(retain_from_, 0);
    d.erase(std::remove_if(d.begin(), d.end(), [&](const Distinct& x) { return x.key < retain_key; }), d.end());
  }
}

void EventCells::ResolvePendingDays(bool day_first) {
  auto resolve = [&](uint64_t key) {
    const int32_t day = DayOfKey(key);
    if (day < kPendingDay) return key;
    const int code = day - kPendingDay;  // year * 10000 + first * 100 + second
    int32_t resolved = 0;
    SlashDateDay(code / 100 % 100, code % 100, code / 10000, day_first, &resolved);
    return Key(resolved, static_cast<uint32_t>(key));
  };
  const size_t stride = static_cast<size_t>(stride_);
  for (CellList& l : lists_) {
    for (size_t i = 0; i < l.size; ++i) {
      const uint64_t k = resolve(l.data[i * stride]);
      if (k != l.data[i * stride]) l.unsorted = 1;  // pending keys sorted after every day
      l.data[i * stride] = k;
    }
  }
  for (auto& d : distinct_)
    for (Distinct& x : d) x.key = resolve(x.key);
}

void EventCells::CompactAll(bool release_spare_memory) {
  const uint32_t n = static_cast<uint32_t>(lists_.size());
  for (uint32_t c = 0; c < n; ++c) {
    if (c + kSweepAhead < n) PrefetchFront(c + kSweepAhead);
    Compact(c);
    // Give back only real slack: a realloc per customer costs more than it saves.
    const CellList& l = lists_[c];
    if (release_spare_memory && l.size && l.capacity - l.size >= 8 && l.capacity * 2 > l.size * 3)
      Reserve(lists_[c], l.size);
  }
  for (auto& d : distinct_) {
    if (d.empty()) continue;
    CompactDistinct(d);
    if (release_spare_memory) d.shrink_to_fit();
  }
  std::vector<uint32_t>().swap(order_);
  std::vector<uint64_t>().swap(scratch_);
}

void EventCells::AbsorbCustomer(uint32_t c, EventCells& from, uint32_t from_c, const std::vector<uint32_t>& event_map,
                                const std::vector<uint32_t>& value_map, bool exact_sums, bool* inexact) {
  const size_t stride = static_cast<size_t>(stride_);
  // Both lists merged (unique keys), the later one re-keyed with this side's event ids.
  Compact(c);
  from.Compact(from_c);
  const CellList& f = from.lists_[from_c];
  CellList& l = lists_[c];
  CellList& taken = from.lists_[from_c];
  if (l.size == 0) {
    // Nothing here yet (a log in time order: the earlier part dropped this customer's
    // old buckets): the later list, sorted and unique after its Compact, is the merged
    // list once in this side's event ids; take it over. Each part numbers events by its
    // own first sight, so the ids differ for most customers (9 in 10 on the bench
    // file): re-keyed where they are, not through MergeLater's copies and sort.
    RekeyInPlace(taken, event_map);
    SwapRoom(l, taken);
    l.size = taken.size;
    l.unsorted = 0;
  } else {
    std::vector<uint64_t>& later = rekeyed_;
    later.assign(f.data, f.data + static_cast<size_t>(f.size) * stride);
    for (size_t i = 0; i < f.size; ++i)
      later[i * stride] = Key(DayOfKey(later[i * stride]), event_map[static_cast<uint32_t>(later[i * stride])]);
    MergeLater(l, later, exact_sums, inexact);
    const auto cells = static_cast<uint32_t>(scratch_.size() / stride);
    if (cells > l.capacity && taken.capacity >= cells) {
      // The later part's list has the room: take it over rather than allocate again (its
      // part read most of these buckets; the old list is given back below with the rest).
      SwapRoom(l, taken);
    } else if (cells > l.capacity) {
      Reserve(l, cells);
    }
    if (!scratch_.empty()) std::memcpy(l.data, scratch_.data(), scratch_.size() * 8);
    l.size = cells;
    l.unsorted = 0;
  }
  if (keep_history_)
    for (const auto& h : from.history(from_c)) Retire(c, event_map[h.first], h.second);
  if (from_c < from.distinct_.size() && !from.distinct_[from_c].empty()) {
    if (distinct_.size() <= c) distinct_.resize(lists_.size());
    for (const Distinct& x : from.distinct_[from_c])
      distinct_[c].push_back({Key(DayOfKey(x.key), event_map[static_cast<uint32_t>(x.key)]), x.slot, value_map[x.value]});
  }
  // The later part's buckets are given back as soon as they are merged, so both parts'
  // buckets never exist twice at once (the peak memory of `ces score --threads`).
  std::free(taken.data);
  taken = CellList();
  if (from_c < from.distinct_.size()) std::vector<Distinct>().swap(from.distinct_[from_c]);
  if (from_c < from.history_.size()) decltype(from.history_)::value_type().swap(from.history_[from_c]);
}

// New event ids keep the days and stay unique (distinct names get distinct ids), so
// only buckets of one day can come out of order: an insertion sort, which moves each
// bucket back past the few of its day, restores key order.
void EventCells::RekeyInPlace(CellList& l, const std::vector<uint32_t>& event_map) {
  const size_t stride = static_cast<size_t>(stride_);
  scratch_.resize(stride);
  for (size_t i = 0; i < l.size; ++i) {
    uint64_t* cell = l.data + i * stride;
    cell[0] = Key(DayOfKey(cell[0]), event_map[static_cast<uint32_t>(cell[0])]);
    size_t j = i;
    while (j > 0 && l.data[(j - 1) * stride] > cell[0]) --j;
    if (j == i) continue;
    std::memcpy(scratch_.data(), cell, stride * 8);
    std::memmove(l.data + (j + 1) * stride, l.data + j * stride, (i - j) * stride * 8);
    std::memcpy(l.data + j * stride, scratch_.data(), stride * 8);
  }
}

void EventCells::SwapRoom(CellList& a, CellList& b) {
  std::swap(a.data, b.data);
  const uint32_t room = a.capacity;
  a.capacity = b.capacity;
  b.capacity = room & 0x7fffffffu;  // a capacity read from this 31-bit field
}

// Into scratch_: the buckets of `l` and of `later` (re-keyed, one list of unique keys),
// in key order; a bucket both hold adds up.
void EventCells::MergeLater(const CellList& l, const std::vector<uint64_t>& later, bool exact_sums, bool* inexact) {
  const size_t stride = static_cast<size_t>(stride_);
  const auto n = static_cast<uint32_t>(later.size() / stride);
  order_.resize(n);
  for (uint32_t i = 0; i < n; ++i) order_[i] = i;
  std::sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) { return later[a * stride] < later[b * stride]; });
  scratch_.clear();
  size_t i = 0;
  for (uint32_t k : order_) {
    const uint64_t* cell = &later[k * stride];
    while (i < l.size && l.data[i * stride] < cell[0]) {
      scratch_.insert(scratch_.end(), l.data + i * stride, l.data + (i + 1) * stride);
      ++i;
    }
    if (i < l.size && l.data[i * stride] == cell[0]) {  // a bucket both parts hold: the sums add up
      const uint64_t* mine = l.data + i * stride;
      const size_t out = scratch_.size();
      scratch_.insert(scratch_.end(), mine, mine + stride);
      scratch_[out + 1] += cell[1];
      for (int s = 0; s < sum_slots_; ++s) {
        const double a = BitsDouble(mine[2 + s]), b = BitsDouble(cell[2 + s]);
        // Row by row, the later part's values would have been added to `a` one at a
        // time: a + b rounds the same only when every number is an integer.
        if (!exact_sums) *inexact = true;
        scratch_[out + 2 + s] = DoubleBits(a + b);
      }
      ++i;
    } else {
      scratch_.insert(scratch_.end(), cell, cell + stride);
    }
  }
  scratch_.insert(scratch_.end(), l.data + i * stride, l.data + l.size * stride);
}

size_t EventCells::MemoryBytes() const {
  size_t total = lists_.capacity() * sizeof(CellList) + distinct_.capacity() * sizeof(distinct_[0]) +
                 history_.capacity() * sizeof(history_[0]);
  for (const CellList& l : lists_) total += static_cast<size_t>(l.capacity) * static_cast<size_t>(stride_) * 8;
  for (const auto& d : distinct_) total += d.capacity() * sizeof(Distinct);
  for (const auto& h : history_) total += h.capacity() * 8;
  return total;
}

}  // namespace ces
