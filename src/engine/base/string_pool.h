// Interns byte strings to dense ids 0..size()-1: customer ids, event names,
// segment values, distinct values.
//
// Layout, for lookups that touch as few cache lines as possible: an open-addressing
// table of 16-byte slots, each holding a fingerprint of the hash (with the length
// when under 15), the id, and the first 8 bytes of the string; entries
// ([id][length][bytes]) live in blocks that grow from 4 KiB to 1 MiB, so no
// allocation ever grows past a block (the browser cannot make huge ones) and entries
// never move. A lookup of a string of at most 8 bytes (customer ids like "u024534")
// reads one slot and nothing else; a longer one also reads its entry. PrefetchSlot /
// PrefetchEntry let a caller start those reads for rows it will look up a little later.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/text.h"  // CES_ALWAYS_INLINE

namespace ces {

uint64_t HashBytes(const char* data, size_t size);

// Equality of two byte ranges of length n; short ones with a couple of word loads.
inline bool SameBytes(const char* a, const char* b, size_t n) {
  auto load64 = [](const char* p) { uint64_t w; std::memcpy(&w, p, 8); return w; };
  auto load32 = [](const char* p) { uint32_t w; std::memcpy(&w, p, 4); return w; };
  if (n >= 8 && n <= 16) return load64(a) == load64(b) && load64(a + n - 8) == load64(b + n - 8);
  if (n >= 4 && n < 8) return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
  return std::memcmp(a, b, n) == 0;
}

// The ids of the last few distinct strings looked up, so that a column with a
// handful of values (event names, plans) skips hashing on most rows.
class RecentIds {
 public:
  bool Find(std::string_view s, uint32_t* id) const {
    for (size_t k = 0; k < used_; ++k) {
      const Entry& e = entries_[k];
      if (e.text.size() == s.size() && SameBytes(e.text.data(), s.data(), s.size())) {
        *id = e.id;
        return true;
      }
    }
    return false;
  }
  void Remember(std::string_view s, uint32_t id) {
    if (s.size() > 64) return;  // long texts are unlikely to repeat cheaply
    Entry& e = entries_[next_];
    e.text.assign(s.data(), s.size());
    e.id = id;
    next_ = (next_ + 1) % kSize;
    if (used_ < kSize) ++used_;
  }

 private:
  static constexpr size_t kSize = 8;
  struct Entry {
    std::string text;
    uint32_t id = 0;
  };
  Entry entries_[kSize];
  size_t used_ = 0, next_ = 0;
};

class StringPool {
 public:
  static constexpr uint32_t kNotFound = 0xFFFFFFFFu;

  StringPool() = default;
  StringPool(StringPool&&) = default;
  StringPool& operator=(StringPool&&) = default;

  // Id of `s` (at most kMaxKeyBytes), adding it when new (then *added is set).
  uint32_t Intern(std::string_view s, bool* added = nullptr) { return Intern(s, HashBytes(s.data(), s.size()), added); }
  uint32_t Intern(std::string_view s, uint64_t hash, bool* added);
  uint32_t Find(std::string_view s) const { return Find(s, HashBytes(s.data(), s.size())); }
  uint32_t Find(std::string_view s, uint64_t hash) const;
  std::string_view Get(uint32_t id) const;
  uint32_t size() const { return static_cast<uint32_t>(entries_.size()); }
  size_t MemoryBytes() const;
  void Clear();

  // Hints for batched lookups: start loading the slot of `hash`, then (once that
  // is likely in cache) the entry it points to. Always inlined: GCC finds a
  // prefetch-only function free of effects and drops calls it does not inline.
  CES_ALWAYS_INLINE void PrefetchSlot(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }
  CES_ALWAYS_INLINE void PrefetchEntry(uint64_t hash) const {
    if (slots_.empty()) return;
    const Slot& slot = slots_[hash & mask_];
    if (slot.id_plus_1 && (slot.fingerprint & kLengthMask) > 8) __builtin_prefetch(EntryAt(entries_[slot.id_plus_1 - 1]));
  }
  // For a pass over ids in a scattered order (the scored table, by score): load an id's
  // place some ids ahead, then (once that is likely in cache) its text.
  CES_ALWAYS_INLINE void PrefetchPlace(uint32_t id) const { __builtin_prefetch(&entries_[id]); }
  CES_ALWAYS_INLINE void PrefetchText(uint32_t id) const { __builtin_prefetch(EntryAt(entries_[id])); }

 private:
  static constexpr size_t kMaxBlockBytes = 1 << 20;
  struct EntryHeader {
    uint32_t id;
    uint32_t length;
  };
  const char* EntryAt(uint32_t position) const {
    return blocks_[position >> kPositionBits].get() + (static_cast<size_t>(position) & kPositionMask) * 8;
  }
  static constexpr unsigned kPositionBits = 17;  // 8-byte units in a block of up to 1 MiB
  static constexpr size_t kPositionMask = (size_t{1} << kPositionBits) - 1;
  struct Slot {
    uint32_t fingerprint;  // hash bits | min(length, 15)
    uint32_t id_plus_1;    // 0: empty
    uint64_t head;         // the first 8 bytes, zero-padded
  };
  static constexpr uint32_t kLengthMask = 15;
  static uint32_t Fingerprint(uint64_t hash, size_t length) {
    return (static_cast<uint32_t>(hash >> 32) & ~kLengthMask) | static_cast<uint32_t>(length < 15 ? length : 15);
  }
  static uint64_t Head(std::string_view s) {
    uint64_t w = 0;
    if (!s.empty()) std::memcpy(&w, s.data(), s.size() < 8 ? s.size() : 8);
    return w;
  }
  uint32_t Probe(std::string_view s, uint64_t hash, size_t* slot) const;
  uint32_t Append(std::string_view s);           // stores an entry; returns its position
  void Grow();

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0, block_size_ = 0;        // of the last block
  std::vector<uint32_t> entries_;                 // id -> entry position
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace ces
