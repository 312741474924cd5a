#include "app/core/trends_state.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>

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
  if (!Computing(s, scores_version)) Begin(s, scores_version);
  const auto t0 = std::chrono::steady_clock::now();
  while (pending_.points.size() < pending_.dates.size()) {
    StepDate(s, &scratch_);
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() >= budget_seconds) break;
  }
  if (pending_.points.size() < pending_.dates.size()) return false;  // more dates on the next call
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
}

void TrendsState::StepDate(const ScoreSession& s, ScoreTable* table) {
  const auto t0 = std::chrono::steady_clock::now();
  History& h = pending_;
  const size_t k = h.points.size(), k_count = h.dates.size();
  const ScoreModel& model = s.model();
  ComputeScoresOnDate(s.dataset(), model, h.dates[k], table);  // the engine's score on date D, as `ces history` writes it
  TrendPoint p;
  p.day = h.dates[k];
  p.customers = table->population();
  p.tier_counts = table->tier_counts;
  p.tier_counts.resize(model.tiers.size(), 0);
  p.mean = table->score_mean;
  p.median = table->score_median;
  h.points.push_back(std::move(p));
  if (!h.series.empty()) {
    for (uint32_t c : table->order) {
      h.series[c * k_count + k] = static_cast<float>(table->score[c]);
      h.tiers[c * k_count + k] = static_cast<int16_t>(table->tier[c]);
    }
  }
  ++steps_;
  h.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void TrendsState::Finish(const ScoreSession& s) {
  History& h = pending_;
  const bool same_data = computed_ && session_ == &s;
  const size_t old_points = points_.size(), old_from = movers_.from, old_to = movers_.to;
  const bool had_movers = movers_ok_;
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
  h = History();
  // Keep the compared dates across a re-score of the same data (a weight edited);
  // otherwise compare about a month back with the last date.
  const size_t k = points_.size();
  movers_ok_ = false;
  if (k < 2) return;
  if (same_data && had_movers && old_points == k && old_from < old_to && old_to < k) SetMoversDates(s, old_from, old_to);
  else SetMoversDates(s, PointBefore(points_, 30), k - 1);
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

size_t PointBefore(const std::vector<TrendPoint>& points, int32_t days) {
  if (points.size() < 2) return 0;
  const size_t last = points.size() - 1;
  const int64_t target = static_cast<int64_t>(points[last].day) - days;
  size_t best = last - 1;
  for (size_t k = 0; k < last; ++k)
    if (std::llabs(points[k].day - target) < std::llabs(points[best].day - target)) best = k;
  return best;
}

}  // namespace ces::app
