#include "app/core/trends_state.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <tuple>

#include "app/core/stopwatch.h"
#include "engine/results/results_csv.h"

namespace ces::app {

bool TrendsState::Stale(const ScoreSession& s, uint64_t scores_version) const {
  return !computed_ || session_ != &s || scores_version_ != scores_version || computed_options_ != options_version_;
}

bool TrendsState::Computing(const ScoreSession& s, uint64_t scores_version) const {
  return pending_.active && pending_.session == &s && pending_.scores_version == scores_version &&
         pending_.options_version == options_version_;
}

bool TrendsState::Update(const ScoreSession& s, uint64_t scores_version, double budget_seconds) {
  if (!Stale(s, scores_version)) return false;
  const Stopwatch watch;
  if (!Computing(s, scores_version)) {
    Begin(s, scores_version);
    // Begun in a call of its own when spread over calls: the page's first frame of new
    // scores draws them (table, distribution) and should not also replay a date.
    if (budget_seconds != kWholeHistory && !pending_.dates.empty()) return false;
  }
  bool stepped = false;
  while (pending_.points.size() < pending_.dates.size()) {
    Step(s, &scratch_);
    stepped = true;
    // No step is begun that would likely end past the budget (the longest one so far is
    // the guess): checked only after the fact, a 40 ms slice between the page's frames
    // ran to 80 ms when a date's last step (its movers' side) came late in it.
    if (watch.seconds() + pending_.longest_step >= budget_seconds) break;
  }
  if (pending_.points.size() < pending_.dates.size()) return false;  // more dates on the next call
  // With a budget, the end (the movers' rows and matrix: ~50 ms for 100k customers in
  // the page) waits for a call of its own: after the steps, it would make one too long.
  if (stepped && budget_seconds != kWholeHistory) return false;
  Finish(s);
  return true;
}

void TrendsState::Begin(const ScoreSession& s, uint64_t scores_version) {
  History& h = pending_;
  h = History();
  h.session = &s;
  h.scores_version = scores_version;
  h.options_version = options_version_;
  h.active = true;
  if (OptionResult e = HistoryDates(options, s.model(), s.dataset(), &h.dates)) {
    h.error = e->ToString();
    h.dates.clear();
    return;
  }
  const size_t cells = s.dataset().customer_count() * h.dates.size();
  if (cells <= kMaxSeriesCells) {
    h.series.assign(cells, std::numeric_limits<float>::quiet_NaN());
    h.tiers.assign(cells, -1);
  }
  std::tie(h.movers_from, h.movers_to) = MoversDates(s, h.dates);
}

// One step of the date being scored: who of kPopulateCustomers customers exists on it,
// or a step of the engine's ScoreSteps (the measures of kStepCustomers customers, the
// values, the scale, the order), then the date's point. One date of 100k customers took
// ~90 ms of a frame in the page (the table's sparklines replay ~13 dates after a load).
void TrendsState::Step(const ScoreSession& s, ScoreTable* table) {
  constexpr uint32_t kStepCustomers = 8192;
  constexpr uint32_t kPopulateCustomers = 32768;  // who exists costs far less a customer than measuring
  const Stopwatch watch;
  History& h = pending_;
  const ScoreModel& model = s.model();
  ++steps_;
  // The engine's score on date D, as `ces history` writes it (ComputeScoresOnDate's steps).
  const int32_t day = h.dates[h.points.size()];
  if (!h.date_begun) {
    PrepareScoresOnDate(s.dataset(), model, day, table);
    h.date_begun = true;
    h.populated_to = PopulateScoresOnDate(s.dataset(), model, day, 0, kPopulateCustomers, table);
    h.scoring = ScoreSteps();
  } else if (h.populated_to < table->customers) {
    h.populated_to = PopulateScoresOnDate(s.dataset(), model, day, h.populated_to, kPopulateCustomers, table);
  } else if (!h.scoring.Step(s.dataset(), model, kStepCustomers, table)) {
    h.date_begun = false;
    EndDate(s, *table);
  }
  const double took = watch.seconds();
  h.seconds += took;
  h.longest_step = std::max(h.longest_step, took);
}

void TrendsState::EndDate(const ScoreSession& s, const ScoreTable& table) {
  History& h = pending_;
  const size_t k = h.points.size(), k_count = h.dates.size();
  const ScoreModel& model = s.model();
  if (k_count >= 2 && (k == h.movers_from || k == h.movers_to)) {
    const bool before = k == h.movers_from;
    (before ? h.sides.before : h.sides.after) = SideFromTable(s.dataset(), model, table);
    (before ? h.sides.before_customer : h.sides.after_customer) = table.order;
    (before ? h.have_before : h.have_after) = true;
  }
  TrendPoint p;
  p.day = h.dates[k];
  p.customers = table.population();
  p.tier_counts = table.tier_counts;
  p.tier_counts.resize(model.tiers.size(), 0);
  p.mean = table.score_mean;
  p.median = table.score_median;
  h.points.push_back(std::move(p));
  if (!h.series.empty()) {
    for (uint32_t c : table.order) {
      h.series[c * k_count + k] = static_cast<float>(table.score[c]);
      h.tiers[c * k_count + k] = static_cast<int16_t>(table.tier[c]);
    }
  }
}

void TrendsState::Finish(const ScoreSession& s) {
  History& h = pending_;
  const auto [from, to] = MoversDates(s, h.dates);  // as the shown history leaves them
  const bool kept = h.have_before && h.have_after && from == h.movers_from && to == h.movers_to;
  session_ = &s;
  scores_version_ = h.scores_version;
  computed_options_ = h.options_version;
  computed_ = true;
  events_shape_ = s.model().data.shape == Shape::kEvents;
  error_ = std::move(h.error);
  points_ = std::move(h.points);
  series_ = std::move(h.series);
  tiers_ = std::move(h.tiers);
  seconds_ = h.seconds;
  TrendMovers sides = std::move(h.sides);
  h = History();
  movers_ok_ = false;
  if (points_.size() < 2) return;
  if (!kept) return SetMoversDates(s, from, to);  // the user chose other dates meanwhile
  movers_ = std::move(sides);
  movers_.from = from;
  movers_.to = to;
  CountMovers(s);
}

std::pair<size_t, size_t> TrendsState::MoversDates(const ScoreSession& s, const std::vector<int32_t>& days) const {
  const size_t k = days.size();
  if (k < 2) return {0, 0};
  const bool same_data = computed_ && session_ == &s;
  if (same_data && movers_ok_ && points_.size() == k && movers_.from < movers_.to && movers_.to < k)
    return {movers_.from, movers_.to};
  return {PointBefore(days, 30), k - 1};
}

void TrendsState::SetMoversDates(const ScoreSession& s, size_t from, size_t to) {
  if (from >= to || to >= points_.size() || session_ != &s) return;
  if (movers_ok_ && movers_.from == from && movers_.to == to) return;
  movers_.from = from;
  movers_.to = to;
  ComputeMovers(s);
}

void TrendsState::ComputeMovers(const ScoreSession& s) {
  const ScoreModel& model = s.model();
  const Dataset& data = s.dataset();
  TrendMovers& m = movers_;
  // The same sides `ces movers --from --to` compares (SideOnDate), with the table
  // kept so each side position maps back to a customer of the dataset.
  ScoreTable table;
  ComputeScoresOnDate(data, model, points_[m.from].day, &table);
  m.before = SideFromTable(data, model, table);
  m.before_customer = table.order;
  ComputeScoresOnDate(data, model, points_[m.to].day, &table);
  m.after = SideFromTable(data, model, table);
  m.after_customer = table.order;
  CountMovers(s);
}

void TrendsState::CountMovers(const ScoreSession& s) {
  const ScoreModel& model = s.model();
  TrendMovers& m = movers_;
  m.rows = ::ces::ComputeMovers(m.before, m.after);

  m.moved = m.added = m.gone = m.drops = m.rises = 0;
  const size_t tiers = model.tiers.size();
  m.matrix.assign(tiers, std::vector<uint64_t>(tiers, 0));
  m.new_by_tier.assign(tiers, 0);
  for (const MoverRow& r : m.rows) {
    if (r.status == MoverStatus::kNew) {
      ++m.added;
      if (m.after.tiers[r.after] >= 0) ++m.new_by_tier[static_cast<size_t>(m.after.tiers[r.after])];
      continue;
    }
    if (r.status == MoverStatus::kGone) {
      ++m.gone;
      continue;
    }
    ++m.moved;
    if (r.change < 0) ++m.drops;
    if (r.change > 0) ++m.rises;
    const int then = m.before.tiers[r.before], now = m.after.tiers[r.after];
    if (then >= 0 && now >= 0) ++m.matrix[static_cast<size_t>(then)][static_cast<size_t>(now)];
  }
  movers_ok_ = true;
}

std::string TrendsState::MoversCsv(MoversPart part) const {
  if (!movers_ok_) return {};
  const TrendMovers& m = movers_;
  if (part == MoversPart::kAll) return ::ces::MoversCsv(m.before, m.after, m.rows);
  std::vector<MoverRow> rows;
  if (part == MoversPart::kDrops) rows.assign(m.rows.begin(), m.rows.begin() + static_cast<std::ptrdiff_t>(m.drops));
  else rows.assign(m.rows.rbegin() + static_cast<std::ptrdiff_t>(m.rows.size() - m.moved),
                   m.rows.rbegin() + static_cast<std::ptrdiff_t>(m.rows.size() - m.moved + m.rises));
  return ::ces::MoversCsv(m.before, m.after, rows);
}

std::vector<uint32_t> TrendsState::CellCustomers(int then, int now) const {
  std::vector<uint32_t> out;
  if (!movers_ok_) return out;
  const TrendMovers& m = movers_;
  for (const MoverRow& r : m.rows) {
    if (r.after == MoverRow::kNone || m.after.tiers[r.after] != now) continue;
    const bool match = then < 0 ? r.status == MoverStatus::kNew
                                : r.status == MoverStatus::kMoved && m.before.tiers[r.before] == then;
    if (match) out.push_back(m.after_customer[r.after]);
  }
  return out;
}

size_t PointBefore(const std::vector<int32_t>& dates, int32_t days) {
  if (dates.size() < 2) return 0;
  const size_t last = dates.size() - 1;
  const int64_t target = static_cast<int64_t>(dates[last]) - days;
  size_t best = last - 1;
  for (size_t k = 0; k < last; ++k)
    if (std::llabs(dates[k] - target) < std::llabs(dates[best] - target)) best = k;
  return best;
}

}  // namespace ces::app
