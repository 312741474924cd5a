#include "string_pool.h"

#include <cstring>

namespace ces {

uint64_t HashBytes(const char* p, size_t n) {
  // Multiply-xorshift over 8-byte words: fast for short ids, well mixed, deterministic.
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xC2B2AE3D27D4EB4Full);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  if (n) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * 0x94D049BB133111EBull;
    h ^= h >> 29;
  }
  h *= 0xD6E8FEB86659FD93ull;
  h ^= h >> 32;
  return h;
}

uint32_t StringPool::Intern(std::string_view s, uint64_t hash, bool* added) {
  if (slots_.empty()) Grow();
  const auto h32 = static_cast<uint32_t>(hash);
  size_t i = (hash >> 32) & mask_;
  while (uint32_t slot = slots_[i]) {
    uint32_t id = slot - 1;
    if (hashes_[id] == h32) {
      std::string_view t = Get(id);
      if (t.size() == s.size() && std::memcmp(t.data(), s.data(), s.size()) == 0) {
        if (added) *added = false;
        return id;
      }
    }
    i = (i + 1) & mask_;
  }
  const uint32_t id = size();
  bytes_.insert(bytes_.end(), s.begin(), s.end());
  offsets_.push_back(bytes_.size());
  hashes_.push_back(h32);
  slots_[i] = id + 1;
  if (added) *added = true;
  if ((static_cast<size_t>(id) + 1) * 2 > slots_.size()) Grow();  // load factor <= 1/2
  return id;
}

uint32_t StringPool::Find(std::string_view s) const {
  if (slots_.empty()) return kNotFound;
  const uint64_t hash = HashBytes(s.data(), s.size());
  const auto h32 = static_cast<uint32_t>(hash);
  size_t i = (hash >> 32) & mask_;
  while (uint32_t slot = slots_[i]) {
    uint32_t id = slot - 1;
    if (hashes_[id] == h32 && Get(id) == s) return id;
    i = (i + 1) & mask_;
  }
  return kNotFound;
}

void StringPool::Grow() {
  size_t capacity = slots_.empty() ? 64 : slots_.size() * 2;
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (uint32_t id = 0; id < size(); ++id) {
    std::string_view s = Get(id);
    size_t i = (HashBytes(s.data(), s.size()) >> 32) & mask_;
    while (slots_[i]) i = (i + 1) & mask_;
    slots_[i] = id + 1;
  }
}

size_t StringPool::MemoryBytes() const {
  return bytes_.capacity() + offsets_.capacity() * sizeof(size_t) + hashes_.capacity() * 4 + slots_.capacity() * 4;
}

void StringPool::Clear() {
  bytes_.clear();
  offsets_.assign(1, 0);
  hashes_.clear();
  slots_.clear();
  mask_ = 0;
}

}  // namespace ces
