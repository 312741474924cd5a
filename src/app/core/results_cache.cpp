#include "app/core/results_cache.h"

#include <algorithm>

namespace ces::app {

const std::vector<uint32_t>& ResultsCache::Rows(const ScoreSession& s) {
  if (rows_version_ != version_) {
    rows_ = QueryResults(s.dataset(), s.model(), s.table(), query);
    rows_version_ = version_;
  }
  return rows_;
}

const ScoreHistogram& ResultsCache::Histogram(const ScoreSession& s, size_t bins) {
  if (histogram_version_ != version_ || histogram_bins_ != bins) {
    double lo = 0, hi = 100;
    ScoreRange(s.model(), s.table(), &lo, &hi);
    histogram_ = HistogramOfScores(s.table(), bins, lo, hi);
    histogram_version_ = version_;
    histogram_bins_ = bins;
  }
  return histogram_;
}

const std::vector<SegmentStats>& ResultsCache::Segments(const ScoreSession& s) {
  if (segments_version_ != version_) {
    segments_ = ComputeSegmentStats(s.dataset(), s.model(), s.table());
    segments_version_ = version_;
  }
  return segments_;
}

const std::vector<double>& ResultsCache::MeanPoints(const ScoreSession& s) {
  if (means_version_ != version_) {
    means_ = ces::MeanPoints(s.model(), s.table());
    means_version_ = version_;
  }
  return means_;
}

const std::vector<double>& ResultsCache::GroupMeans(const ScoreSession& s) {
  if (group_means_version_ != version_) {
    group_means_ = ces::GroupMeans(s.table());
    group_means_version_ = version_;
  }
  return group_means_;
}

size_t ResultsCache::RankOf(const ScoreSession& s, uint32_t customer) {
  if (rank_version_ != version_ || rank_customer_ != customer) {
    const std::vector<uint32_t>& order = s.table().order;
    rank_ = static_cast<size_t>(std::find(order.begin(), order.end(), customer) - order.begin());
    rank_version_ = version_;
    rank_customer_ = customer;
  }
  return rank_;
}

}  // namespace ces::app
