// Measures per customer and activity (spec v1 section 3, v2 1.2): one pass over each
// customer's (day, event) buckets for the events shape; the merged row values, with
// the missing-value policy, for the customers shape.
#include "engine/score/measures.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/base/exact_sum.h"

namespace ces {

namespace {

// An activity ready to be measured: which event ids it counts, its column slot and
// its decay factors by age in whole days.
struct PreparedActivity {
  Measure measure = Measure::kCount;
  bool all_events = true;
  std::vector<uint8_t> match;   // by event id
  int slot = -1;
  std::vector<double> decay;    // by age; empty without half_life_days
};

PreparedActivity Prepare(const Dataset& data, const ScoreModel& model, const Activity& a) {
  PreparedActivity p;
  p.measure = a.measure;
  p.slot = a.measure == Measure::kDistinctValues ? TextSlot(data.plan, a) : NumericSlot(data.plan, a);
  if (model.data.shape != Shape::kEvents) return p;
  p.all_events = a.events.empty();
  if (!p.all_events) {
    p.match.assign(data.events.size() + 1, 0);
    for (const std::string& name : a.events) {
      uint32_t id = data.event_id(name);
      if (id != Dataset::kOtherEvent) p.match[id] = 1;
    }
  }
  if (a.half_life_days) {
    p.decay.resize(static_cast<size_t>(model.window.days));
    for (size_t age = 0; age < p.decay.size(); ++age)
      p.decay[age] = std::pow(0.5, static_cast<double>(age) / *a.half_life_days);
  }
  return p;
}

// Measures every prepared activity of one customer in one pass over its buckets
// (sorted by day, then event). Window measures look only at the buckets in the
// window, found by walking back from the newest; days_since_last scans back from as_of until it
// meets a matching bucket.
class CustomerMeasurer {
 public:
  CustomerMeasurer(const Dataset& data, const std::vector<PreparedActivity>& acts, int32_t as_of, int days)
      : data_(data), acts_(acts), as_of_(as_of), days_(days) {
    by_event_.assign(data.events.size() + 1, {});
    for (size_t k = 0; k < acts.size(); ++k) {
      const PreparedActivity& p = acts[k];
      if (p.measure == Measure::kDistinctValues) continue;
      if (p.measure == Measure::kDaysSinceLast) {
        recency_.push_back(k);
        continue;
      }
      window_.push_back(k);
      if (p.all_events) {
        all_events_.push_back(static_cast<uint32_t>(k));
        continue;
      }
      for (uint32_t e = 0; e < by_event_.size(); ++e)
        if (p.match[e]) by_event_[e].push_back(static_cast<uint32_t>(k));
    }
    acc_.resize(acts.size());
    last_.resize(acts.size());
  }

  // out[k] = the measure of acts[k] for customer c.
  void Measure(uint32_t c, double* out, std::vector<uint32_t>& scratch) {
    const EventCells& cells = data_.cells;
    const size_t n = cells.cell_count(c), stride = static_cast<size_t>(cells.stride());
    const uint64_t* base = cells.cells(c);
    auto day_at = [&](size_t i) { return static_cast<int64_t>(EventCells::CellDay(base + i * stride)); };
    // Buckets [lo, hi) are in the window. Found by walking back from the newest
    // bucket: the window is usually at the end, and a backward walk streams through
    // memory where a binary search would wait on one cache miss after another.
    size_t hi = n;
    while (hi > 0 && day_at(hi - 1) > as_of_) --hi;
    const int64_t first_day = static_cast<int64_t>(as_of_) - days_ + 1;
    size_t lo = hi;
    while (lo > 0 && day_at(lo - 1) >= first_day) --lo;
    for (size_t k : window_) {
      acc_[k] = 0;
      last_[k] = INT64_MIN;
    }
    for (size_t i = lo; i < hi; ++i) {
      const uint64_t* cell = base + i * stride;
      const int32_t day = EventCells::CellDay(cell);
      const size_t age = static_cast<size_t>(as_of_ - day);
      auto visit = [&](uint32_t k) {
        const PreparedActivity& p = acts_[k];
        if (p.measure == Measure::kDistinctDays) {
          if (day != last_[k]) {
            last_[k] = day;
            ++acc_[k];
          }
          return;
        }
        double v = p.measure == Measure::kCount ? static_cast<double>(EventCells::CellCount(cell))
                                                : EventCells::CellSum(cell, p.slot);
        if (!p.decay.empty()) v *= p.decay[age];
        acc_[k] += v;
      };
      for (uint32_t k : all_events_) visit(k);
      for (uint32_t k : by_event_[EventCells::CellEvent(cell)]) visit(k);
    }
    for (size_t k : window_) out[k] = acc_[k];
    for (size_t k : recency_) {  // the latest matching day not after as_of, in or out of the window
      const PreparedActivity& p = acts_[k];
      int64_t best = INT64_MIN;
      for (size_t i = hi; i-- > 0;) {
        const uint64_t* cell = base + i * stride;
        if (p.all_events || p.match[EventCells::CellEvent(cell)]) {
          best = EventCells::CellDay(cell);
          break;
        }
      }
      for (const auto& h : cells.history(c))
        if (h.second <= as_of_ && h.second > best && (p.all_events || p.match[h.first])) best = h.second;
      out[k] = best == INT64_MIN ? static_cast<double>(days_) : static_cast<double>(as_of_ - best);
    }
    for (size_t k = 0; k < acts_.size(); ++k) {
      const PreparedActivity& p = acts_[k];
      if (p.measure != Measure::kDistinctValues) continue;
      scratch.clear();
      for (const EventCells::Distinct& d : cells.distinct(c)) {
        if (d.slot != static_cast<uint32_t>(p.slot)) continue;
        const int64_t age = static_cast<int64_t>(as_of_) - EventCells::DayOfKey(d.key);
        if (age < 0 || age >= days_ || !(p.all_events || p.match[static_cast<uint32_t>(d.key)])) continue;
        scratch.push_back(d.value);
      }
      std::sort(scratch.begin(), scratch.end());
      out[k] = static_cast<double>(std::unique(scratch.begin(), scratch.end()) - scratch.begin());
    }
  }

 private:
  const Dataset& data_;
  const std::vector<PreparedActivity>& acts_;
  int32_t as_of_;
  int days_;
  std::vector<std::vector<uint32_t>> by_event_;  // event id -> the filtered activities that count it
  std::vector<uint32_t> all_events_;             // window activities without a filter
  std::vector<size_t> window_, recency_;         // window measures; days_since_last
  std::vector<double> acc_;
  std::vector<int64_t> last_;
};

}  // namespace

void ComputeMeasures(const Dataset& data, const ScoreModel& model, const std::vector<size_t>& which, ScoreTable* t) {
  ComputeMeasuresOf(data, model, which, 0, static_cast<uint32_t>(t->customers), t);
}

void ComputeMeasuresOf(const Dataset& data, const ScoreModel& model, const std::vector<size_t>& which, uint32_t from,
                       uint32_t to, ScoreTable* t) {
  if (which.empty() || from >= to) return;
  std::vector<PreparedActivity> prepared;
  for (size_t a : which) prepared.push_back(Prepare(data, model, model.activities[a]));
  const size_t A = t->activities;
  if (model.data.shape == Shape::kCustomers) {  // one pass over every customer (the mean needs them all)
    if (from > 0) return;
    t->RowsUpTo(t->customers);
    const size_t k = data.plan.numeric.size();
    for (size_t i = 0; i < which.size(); ++i) {
      const size_t slot = static_cast<size_t>(prepared[i].slot);
      const Missing missing = model.activities[which[i]].missing;
      // v2 1.2: a customer whose every cell was empty has no value; `mean` fills in the
      // mean of the others' values (their exact sum over their number, before cap and transform).
      double fill = 0;
      if (missing == Missing::kMean) {
        ExactSum sum;
        size_t n = 0;
        for (uint32_t c = 0; c < t->customers; ++c)
          if (data.profile_filled[c * k + slot]) {
            sum.Add(data.profile[c * k + slot]);
            ++n;
          }
        fill = n ? sum.Value() / static_cast<double>(n) : 0.0;
      } else if (missing == Missing::kSkip) {
        fill = std::numeric_limits<double>::quiet_NaN();
      }
      for (uint32_t c = 0; c < t->customers; ++c)
        t->MeasureRows()[c * A + which[i]] = data.profile_filled[c * k + slot] ? data.profile[c * k + slot] : fill;
    }
    return;
  }
  t->RowsUpTo(to);
  std::vector<double>& rows = t->MeasureRows();
  CustomerMeasurer measurer(data, prepared, t->as_of.value_or(0), model.window.days);
  std::vector<double> out(which.size());
  std::vector<uint32_t> scratch;
  for (uint32_t c = from; c < to; ++c) {
    // Each customer's buckets sit at a random address: asking for them a few customers
    // ahead (the list header further ahead, since the buckets' address is in it)
    // overlaps the cache misses. Against the latest bucket of the next customer alone:
    // 1M customers 117-166 -> 56-91 ms, 100k 46-67 -> 38-53 ms (alternating runs).
    if (c + 32 < to) data.cells.PrefetchHeader(c + 32);
    if (c + 8 < to) data.cells.PrefetchNewest(c + 8, 1024);
    measurer.Measure(c, out.data(), scratch);
    for (size_t i = 0; i < which.size(); ++i) rows[c * A + which[i]] = out[i];
  }
}

}  // namespace ces
