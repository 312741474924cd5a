#include "engine/base/radix_sort.h"

#include <algorithm>
#include <cstring>

namespace ces {

void RadixSortByKey(std::vector<uint64_t>& key, std::vector<uint32_t>& items, std::vector<uint64_t>& key_tmp,
                    std::vector<uint32_t>& items_tmp) {
  const size_t n = items.size();
  key_tmp.resize(n);
  items_tmp.resize(n);
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  std::vector<uint32_t> count(kBuckets + 1);
  for (int shift = 0; shift < 64; shift += kBits) {
    std::fill(count.begin(), count.end(), 0u);
    for (size_t i = 0; i < n; ++i) ++count[((key[i] >> shift) & (kBuckets - 1)) + 1];
    if (std::find(count.begin() + 1, count.end(), static_cast<uint32_t>(n)) != count.end()) continue;
    for (size_t b = 0; b < kBuckets; ++b) count[b + 1] += count[b];
    for (size_t i = 0; i < n; ++i) {
      const uint32_t to = count[(key[i] >> shift) & (kBuckets - 1)]++;
      key_tmp[to] = key[i];
      items_tmp[to] = items[i];
    }
    key.swap(key_tmp);
    items.swap(items_tmp);
  }
}

void RadixSortKeys(std::vector<uint64_t>* keys, std::vector<uint64_t>* tmp) {
  const size_t n = keys->size();
  if (n < 2) return;
  if (n < 4096) {  // a pass clears 64K counters: small inputs sort faster by comparison
    std::sort(keys->begin(), keys->end());
    return;
  }
  tmp->resize(n);
  uint64_t* src = keys->data();
  uint64_t* dst = tmp->data();
  const uint64_t first = src[0];
  uint64_t differ = 0;
  for (size_t i = 1; i < n; ++i) differ |= src[i] ^ first;
  std::vector<size_t> count(1 << 16);
  for (int shift = 0; shift < 64; shift += 16) {
    if (((differ >> shift) & 0xFFFF) == 0) continue;  // every key has this digit
    std::fill(count.begin(), count.end(), 0);
    for (size_t i = 0; i < n; ++i) ++count[(src[i] >> shift) & 0xFFFF];
    size_t sum = 0;
    for (size_t& c : count) {
      const size_t v = c;
      c = sum;
      sum += v;
    }
    for (size_t i = 0; i < n; ++i) dst[count[(src[i] >> shift) & 0xFFFF]++] = src[i];
    std::swap(src, dst);
  }
  if (src != keys->data()) std::memcpy(keys->data(), src, n * sizeof(uint64_t));
}

uint64_t DoubleOrderKey(double x) {
  x += 0.0;  // −0 → +0
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
}

}  // namespace ces
