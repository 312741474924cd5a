#include "event_cells.h"

#include <algorithm>
#include <cstring>

#include "value_parse.h"

namespace ces {

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

double EventCells::CellSum(const uint64_t* cell, int slot) { return BitsDouble(cell[2 + slot]); }

void EventCells::Configure(int sum_slots, bool keep_history) {
  sum_slots_ = sum_slots;
  stride_ = 2 + sum_slots;
  keep_history_ = keep_history;
  customers_.clear();
}

void EventCells::Add(uint32_t customer, int32_t day, uint32_t event, const double* sums) {
  Customer& c = customers_[customer];
  std::vector<uint64_t>& w = c.words;
  const uint64_t key = Key(day, event);
  const size_t stride = static_cast<size_t>(stride_);
  const size_t n = w.size() / stride;
  // Rows of one customer usually arrive in time order: look at the last few buckets.
  for (size_t j = n, seen = 0; j > 0 && seen < 8; --j, ++seen) {
    uint64_t* cell = &w[(j - 1) * stride];
    if (cell[0] == key) {
      ++cell[1];
      for (int s = 0; s < sum_slots_; ++s) cell[2 + s] = DoubleBits(BitsDouble(cell[2 + s]) + sums[s]);
      return;
    }
  }
  if (w.size() + stride > w.capacity() && n >= 32) {
    Compact(c);  // merge before growing; often frees room
    if (w.size() * 2 > w.capacity()) w.reserve(w.capacity() * 2);  // still over half full: grow
  }
  w.push_back(key);
  w.push_back(1);
  for (int s = 0; s < sum_slots_; ++s) w.push_back(DoubleBits(sums[s]));
}

void EventCells::AddDistinct(uint32_t customer, int32_t day, uint32_t event, uint32_t slot, uint32_t value) {
  Customer& c = customers_[customer];
  const uint64_t key = Key(day, event);
  if (!c.distinct.empty()) {
    const Distinct& last = c.distinct.back();
    if (last.key == key && last.slot == slot && last.value == value) return;
  }
  if (c.distinct.size() == c.distinct.capacity() && c.distinct.size() >= 32) {
    CompactDistinct(c);
    if (c.distinct.size() * 2 > c.distinct.capacity()) c.distinct.reserve(c.distinct.capacity() * 2);
  }
  c.distinct.push_back({key, slot, value});
}

void EventCells::Retire(Customer& c, uint32_t event, int32_t day) {
  if (!keep_history_) return;
  for (auto& h : c.history) {
    if (h.first == event) {
      h.second = std::max(h.second, day);
      return;
    }
  }
  c.history.emplace_back(event, day);
}

void EventCells::Compact(Customer& c) {
  std::vector<uint64_t>& w = c.words;
  const size_t stride = static_cast<size_t>(stride_);
  const size_t n = w.size() / stride;
  order_.resize(n);
  for (size_t i = 0; i < n; ++i) order_[i] = static_cast<uint32_t>(i);
  std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) { return w[a * stride] < w[b * stride]; });
  scratch_.clear();
  const uint64_t retain_key = retain_from_ == kNoRetainLimit ? 0 : Key(retain_from_, 0);
  for (size_t k = 0; k < n; ++k) {
    const uint64_t* cell = &w[order_[k] * stride];
    if (cell[0] < retain_key) {  // before any window this model can use
      Retire(c, CellEvent(cell), CellDay(cell));
      continue;
    }
    size_t out = scratch_.size();
    if (out >= stride && scratch_[out - stride] == cell[0]) {
      uint64_t* prev = &scratch_[out - stride];
      prev[1] += cell[1];
      for (int s = 0; s < sum_slots_; ++s) prev[2 + s] = DoubleBits(BitsDouble(prev[2 + s]) + BitsDouble(cell[2 + s]));
    } else {
      scratch_.insert(scratch_.end(), cell, cell + stride);
    }
  }
  w.assign(scratch_.begin(), scratch_.end());
}

void EventCells::CompactDistinct(Customer& c) {
  auto less = [](const Distinct& a, const Distinct& b) {
    if (a.key != b.key) return a.key < b.key;
    if (a.slot != b.slot) return a.slot < b.slot;
    return a.value < b.value;
  };
  auto same = [](const Distinct& a, const Distinct& b) { return a.key == b.key && a.slot == b.slot && a.value == b.value; };
  std::sort(c.distinct.begin(), c.distinct.end(), less);
  c.distinct.erase(std::unique(c.distinct.begin(), c.distinct.end(), same), c.distinct.end());
  if (retain_from_ != kNoRetainLimit) {
    const uint64_t retain_key = Key(retain_from_, 0);
    c.distinct.erase(std::remove_if(c.distinct.begin(), c.distinct.end(),
                                    [&](const Distinct& d) { return d.key < retain_key; }),
                     c.distinct.end());
  }
}

void EventCells::ResolvePendingDays(bool day_first) {
  auto resolve = [&](uint64_t key) {
    int32_t day = static_cast<int32_t>(static_cast<uint32_t>(key >> 32) ^ 0x80000000u);
    if (day < kPendingDay) return key;
    int code = day - kPendingDay;  // year * 10000 + first * 100 + second
    int32_t resolved = 0;
    SlashDateDay(code / 100 % 100, code % 100, code / 10000, day_first, &resolved);
    return Key(resolved, static_cast<uint32_t>(key));
  };
  const size_t stride = static_cast<size_t>(stride_);
  for (Customer& c : customers_) {
    for (size_t i = 0; i < c.words.size(); i += stride) c.words[i] = resolve(c.words[i]);
    for (Distinct& d : c.distinct) d.key = resolve(d.key);
  }
}

void EventCells::CompactAll(bool release_spare_memory) {
  for (Customer& c : customers_) {
    Compact(c);
    if (!c.distinct.empty()) CompactDistinct(c);
    if (release_spare_memory) {
      c.words.shrink_to_fit();
      c.distinct.shrink_to_fit();
    }
  }
  std::vector<uint32_t>().swap(order_);
  std::vector<uint64_t>().swap(scratch_);
}

size_t EventCells::MemoryBytes() const {
  size_t total = customers_.capacity() * sizeof(Customer);
  for (const Customer& c : customers_)
    total += c.words.capacity() * 8 + c.distinct.capacity() * sizeof(Distinct) + c.history.capacity() * 8;
  return total;
}

}  // namespace ces
