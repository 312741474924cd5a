#include "scoring.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "number_format.h"

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

double MeasureEvents(const Dataset& data, const PreparedActivity& p, uint32_t c, int32_t as_of, int days,
                     std::vector<uint32_t>& scratch) {
  const EventCells& cells = data.cells;
  const uint64_t* cell = cells.cells(c);
  const size_t n = cells.cell_count(c);
  const size_t stride = static_cast<size_t>(cells.stride());
  auto matches = [&](uint32_t event) { return p.all_events || p.match[event]; };
  switch (p.measure) {
    case Measure::kCount:
    case Measure::kSum: {
      double total = 0;
      for (size_t i = 0; i < n; ++i, cell += stride) {
        const int64_t age = static_cast<int64_t>(as_of) - EventCells::CellDay(cell);
        if (age < 0 || age >= days || !matches(EventCells::CellEvent(cell))) continue;
        double v = p.measure == Measure::kCount ? static_cast<double>(EventCells::CellCount(cell))
                                                : EventCells::CellSum(cell, p.slot);
        if (!p.decay.empty()) v *= p.decay[static_cast<size_t>(age)];
        total += v;
      }
      return total;
    }
    case Measure::kDistinctDays: {
      double distinct = 0;
      int64_t last = INT64_MIN;
      for (size_t i = 0; i < n; ++i, cell += stride) {  // cells are sorted by day
        const int32_t day = EventCells::CellDay(cell);
        const int64_t age = static_cast<int64_t>(as_of) - day;
        if (age < 0 || age >= days || day == last || !matches(EventCells::CellEvent(cell))) continue;
        last = day;
        ++distinct;
      }
      return distinct;
    }
    case Measure::kDaysSinceLast: {
      int64_t best = INT64_MIN;  // latest matching day not after as_of, in or out of the window
      for (size_t i = 0; i < n; ++i, cell += stride) {
        const int32_t day = EventCells::CellDay(cell);
        if (day <= as_of && day > best && matches(EventCells::CellEvent(cell))) best = day;
      }
      for (const auto& h : cells.history(c))
        if (h.second <= as_of && h.second > best && matches(h.first)) best = h.second;
      return best == INT64_MIN ? static_cast<double>(days) : static_cast<double>(as_of - best);
    }
    case Measure::kDistinctValues: {
      scratch.clear();
      for (const EventCells::Distinct& d : cells.distinct(c)) {
        if (d.slot != static_cast<uint32_t>(p.slot)) continue;
        const int32_t day = static_cast<int32_t>(static_cast<uint32_t>(d.key >> 32) ^ 0x80000000u);
        const int64_t age = static_cast<int64_t>(as_of) - day;
        if (age < 0 || age >= days || !matches(static_cast<uint32_t>(d.key))) continue;
        scratch.push_back(d.value);
      }
      std::sort(scratch.begin(), scratch.end());
      return static_cast<double>(std::unique(scratch.begin(), scratch.end()) - scratch.begin());
    }
    case Measure::kValue: break;
  }
  return 0;
}

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
  const int32_t as_of = t->as_of.value_or(0);
  std::vector<uint32_t> scratch;
  for (uint32_t c = 0; c < t->customers; ++c)
    for (size_t i = 0; i < which.size(); ++i)
      t->measure[c * A + which[i]] = MeasureEvents(data, prepared[i], c, as_of, model.window.days, scratch);
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

void ComputeRanking(const Dataset& data, const ScoreModel& model, ScoreTable* t) {
  const size_t N = t->customers, A = t->activities;
  t->raw.resize(N);
  t->score.resize(N);
  t->tier.resize(N);
  for (size_t c = 0; c < N; ++c) {
    double sum = 0;
    for (size_t a = 0; a < A; ++a) sum += model.activities[a].weight * t->value[c * A + a];
    t->raw[c] = RoundTo6(sum);
  }
  const ScaleSpec& scale = model.scale;
  switch (scale.method) {
    case ScaleMethod::kRaw:
      t->score = t->raw;
      break;
    case ScaleMethod::kMinMax: {
      double lo = N ? *std::min_element(t->raw.begin(), t->raw.end()) : 0;
      double hi = N ? *std::max_element(t->raw.begin(), t->raw.end()) : 0;
      for (size_t c = 0; c < N; ++c) t->score[c] = hi == lo ? 50.0 : 100.0 * (t->raw[c] - lo) / (hi - lo);
      break;
    }
    case ScaleMethod::kPercentile: {
      // L = customers with a lower raw, E = customers with an equal raw (itself included).
      std::vector<double> sorted = t->raw;
      std::sort(sorted.begin(), sorted.end());
      for (size_t c = 0; c < N; ++c) {
        auto range = std::equal_range(sorted.begin(), sorted.end(), t->raw[c]);
        double lower = static_cast<double>(range.first - sorted.begin());
        double equal = static_cast<double>(range.second - range.first);
        t->score[c] = 100.0 * (lower + 0.5 * equal) / static_cast<double>(N);
      }
      break;
    }
    case ScaleMethod::kTarget:
      for (size_t c = 0; c < N; ++c) t->score[c] = std::clamp(100.0 * t->raw[c] / scale.target, 0.0, 100.0);
      break;
  }
  // The score, like raw, is used as printed: rounded to 6 decimals. Otherwise a score
  // shown as 70 could sit in the tier "below 70", or two scores shown equal could be
  // ordered by digits nobody sees instead of by customer id.
  for (double& s : t->score) s = RoundTo6(s);
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
  t->order.resize(N);
  std::iota(t->order.begin(), t->order.end(), 0u);
  std::sort(t->order.begin(), t->order.end(), [&](uint32_t a, uint32_t b) {
    if (t->score[a] != t->score[b]) return t->score[a] > t->score[b];
    return data.id_rank[a] < data.id_rank[b];
  });
  double total = 0;
  for (double s : t->score) total += s;
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
  // Reuse the measure column of an unchanged activity wherever it now stands
  // (edits, reorders, duplicates, deletions); measure the rest.
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
