// Sorts by 64-bit keys, for the sorts of every customer (100k and more) that the page
// runs between frames: a comparison sort of 100k took ~15 ms natively and two to
// three times that in the page. Doubles sort by their DoubleOrderKey.
#pragma once
#include <cstdint>
#include <vector>

namespace ces {

// Sorts `items` by `key` ascending (key[i] belongs to items[i]; both are permuted
// together); equal keys keep their order. An LSD radix sort, 11 bits a pass, skipping
// the passes where every key has the same digit. `key_tmp` and `items_tmp` are scratch.
void RadixSortByKey(std::vector<uint64_t>& key, std::vector<uint32_t>& items, std::vector<uint64_t>& key_tmp,
                    std::vector<uint32_t>& items_tmp);

// Sorts keys alone ascending (LSD radix, 16-bit digits; digits all keys share are
// skipped; a comparison sort below 4,096 keys, where clearing the counters costs more).
void RadixSortKeys(std::vector<uint64_t>* keys, std::vector<uint64_t>* tmp);

// A double's bit pattern as an unsigned key in the double's ascending order (−0 and +0
// equal); ~key gives descending order. Not for NaN.
uint64_t DoubleOrderKey(double x);

}  // namespace ces
