#include "engine/score/scoring.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/base/number_format.h"
#include "engine/csv/value_parse.h"
#include "engine/score/tiers.h"
#include "engine/score/measures.h"

namespace ces {

double PointsRule::Of(double x) const {
  if (std::isnan(x)) return x;
  if (bins.empty()) return weight * x;
  return bins[static_cast<size_t>(BandIndex(bins, x))].points;
}

std::optional<int32_t> EffectiveAsOf(const Dataset& data, const ScoreModel& model) {
  if (model.data.shape != Shape::kEvents) return std::nullopt;
  return model.window.as_of ? model.window.as_of : data.max_day;
}

namespace {

// [SECTION] Population: who is scored, with which segment and carried values

// Every customer of the file, with the segment (and carried values) of the model's
// version: v1 and the customers shape take the last non-empty value in file order,
// a v2 events model the value of the latest row by time (v2 1.5).
void WholeFilePopulation(const Dataset& data, const ScoreModel& model, ScoreTable* t) {
  const bool latest = model.version >= 2 && model.data.shape == Shape::kEvents;
  t->exists.clear();
  const std::vector<uint32_t>& seg = latest && !data.segment_latest.empty() ? data.segment_latest : data.segment;
  t->segment.assign(seg.begin(), seg.end());
  const std::vector<uint32_t>& carry = latest ? data.carry_latest : data.carry;
  t->carry.assign(carry.begin(), carry.end());
}

// Room for the population on a date: no one yet.
void PopulationRoom(const Dataset& data, ScoreTable* t) {
  const size_t N = data.customer_count();
  t->exists.assign(N, 0);
  t->segment.assign(N, 0);
  t->carry.assign(N * data.plan.carry.size(), 0);
}

// Whether customers [from, end) exist on `day`, and their values from their rows up to
// it (v2 section 2).
void PopulationOnDate(const Dataset& data, const ScoreModel& model, int32_t day, uint32_t from, uint32_t end,
                      ScoreTable* t) {
  const size_t carried = data.plan.carry.size();
  const bool latest = model.version >= 2;
  const bool has_segment = !data.plan.segment.empty();
  for (uint32_t c = from; c < end; ++c) {
    t->exists[c] = data.cells.cell_count(c) > 0 && EventCells::CellDay(data.cells.cells(c)) <= day;
  }
  if (data.attribute_step_start.empty()) return;
  for (uint32_t c = from; c < end; ++c) {
    if (!t->exists[c]) continue;
    // Steps are by day: the last one up to `day` of each attribute holds its value then.
    for (uint32_t i = data.attribute_step_start[c]; i < data.attribute_step_start[c + 1]; ++i) {
      const AttributeStep& s = data.attribute_steps[i];
      if (s.day > day) break;
      const uint32_t v = latest ? s.by_time_value : s.file_order_value;
      if (has_segment && s.attribute == 0) t->segment[c] = v;
      else t->carry[c * carried + (s.attribute - has_segment)] = v;
    }
  }
}

// [SECTION] Values: cap, then transform (NaN, a skipped value, stays NaN)

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
      double x = t->MeasureRows()[c * A + a];  // the value's own cell without keep_measures
      if (act.cap) x = std::min(x, *act.cap);
      t->value[c * A + a] = Transformed(x, act.transform);
    }
  }
}

// [SECTION] Points: weight × value, or the bin's points (v2 1.1)

void ComputePoints(const ScoreModel& model, ScoreTable* t) {
  const size_t A = t->activities, N = t->customers;
  t->points_rules.clear();
  for (const Activity& act : model.activities) t->points_rules.push_back(PointsRule{act.weight, act.bins});
  if (!t->keep_points) {
    t->points.clear();
    return;
  }
  t->points.resize(N * A);
  for (size_t a = 0; a < A; ++a) {
    const PointsRule& rule = t->points_rules[a];
    for (size_t c = 0; c < N; ++c) t->points[c * A + a] = rule.Of(t->value[c * A + a]);
  }
}

// [SECTION] Raw, groups, scale, tiers, order

// The customers scored, in id order.
void Members(const Dataset& data, const ScoreTable& t, std::vector<uint32_t>* members) {
  members->clear();
  for (uint32_t c : data.by_id)
    if (t.Exists(c)) members->push_back(c);
}

}  // namespace

// Raw, groups and scale; leaves the scored customers in t->order, in id order.
void ScaleScores(const Dataset& data, const ScoreModel& model, ScoreTable* t) {
  const size_t N = t->customers, A = t->activities;
  constexpr double kAbsent = std::numeric_limits<double>::quiet_NaN();
  t->raw.assign(N, 0.0);
  t->score.assign(N, 0.0);
  t->tier.assign(N, -1);
  t->warnings.clear();
  t->as_of_tail_note = false;
  // as_of "auto" is the latest day in the file (v1 section 3), whatever set it; when a thin
  // tail of rows set it, say so and name the day most rows reach.
  if (model.data.shape == Shape::kEvents && !model.window.as_of && data.late_rows > 0 && data.max_day) {
    const std::string rows = FormatThousands(data.late_rows);
    t->warnings.push_back("as-of is " + FormatDate(*data.max_day) + " (the latest date in the file) because " + rows +
                          (data.late_rows == 1 ? " row is" : " rows are") + " dated after " +
                          FormatDate(data.bulk_day) + ", the day all other rows reach; to score as of that day, set " +
                          "the as-of date to " + FormatDate(data.bulk_day));
    t->as_of_tail_note = true;  // the page offers its button by this, not by the wording
  }
  // Amounts in several currencies are added as they are, unconverted: say so for each
  // activity that adds them (the rows are counted at ingest, Dataset::currency_mix).
  for (size_t a = 0; a < A; ++a) {
    const Activity& act = model.activities[a];
    if (act.measure != Measure::kSum && act.measure != Measure::kValue) continue;
    const int slot = NumericSlot(data.plan, act);
    if (slot < 0 || static_cast<size_t>(slot) >= data.currency_mix.size()) continue;
    const Dataset::CurrencyMix& mix = data.currency_mix[static_cast<size_t>(slot)];
    if (!mix.mixed()) continue;
    auto list = [](const std::vector<std::string>& items, bool more) {
      std::string text;
      for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
      return more ? text + ", \u2026" : text;
    };
    std::string what;
    if (mix.codes.size() >= 2)
      what = (mix.more_codes ? "more than " : "") + std::to_string(mix.codes.size()) + " currencies (" +
             list(mix.codes, mix.more_codes) + " in column " + mix.column + ")";
    else
      what = "amounts written with " + std::to_string(mix.signs.size()) + " currency signs (" + list(mix.signs, false) + ")";
    t->warnings.push_back("activity " + act.name + ": column " + act.column + " mixes " + what +
                          ", added as they are, unconverted; convert them first, or score one currency at a time");
  }
  std::vector<uint32_t> members;
  Members(data, *t, &members);
  if (model.groups.empty()) {
    for (size_t c = 0; c < N; ++c) {
      double sum = 0;
      for (size_t a = 0; a < A; ++a) {
        const double p = t->Points(static_cast<uint32_t>(c), a);
        if (!std::isnan(p)) sum += p;
      }
      t->raw[c] = RoundTo6(sum);
    }
    t->groups = 0;
    t->group_points.clear();
    t->group_score.clear();
    ApplyScale(model.scale, data, t->segment, members, t->raw.data(), 1, t->score.data(), 1, &t->scratch);
  } else {
    // v2 1.3: each group's points, its own scale over the customers for whom it is present,
    // then raw = the weighted mean of the present groups' scores; the score is the raw.
    const size_t G = model.groups.size();
    t->groups = G;
    t->group_points.assign(N * G, kAbsent);
    t->group_score.assign(N * G, kAbsent);
    std::vector<size_t> group_of(A);
    for (size_t a = 0; a < A; ++a)
      for (size_t g = 0; g < G; ++g)
        if (model.groups[g].name == model.activities[a].group) group_of[a] = g;
    std::vector<double> sum(G);
    std::vector<uint8_t> present(G);
    for (uint32_t c : members) {
      std::fill(sum.begin(), sum.end(), 0.0);
      std::fill(present.begin(), present.end(), 0);
      for (size_t a = 0; a < A; ++a) {
        const double p = t->Points(c, a);
        if (std::isnan(p)) continue;
        sum[group_of[a]] += p;
        present[group_of[a]] = 1;
      }
      for (size_t g = 0; g < G; ++g)
        if (present[g]) t->group_points[c * G + g] = RoundTo6(sum[g]);
    }
    std::vector<uint32_t> in_group;
    // No customers (a header and no valid row): nothing to scale, and group_points is empty,
    // so its data() + g would offset a null pointer (undefined; found by fuzz_pipeline).
    for (size_t g = 0; g < G && N > 0; ++g) {
      in_group.clear();
      for (uint32_t c : members)
        if (!std::isnan(t->group_points[c * G + g])) in_group.push_back(c);
      const ScaleSpec& spec = model.groups[g].scale ? *model.groups[g].scale : model.scale;
      ApplyScale(spec, data, t->segment, in_group, t->group_points.data() + g, G, t->group_score.data() + g, G,
                 &t->scratch);
    }
    size_t none_present = 0;
    for (uint32_t c : members) {
      double num = 0, den = 0;
      for (size_t g = 0; g < G; ++g) {
        const double s = t->group_score[c * G + g];
        if (std::isnan(s)) continue;
        num += model.groups[g].weight * s;
        den += model.groups[g].weight;
      }
      if (den == 0) ++none_present;
      t->raw[c] = den == 0 ? 0.0 : RoundTo6(num / den);
      t->score[c] = t->raw[c];
    }
    if (none_present)
      t->warnings.push_back(FormatThousands(static_cast<int64_t>(none_present)) +
                            (none_present == 1 ? " customer has" : " customers have") +
                            " no group present (every activity skipped): raw and score 0");
  }
  if (model.version >= 2 && model.data.shape == Shape::kCustomers) {
    for (size_t a = 0; a < A; ++a) {
      if (model.activities[a].measure != Measure::kValue) continue;
      const size_t slot = static_cast<size_t>(NumericSlot(data.plan, model.activities[a]));
      const size_t k = data.plan.numeric.size();
      size_t missing = 0;
      for (uint32_t c : members) missing += !data.profile_filled[c * k + slot];
      if (missing)
        t->warnings.push_back("activity " + model.activities[a].name + ": " +
                              FormatThousands(static_cast<int64_t>(missing)) +
                              (missing == 1 ? " customer has" : " customers have") + " no value in column " +
                              model.activities[a].column + " (missing: " +
                              (model.activities[a].missing == Missing::kSkip   ? "skip"
                               : model.activities[a].missing == Missing::kMean ? "mean"
                                                                                : "zero") +
                              ")");
    }
  }
  t->order = std::move(members);  // in id order until OrderScores sorts it
}

void OrderScores(const ScoreModel& model, ScoreTable* t) {
  // The results order: score descending, then id ascending (the scored customers are
  // in id order and the sort is stable).
  std::vector<uint32_t>& order = t->order;
  SortByValueDescending(t->score.data(), 1, order, &t->scratch);
  const std::vector<Tier>& tiers = model.tiers;
  t->tier_counts.assign(tiers.size(), 0);
  double total = 0;
  for (uint32_t c : order) {
    const int k = TierIndex(tiers, t->score[c]);
    t->tier[c] = k;
    if (k >= 0) ++t->tier_counts[static_cast<size_t>(k)];
    total += t->score[c];
  }
  const size_t n = order.size();
  t->score_mean = n ? total / static_cast<double>(n) : 0;
  // order is by score descending: the median sits in the middle of it.
  t->score_median = n == 0 ? 0
                   : n % 2 ? t->score[order[n / 2]]
                           : (t->score[order[n / 2 - 1]] + t->score[order[n / 2]]) / 2;
}

namespace {

bool SameMeasure(const Activity& a, const Activity& b) {
  return a.measure == b.measure && a.events == b.events && a.column == b.column && a.half_life_days == b.half_life_days &&
         a.missing == b.missing;
}


void Prepare(const Dataset& data, const ScoreModel& model, std::optional<int32_t> as_of, ScoreTable* t) {
  t->customers = data.customer_count();
  t->activities = model.activities.size();
  t->as_of = as_of;
  // Room only: ComputeMeasuresOf adds the rows of each range it measures (RowsUpTo).
  for (std::vector<double>* rows : {&t->measure, &t->value, &t->points}) rows->clear();
  for (std::vector<double>* rows : t->KeptRows()) rows->reserve(t->customers * t->activities);
}

std::vector<size_t> AllActivities(const ScoreTable& t) {
  std::vector<size_t> all(t.activities);
  std::iota(all.begin(), all.end(), size_t{0});
  return all;
}

// Every way of scoring ends so; ScoreSteps alone takes the two as steps of their own.
void ScaleAndOrder(const Dataset& data, const ScoreModel& model, ScoreTable* t) {
  ScaleScores(data, model, t);
  OrderScores(model, t);
}

void ComputeAllLayers(const Dataset& data, const ScoreModel& model, ScoreTable* t) {
  MeasureScores(data, model, 0, static_cast<uint32_t>(t->customers), t);
  EndScores(data, model, t);
}

// The layers from the measures of `to_measure` and the values of `to_value` on; returns
// how many activities were measured again.
size_t Recompute(const Dataset& data, const ScoreModel& model, const std::vector<size_t>& to_measure,
                 const std::vector<size_t>& to_value, ScoreTable* t) {
  ComputeMeasures(data, model, to_measure, t);
  ComputeValues(model, to_value, t);
  ComputePoints(model, t);
  ScaleAndOrder(data, model, t);
  return to_measure.size();
}

}  // namespace

void ComputeScores(const Dataset& data, const ScoreModel& model, ScoreTable* t) {
  BeginScores(data, model, t);
  ComputeAllLayers(data, model, t);
}

void BeginScores(const Dataset& data, const ScoreModel& model, ScoreTable* t) {
  Prepare(data, model, EffectiveAsOf(data, model), t);
  WholeFilePopulation(data, model, t);
}

uint32_t MeasureScores(const Dataset& data, const ScoreModel& model, uint32_t from, uint32_t count, ScoreTable* t) {
  const uint32_t to = static_cast<uint32_t>(std::min<size_t>(t->customers, size_t{from} + count));
  ComputeMeasuresOf(data, model, AllActivities(*t), from, to, t);
  return to;
}

void EndScores(const Dataset& data, const ScoreModel& model, ScoreTable* t) {
  ValueScores(model, t);
  ScaleAndOrder(data, model, t);
}

void ValueScores(const ScoreModel& model, ScoreTable* t) {
  t->RowsUpTo(t->customers);  // every row, should a range not have been measured
  ComputeValues(model, AllActivities(*t), t);
  ComputePoints(model, t);
}

bool ScoreSteps::Step(const Dataset& data, const ScoreModel& model, uint32_t customers_per_step, ScoreTable* t) {
  switch (stage_) {
    case Stage::kMeasuring:
      if (measured_to_ == 0 && run_ranges_ && customers_per_step >= t->customers && t->customers > 0) {
        t->RowsUpTo(t->customers);  // every row now: the ranges then only write into theirs
        run_ranges_(static_cast<uint32_t>(t->customers),
                    [&](uint32_t from, uint32_t to) { MeasureScores(data, model, from, to - from, t); });
        measured_to_ = static_cast<uint32_t>(t->customers);
        return true;
      }
      if (measured_to_ < t->customers) {
        measured_to_ = MeasureScores(data, model, measured_to_, customers_per_step, t);
        return true;
      }
      ValueScores(model, t);
      stage_ = Stage::kScaling;
      return true;
    case Stage::kScaling:
      ScaleScores(data, model, t);
      stage_ = Stage::kOrdering;
      return true;
    case Stage::kOrdering:
      OrderScores(model, t);
      stage_ = Stage::kDone;
      return false;
    case Stage::kDone:
      break;
  }
  return false;
}

void ComputeScoresOnDate(const Dataset& data, const ScoreModel& model, int32_t day, ScoreTable* t) {
  BeginScoresOnDate(data, model, day, t);
  ComputeAllLayers(data, model, t);
}

void BeginScoresOnDate(const Dataset& data, const ScoreModel& model, int32_t day, ScoreTable* t) {
  PrepareScoresOnDate(data, model, day, t);
  PopulateScoresOnDate(data, model, day, 0, static_cast<uint32_t>(t->customers), t);
}

void PrepareScoresOnDate(const Dataset& data, const ScoreModel& model, int32_t day, ScoreTable* t) {
  Prepare(data, model, day, t);
  PopulationRoom(data, t);
}

uint32_t PopulateScoresOnDate(const Dataset& data, const ScoreModel& model, int32_t day, uint32_t from,
                              uint32_t count, ScoreTable* t) {
  const uint32_t end = static_cast<uint32_t>(std::min<uint64_t>(t->customers, uint64_t{from} + count));
  if (from < end) PopulationOnDate(data, model, day, from, end, t);
  return end;
}

size_t UpdateScores(const Dataset& data, const ScoreModel& before, const ScoreModel& after, ScoreTable* t) {
  const size_t N = data.customer_count(), A_old = before.activities.size(), A_new = after.activities.size();
  const std::optional<int32_t> as_of = EffectiveAsOf(data, after);
  const bool window_same = as_of == t->as_of && before.window.days == after.window.days &&
                           before.data.shape == after.data.shape && t->customers == N && t->exists.empty();
  WholeFilePopulation(data, after, t);
  // Activities in the same places, at most one of them measured differently (the
  // common edits: a weight, bin, cap, transform, scale, tier, window, as_of, half-life or
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
    return Recompute(data, after, to_measure, to_value, t);
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
  return Recompute(data, after, to_measure, to_value, t);
}

std::vector<SegmentStats> ComputeSegmentStats(const Dataset& data, const ScoreModel& model, const ScoreTable& t) {
  // Customers grouped by segment id (0 = none), visited in score order so each
  // group's scores come out sorted for its median.
  const uint32_t groups = data.segments.size() + 1;
  std::vector<std::vector<double>> scores(groups);
  std::vector<std::vector<uint64_t>> tiers(groups, std::vector<uint64_t>(model.tiers.size(), 0));
  for (uint32_t c : t.order) {
    uint32_t g = t.segment[c];
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
