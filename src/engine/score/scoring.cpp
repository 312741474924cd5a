#include "engine/score/scoring.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "engine/base/number_format.h"

namespace ces {

std::optional<int32_t> EffectiveAsOf(const Dataset& data, const ScoreModel& model) {
  if (model.data.shape != Shape::kEvents) return std::nullopt;
  return model.window.as_of ? model.window.as_of : data.max_day;
}

namespace {

// [SECTION] Measures

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
// window, found by binary search; days_since_last scans back from as_of until it
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

void ComputeMeasures(const Dataset& data, const ScoreModel& model, const std::vector<size_t>& which, ScoreTable* t) {
  if (which.empty()) return;
  std::vector<PreparedActivity> prepared;
  for (size_t a : which) prepared.push_back(Prepare(data, model, model.activities[a]));
  const size_t A = t->activities;
  if (model.data.shape == Shape::kCustomers) {
    const size_t k = data.plan.numeric.size();
    for (uint32_t c = 0; c < t->customers; ++c)
      for (size_t i = 0; i < which.size(); ++i)
        t->measure[c * A + which[i]] = data.profile[c * k + static_cast<size_t>(prepared[i].slot)];
    return;
  }
  CustomerMeasurer measurer(data, prepared, t->as_of.value_or(0), model.window.days);
  std::vector<double> out(which.size());
  std::vector<uint32_t> scratch;
  for (uint32_t c = 0; c < t->customers; ++c) {
    if (c + 1 < t->customers) data.cells.PrefetchTail(c + 1);
    measurer.Measure(c, out.data(), scratch);
    for (size_t i = 0; i < which.size(); ++i) t->measure[c * A + which[i]] = out[i];
  }
}

// [SECTION] Values: cap, then transform

double Transformed(double x, Transform t) {
  switch (t) {
    case Transform::kNone: return x;
    case Transform::kLog: return x == 0 ? 0.0 : std::copysign(std::log1p(std::fabs(x)), x);
    case Transform::kSqrt: return x == 0 ? 0.0 : std::copysign(std::sqrt(std::fabs(x)), x);
  }
  return x;
}

void ComputeValues(const ScoreModel& model, const std::vector<size_t>& which, ScoreTable* t) {
  const size_t A = t->activities;
  for (size_t a : which) {
    const Activity& act = model.activities[a];
    for (size_t c = 0; c < t->customers; ++c) {
      double x = t->measure[c * A + a];
      if (act.cap) x = std::min(x, *act.cap);
      t->value[c * A + a] = Transformed(x, act.transform);
    }
  }
}

// [SECTION] Raw, scale, tiers, order

// Sorts `order` (customers) stably by raw, highest first: an LSD radix sort on the
// raw's bits mapped to an order-preserving integer, 11 bits a pass, skipping the
// passes where every key has the same digit (most high digits).
void SortByRawDescending(const std::vector<double>& raw, std::vector<uint32_t>& order, ScoreTable* t) {
  const size_t n = order.size();
  std::vector<uint64_t>& key = t->sort_keys;
  std::vector<uint64_t>& key_tmp = t->sort_keys_tmp;
  std::vector<uint32_t>& order_tmp = t->sort_order_tmp;
  key.resize(n);
  key_tmp.resize(n);
  order_tmp.resize(n);
  for (size_t i = 0; i < n; ++i) {
    double r = raw[order[i]] == 0 ? 0.0 : raw[order[i]];  // -0 sorts with 0
    uint64_t bits;
    std::memcpy(&bits, &r, 8);
    bits = (bits >> 63) ? ~bits : bits | 0x8000000000000000ull;  // ascending order of doubles
    key[i] = ~bits;                                                // descending
  }
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  std::vector<uint32_t> count(kBuckets + 1);
  for (int shift = 0; shift < 64; shift += kBits) {
    std::fill(count.begin(), count.end(), 0u);
    for (size_t i = 0; i < n; ++i) ++count[((key[i] >> shift) & (kBuckets - 1)) + 1];
    if (std::find(count.begin() + 1, count.end(), static_cast<uint32_t>(n)) != count.end()) continue;
    for (size_t b = 0; b < kBuckets; ++b) count[b + 1] += count[b];
    for (size_t i = 0; i < n; ++i) {
      const uint32_t to = count[(key[i] >> shift) & (kBuckets - 1)]++;
      key_tmp[to] = key[i];
      order_tmp[to] = order[i];
    }
    key.swap(key_tmp);
    order.swap(order_tmp);
  }
}

void ComputeRanking(const Dataset& data, const ScoreModel& model, ScoreTable* t) {
  const size_t N = t->customers, A = t->activities;
  t->raw.resize(N);
  t->score.resize(N);
  t->tier.resize(N);
  for (size_t c = 0; c < N; ++c) {
    double sum = 0;
    const double* v = &t->value[c * A];
    for (size_t a = 0; a < A; ++a) sum += model.activities[a].weight * v[a];
    t->raw[c] = RoundTo6(sum);
  }
  // One sort serves both the percentiles and the output order: every scale is
  // non-decreasing in raw, so raw descending (ties by id) is score descending,
  // except that different raws may share a score (a clamped target, rounding);
  // such runs are put back in id order below. The sort is a stable radix sort of
  // the customers taken in id order, so ties keep id order for free.
  std::vector<uint32_t>& order = t->order;
  order.assign(data.by_id.begin(), data.by_id.end());
  SortByRawDescending(t->raw, order, t);
  const ScaleSpec& scale = model.scale;
  const double lo = N ? t->raw[order[N - 1]] : 0, hi = N ? t->raw[order[0]] : 0;
  for (size_t i = 0; i < N;) {  // runs of equal raw
    size_t j = i + 1;
    const double raw = t->raw[order[i]];
    while (j < N && t->raw[order[j]] == raw) ++j;
    double score = raw;
    switch (scale.method) {
      case ScaleMethod::kRaw: break;
      case ScaleMethod::kMinMax: score = hi == lo ? 50.0 : 100.0 * (raw - lo) / (hi - lo); break;
      case ScaleMethod::kPercentile: {
        // L = customers with a lower raw, E = customers with an equal raw (itself included).
        const double lower = static_cast<double>(N - j), equal = static_cast<double>(j - i);
        score = 100.0 * (lower + 0.5 * equal) / static_cast<double>(N);
        break;
      }
      case ScaleMethod::kTarget: score = std::clamp(100.0 * raw / scale.target, 0.0, 100.0); break;
    }
    // The score, like raw, is used as printed: rounded to 6 decimals. Otherwise a score
    // shown as 70 could sit in the tier "below 70", or two scores shown equal could be
    // ordered by digits nobody sees instead of by customer id.
    score = RoundTo6(score);
    for (size_t k = i; k < j; ++k) t->score[order[k]] = score;
    i = j;
  }
  for (size_t i = 0; i < N;) {  // runs of equal score that span several raws: back in id order
    size_t j = i + 1;
    const double score = t->score[order[i]];
    while (j < N && t->score[order[j]] == score) ++j;
    if (t->raw[order[j - 1]] != t->raw[order[i]])
      std::sort(order.begin() + static_cast<std::ptrdiff_t>(i), order.begin() + static_cast<std::ptrdiff_t>(j),
                [&](uint32_t a, uint32_t b) { return data.id_rank[a] < data.id_rank[b]; });
    i = j;
  }
  const std::vector<Tier>& tiers = model.tiers;
  t->tier_counts.assign(tiers.size(), 0);
  for (size_t c = 0; c < N; ++c) {
    int k = -1;
    if (!tiers.empty()) {
      k = static_cast<int>(tiers.size()) - 1;
      for (size_t i = 0; i < tiers.size(); ++i) {
        if (tiers[i].below && *tiers[i].below > t->score[c]) {
          k = static_cast<int>(i);
          break;
        }
      }
      ++t->tier_counts[static_cast<size_t>(k)];
    }
    t->tier[c] = k;
  }
  double total = 0;
  for (double sc : t->score) total += sc;
  t->score_mean = N ? total / static_cast<double>(N) : 0;
  // order is by score descending: the median sits in the middle of it.
  t->score_median = N == 0 ? 0
                   : N % 2 ? t->score[t->order[N / 2]]
                           : (t->score[t->order[N / 2 - 1]] + t->score[t->order[N / 2]]) / 2;
}

bool SameMeasure(const Activity& a, const Activity& b) {
  return a.measure == b.measure && a.events == b.events && a.column == b.column && a.half_life_days == b.half_life_days;
}

}  // namespace

void ComputeScores(const Dataset& data, const ScoreModel& model, ScoreTable* t) {
  t->customers = data.customer_count();
  t->activities = model.activities.size();
  t->as_of = EffectiveAsOf(data, model);
  t->measure.assign(t->customers * t->activities, 0.0);
  t->value.assign(t->customers * t->activities, 0.0);
  std::vector<size_t> all(t->activities);
  std::iota(all.begin(), all.end(), size_t{0});
  ComputeMeasures(data, model, all, t);
  ComputeValues(model, all, t);
  ComputeRanking(data, model, t);
}

size_t UpdateScores(const Dataset& data, const ScoreModel& before, const ScoreModel& after, ScoreTable* t) {
  const size_t N = data.customer_count(), A_old = before.activities.size(), A_new = after.activities.size();
  const std::optional<int32_t> as_of = EffectiveAsOf(data, after);
  const bool window_same = as_of == t->as_of && before.window.days == after.window.days &&
                           before.data.shape == after.data.shape && t->customers == N;
  // Activities in the same places, at most one of them measured differently (the
  // common edits: a weight, cap, transform, scale, tier, window, as_of, half-life or
  // one activity's definition): update in place, without copying the matrices.
  size_t differing = 0;
  if (A_old == A_new)
    for (size_t a = 0; a < A_new; ++a) differing += !SameMeasure(before.activities[a], after.activities[a]);
  if (A_old == A_new && t->customers == N && before.data.shape == after.data.shape && differing <= 1) {
    std::vector<size_t> to_measure, to_value;
    for (size_t a = 0; a < A_new; ++a) {
      const Activity &oa = before.activities[a], &na = after.activities[a];
      if (!window_same || !SameMeasure(oa, na)) to_measure.push_back(a);
      if (!window_same || !SameMeasure(oa, na) || oa.cap != na.cap || oa.transform != na.transform)
        to_value.push_back(a);
    }
    t->as_of = as_of;
    ComputeMeasures(data, after, to_measure, t);
    ComputeValues(after, to_value, t);
    ComputeRanking(data, after, t);
    return to_measure.size();
  }
  // Otherwise reuse the measure column of an unchanged activity wherever it now
  // stands (reorders, duplicates, deletions); measure the rest.
  std::vector<double> measure(N * A_new, 0.0), value(N * A_new, 0.0);
  std::vector<size_t> to_measure, to_value;
  for (size_t a = 0; a < A_new; ++a) {
    const Activity& na = after.activities[a];
    size_t from = A_old;
    if (window_same) {
      for (size_t b = 0; b < A_old && from == A_old; ++b)
        if (SameMeasure(before.activities[b], na)) from = b;
    }
    if (from == A_old) {
      to_measure.push_back(a);
      to_value.push_back(a);
      continue;
    }
    const Activity& oa = before.activities[from];
    const bool same_value = oa.cap == na.cap && oa.transform == na.transform;
    for (size_t c = 0; c < N; ++c) {
      measure[c * A_new + a] = t->measure[c * A_old + from];
      if (same_value) value[c * A_new + a] = t->value[c * A_old + from];
    }
    if (!same_value) to_value.push_back(a);
  }
  t->measure.swap(measure);
  t->value.swap(value);
  t->customers = N;
  t->activities = A_new;
  t->as_of = as_of;
  ComputeMeasures(data, after, to_measure, t);
  ComputeValues(after, to_value, t);
  ComputeRanking(data, after, t);
  return to_measure.size();
}

std::vector<SegmentStats> ComputeSegmentStats(const Dataset& data, const ScoreModel& model, const ScoreTable& t) {
  // Customers grouped by segment id (0 = none), visited in score order so each
  // group's scores come out sorted for its median.
  const uint32_t groups = data.segments.size() + 1;
  std::vector<std::vector<double>> scores(groups);
  std::vector<std::vector<uint64_t>> tiers(groups, std::vector<uint64_t>(model.tiers.size(), 0));
  for (uint32_t c : t.order) {
    uint32_t g = data.segment[c];
    scores[g].push_back(t.score[c]);
    if (t.tier[c] >= 0) ++tiers[g][static_cast<size_t>(t.tier[c])];
  }
  std::vector<SegmentStats> out;
  for (uint32_t g = 0; g < groups; ++g) {
    const std::vector<double>& s = scores[g];
    if (s.empty()) continue;
    SegmentStats st;
    st.name = g ? std::string(data.segments.Get(g - 1)) : std::string();
    st.customers = s.size();
    double total = 0;
    for (double v : s) total += v;
    st.score_mean = total / static_cast<double>(s.size());
    size_t n = s.size();
    st.score_median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    st.tier_counts = tiers[g];
    out.push_back(std::move(st));
  }
  std::sort(out.begin(), out.end(), [](const SegmentStats& a, const SegmentStats& b) {
    if (a.name.empty() != b.name.empty()) return b.name.empty();
    return a.name < b.name;
  });
  return out;
}

}  // namespace ces
