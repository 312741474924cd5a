// A stable sort of items by 64-bit keys, for the sorts of every customer (100k and
// more) that the page runs between frames: a comparison sort of 100k took ~15 ms
// natively and two to three times that in the page.
#pragma once
#include <cstdint>
#include <vector>

namespace ces {

// Sorts `items` by `key` ascending (key[i] belongs to items[i]; both are permuted
// together); equal keys keep their order. An LSD radix sort, 11 bits a pass, skipping
// the passes where every key has the same digit. `key_tmp` and `items_tmp` are scratch.
void RadixSortByKey(std::vector<uint64_t>& key, std::vector<uint32_t>& items, std::vector<uint64_t>& key_tmp,
                    std::vector<uint32_t>& items_tmp);

}  // namespace ces
