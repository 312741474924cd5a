// The scale layer (spec v1 section 3, v2 1.3 and 1.4): from a number per customer
// (raw, or a group's points) to a score, over a set of customers, within segments
// when asked. Every score is rounded with round6 as soon as it is computed.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/aggregate/dataset.h"
#include "engine/model/model.h"

namespace ces {

// Scratch buffers kept between re-scores so that an edit does not fault in fresh memory.
struct SortScratch {
  std::vector<uint64_t> keys, keys_tmp;
  std::vector<uint32_t> items_tmp;
};

// Sorts `items` (customers) stably by value[item], highest first (RadixSortByKey on the
// value's bits mapped to an order-preserving integer). Items given in id order stay in
// id order on ties.
void SortByValueDescending(const double* value, size_t value_stride, std::vector<uint32_t>& items, SortScratch* scratch);

// Writes score[c * score_stride] for every customer c of `members` (given in id order)
// from x[c * x_stride], as `spec` says; with spec.by_segment within each value of
// `segment` (id + 1; 0, no segment, is a segment of its own). `data` names segments
// for target_by_segment.
void ApplyScale(const ScaleSpec& spec, const Dataset& data, const std::vector<uint32_t>& segment,
                const std::vector<uint32_t>& members, const double* x, size_t x_stride, double* score,
                size_t score_stride, SortScratch* scratch);

}  // namespace ces
