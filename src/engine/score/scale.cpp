#include "engine/score/scale.h"

#include <algorithm>

#include "engine/base/number_format.h"
#include "engine/base/radix_sort.h"

namespace ces {

void SortByValueDescending(const double* value, size_t stride, std::vector<uint32_t>& items, SortScratch* s) {
  const size_t n = items.size();
  std::vector<uint64_t>& key = s->keys;
  std::vector<uint64_t>& key_tmp = s->keys_tmp;
  std::vector<uint32_t>& items_tmp = s->items_tmp;
  key.resize(n);
  for (size_t i = 0; i < n; ++i) {
    key[i] = ~DoubleOrderKey(value[items[i] * stride]);  // descending
  }
  RadixSortByKey(key, items, key_tmp, items_tmp);
}

namespace {

// Percentile or min-max over one set of customers (a whole population or one segment).
void ScaleRanked(ScaleMethod method, std::vector<uint32_t>& members, const double* x, size_t xs, double* score,
                 size_t ss, SortScratch* scratch) {
  const size_t N = members.size();
  if (N == 0) return;
  SortByValueDescending(x, xs, members, scratch);
  const double lo = x[members[N - 1] * xs], hi = x[members[0] * xs];
  for (size_t i = 0; i < N;) {  // runs of equal x
    size_t j = i + 1;
    const double v = x[members[i] * xs];
    while (j < N && x[members[j] * xs] == v) ++j;
    double s;
    if (method == ScaleMethod::kMinMax) {
      s = hi == lo ? 50.0 : 100.0 * (v - lo) / (hi - lo);
    } else {
      // L = customers with a lower value, E = customers with an equal one (itself included).
      const double lower = static_cast<double>(N - j), equal = static_cast<double>(j - i);
      s = 100.0 * (lower + 0.5 * equal) / static_cast<double>(N);
    }
    s = RoundTo6(s);
    for (size_t k = i; k < j; ++k) score[members[k] * ss] = s;
    i = j;
  }
}

}  // namespace

void ApplyScale(const ScaleSpec& spec, const Dataset& data, const std::vector<uint32_t>& segment,
                const std::vector<uint32_t>& members, const double* x, size_t xs, double* score, size_t ss,
                SortScratch* scratch) {
  switch (spec.method) {
    case ScaleMethod::kRaw:
      for (uint32_t c : members) score[c * ss] = RoundTo6(x[c * xs]);
      return;
    case ScaleMethod::kTarget: {
      // Per segment id: the segment's own target when target_by_segment names it.
      std::vector<double> target;
      if (!spec.target_by_segment.empty()) {
        target.assign(data.segments.size() + 1, spec.target);
        for (const auto& [name, value] : spec.target_by_segment) {
          if (name.empty()) {
            target[0] = value;
            continue;
          }
          const uint32_t id = data.segments.Find(name);
          if (id != StringPool::kNotFound) target[id + 1] = value;
        }
      }
      for (uint32_t c : members) {
        const double t = target.empty() ? spec.target : target[segment[c]];
        score[c * ss] = RoundTo6(std::clamp(100.0 * x[c * xs] / t, 0.0, 100.0));
      }
      return;
    }
    case ScaleMethod::kMinMax:
    case ScaleMethod::kPercentile: {
      if (!spec.by_segment) {
        std::vector<uint32_t> sorted(members);
        ScaleRanked(spec.method, sorted, x, xs, score, ss, scratch);
        return;
      }
      // Customers grouped by segment, each group still in id order (a stable counting sort).
      const size_t groups = data.segments.size() + 1;
      std::vector<uint32_t> start(groups + 1, 0);
      for (uint32_t c : members) ++start[segment[c] + 1];
      for (size_t g = 0; g < groups; ++g) start[g + 1] += start[g];
      std::vector<uint32_t> grouped(members.size());
      std::vector<uint32_t> at(start.begin(), start.end() - 1);
      for (uint32_t c : members) grouped[at[segment[c]]++] = c;
      std::vector<uint32_t> one;
      for (size_t g = 0; g < groups; ++g) {
        if (start[g] == start[g + 1]) continue;
        one.assign(grouped.begin() + start[g], grouped.begin() + start[g + 1]);
        ScaleRanked(spec.method, one, x, xs, score, ss, scratch);
      }
      return;
    }
  }
}

}  // namespace ces
