#include "app/core/results_cache.h"

#include <algorithm>

namespace ces::app {

const std::vector<uint32_t>& ResultsCache::Rows(const ScoreSession& s) {
  if (rows_version_ != version_) {
    rows_ = QueryResults(s.dataset(), s.model(), s.table(), query);
    if (filter_data_ && filter_data_ != &s.dataset()) ClearFilter();  // picked from another file's customers
    if (filter_data_)
      rows_.erase(std::remove_if(rows_.begin(), rows_.end(), [&](uint32_t c) { return c >= filter_.size() || !filter_[c]; }),
                  rows_.end());
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

void ResultsCache::FilterTo(const Dataset& data, const std::vector<uint32_t>& customers, std::string label) {
  filter_data_ = &data;
  filter_.assign(data.customer_count(), 0);
  for (uint32_t c : customers)
    if (c < filter_.size()) filter_[c] = 1;
  filter_size_ = customers.size();
  filter_label_ = std::move(label);
  QueryChanged();
}

void ResultsCache::ClearFilter() {
  filter_data_ = nullptr;
  std::vector<uint8_t>().swap(filter_);
  filter_size_ = 0;
  filter_label_.clear();
  QueryChanged();
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
