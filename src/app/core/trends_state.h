// The page's Trends view without its drawing: the scores of the loaded file on a
// series of past dates (spec v2 section 2), what each date adds up to (tier mix,
// mean, median), each customer's score over those dates, and the movers between
// two of them (section 3) with the tier migration matrix. Every figure comes from
// the engine's own history and movers functions, on the data already in memory;
// it is recomputed when the scores or the settings change, not every frame.
// No ImGui: tested natively in tests/app.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/evaluate/evaluate_options.h"
#include "engine/evaluate/movers.h"
#include "engine/score/scoring.h"
#include "engine/session.h"

namespace ces::app {

// What one history date adds up to.
struct TrendPoint {
  int32_t day = 0;
  size_t customers = 0;                      // existing on that day
  std::vector<uint64_t> tier_counts;         // per model tier
  double mean = 0, median = 0;               // of the scores on that day; 0 with no customers
};

// Movers between two history dates, and the tier migration matrix they give.
struct TrendMovers {
  size_t from = 0, to = 0;                   // indices into TrendsState::points()
  ScoredSide before, after;
  std::vector<MoverRow> rows;                // the spec's order: drops first
  std::vector<uint32_t> before_customer, after_customer;  // side position -> the dataset's customer
  size_t moved = 0, added = 0, gone = 0;
  size_t drops = 0, rises = 0;               // moved rows with change < 0 (first) and > 0 (last)
  // matrix[then][now], moved customers only; tiers in model order. Empty without tiers.
  std::vector<std::vector<uint64_t>> matrix;
  std::vector<uint64_t> new_by_tier;         // customers new on `to`, by their tier then
};

class TrendsState {
 public:
  // Brings the history up to date with the session's scores (`scores_version` bumps
  // whenever they change: ResultsCache::version()) and the options. Cheap when nothing
  // changed. A history is computed a step at a time (a date's population of 32,768
  // customers, the measures of 8,192, its ranking), for about `budget_seconds` a call
  // (at least one step; with a finite budget, the call that begins a history does only
  // that, and its end is a call of its own too), into a copy: the last complete history
  // stays readable until the new one is done, so a page can spread a long history over
  // frames. The default budget does it all in one call.
  // True when a new history was completed by this call.
  static constexpr double kWholeHistory = std::numeric_limits<double>::infinity();
  bool Update(const ScoreSession& s, uint64_t scores_version, double budget_seconds = kWholeHistory);
  // Whether Update has work to do (the view may prefer to wait, e.g. mid-drag).
  bool Stale(const ScoreSession& s, uint64_t scores_version) const;
  bool HasDataFor(const ScoreSession& s) const { return session_ == &s && computed_; }
  // A history under way for exactly these scores and options: (dates done, dates).
  bool Computing(const ScoreSession& s, uint64_t scores_version) const;
  std::pair<size_t, size_t> progress() const { return {pending_.points.size(), pending_.dates.size()}; }
  uint64_t steps() const { return steps_; }  // history steps so far, ever: news for the frame loop

  HistoryOptions options;                    // every, points, from (start), to; edit then OptionsChanged()
  void OptionsChanged() { ++options_version_; }
  bool options_pending() const { return computed_options_ != options_version_; }  // changed since the shown history

  const std::string& error() const { return error_; }   // why there is no history; "" when there is
  bool events_shape() const { return events_shape_; }
  const std::vector<TrendPoint>& points() const { return points_; }
  double seconds() const { return seconds_; }          // compute time of the shown history (all its dates)

  // Customer c's score and tier on point k (NaN / -1 when it did not exist then). The
  // per-customer series are kept only up to kMaxSeriesCells customers × points.
  static constexpr size_t kMaxSeriesCells = 16u << 20;  // 6 bytes each, twice while a new history is computed
  bool has_series() const { return !series_.empty(); }
  size_t series_customers() const { return points_.empty() ? 0 : series_.size() / points_.size(); }
  float Score(uint32_t c, size_t k) const { return series_[c * points_.size() + k]; }
  int Tier(uint32_t c, size_t k) const { return tiers_[c * points_.size() + k]; }

  // The two dates compared (indices into points()); by default about a month apart,
  // ending on the last date. Recomputes the movers when they change.
  void SetMoversDates(const ScoreSession& s, size_t from, size_t to);
  const TrendMovers* movers() const { return movers_ok_ ? &movers_ : nullptr; }
  // Section 3's CSV of the movers: all rows, the drops (biggest first) or the rises (biggest first).
  enum class MoversPart { kAll, kDrops, kRises };
  std::string MoversCsv(MoversPart part) const;
  // The customers of one matrix cell (tier then, tier now); then = -1: new on `to`.
  std::vector<uint32_t> CellCustomers(int then, int now) const;

 private:
  // One history: what it is for and what is done of it.
  struct History {
    const ScoreSession* session = nullptr;
    uint64_t scores_version = 0, options_version = 0;
    bool active = false;
    std::string error;
    std::vector<int32_t> dates;
    std::vector<TrendPoint> points;          // of dates[0 … points.size())
    std::vector<float> series;               // [c * dates + k]
    std::vector<int16_t> tiers;              // [c * dates + k]
    double seconds = 0;
    double longest_step = 0;                 // Update's guess of what the next step costs
    // dates[points.size()] is scored in steps (engine/score/scoring.h's cut): begun, its
    // customers' population found up to populated_to, then the engine's ScoreSteps.
    bool date_begun = false;
    uint32_t populated_to = 0;
    ScoreSteps scoring;
    // The dates Finish will compare (MoversDates at Begin), their sides kept as they are
    // scored: then the movers cost no replay of their own at the end.
    size_t movers_from = 0, movers_to = 0;
    TrendMovers sides;
    bool have_before = false, have_after = false;
  };
  void Begin(const ScoreSession& s, uint64_t scores_version);
  void Step(const ScoreSession& s, ScoreTable* table);
  void EndDate(const ScoreSession& s, const ScoreTable& table);  // the date's point, series and movers side
  void Finish(const ScoreSession& s);
  // The dates compared once a history of `days` is shown: the ones compared before when the
  // data and its number of dates are the same (a weight edited), else about a month back
  // against the last. {0, 0} with fewer than two dates.
  std::pair<size_t, size_t> MoversDates(const ScoreSession& s, const std::vector<int32_t>& days) const;
  void ComputeMovers(const ScoreSession& s);
  void CountMovers(const ScoreSession& s);  // movers_' rows and matrix from its two sides

  const ScoreSession* session_ = nullptr;
  uint64_t scores_version_ = 0, options_version_ = 1, computed_options_ = 0;
  bool computed_ = false, events_shape_ = false;
  std::string error_;
  std::vector<TrendPoint> points_;
  std::vector<float> series_;                // [c * points + k]
  std::vector<int16_t> tiers_;               // [c * points + k]
  double seconds_ = 0;
  History pending_;
  // Reused from date to date. A date gives only scores and tiers (points, series,
  // movers' sides), so its table keeps no measure or points layer: 16 of its 24 bytes
  // per customer and activity (with 10 activities, 16 MB for 100k customers, 160 MB
  // for 1M). The table's accessors give the same points either way (ScoreTable).
  ScoreTable scratch_ = LeanTable();
  static ScoreTable LeanTable() {
    ScoreTable t;
    t.keep_measures = false;  // and no points layer, as every table
    return t;
  }
  uint64_t steps_ = 0;
  TrendMovers movers_;
  bool movers_ok_ = false;
};

// The date index about `days` before the last date (at least one step back), for
// the default comparison: "last month" on weekly points is four weeks back.
size_t PointBefore(const std::vector<int32_t>& dates, int32_t days);

}  // namespace ces::app
