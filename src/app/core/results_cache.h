// What the results screen derives from a scored table, computed when first needed
// after each re-score and kept until the next: the table's rows for the current
// sort and filter, the histogram, segment statistics, mean points per activity and
// mean score per group.
// Keeps each frame cheap with a million customers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/results/results_view.h"
#include "engine/score/scoring.h"
#include "engine/session.h"

namespace ces::app {

class ResultsCache {
 public:
  void Invalidate() { ++version_; }    // the scores changed
  uint64_t version() const { return version_; }  // bumps whenever the scores change

  // The customers to list, for the current query.
  const std::vector<uint32_t>& Rows(const ScoreSession& s);
  const ScoreHistogram& Histogram(const ScoreSession& s, size_t bins);
  const std::vector<SegmentStats>& Segments(const ScoreSession& s);
  const std::vector<double>& MeanPoints(const ScoreSession& s);
  const std::vector<double>& GroupMeans(const ScoreSession& s);  // NaN: a group present for nobody
  size_t RankOf(const ScoreSession& s, uint32_t customer);  // 0 = best (position in table.order)

  ResultsQuery query;                  // edit, then call QueryChanged()
  void QueryChanged() { rows_version_ = 0; }
  std::optional<uint32_t> selected;    // customer shown in the detail view

  // Only these customers of `data` (a cell of the Trends view's migration matrix), on
  // top of the query; dropped by ClearFilter or when the rows come from another dataset.
  void FilterTo(const Dataset& data, const std::vector<uint32_t>& customers, std::string label);
  void ClearFilter();
  bool filtered() const { return filter_data_ != nullptr; }
  size_t filter_size() const { return filter_size_; }
  const std::string& filter_label() const { return filter_label_; }

 private:
  uint64_t version_ = 1;
  uint64_t rows_version_ = 0, histogram_version_ = 0, segments_version_ = 0, means_version_ = 0, group_means_version_ = 0;
  uint64_t rank_version_ = 0;
  uint32_t rank_customer_ = 0;
  size_t rank_ = 0;
  size_t histogram_bins_ = 0;
  std::vector<uint32_t> rows_;
  ScoreHistogram histogram_;
  std::vector<SegmentStats> segments_;
  std::vector<double> means_, group_means_;
  const Dataset* filter_data_ = nullptr;
  std::vector<uint8_t> filter_;        // per customer: 1 = listed
  size_t filter_size_ = 0;
  std::string filter_label_;
};

}  // namespace ces::app
