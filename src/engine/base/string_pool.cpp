#include "engine/base/string_pool.h"

#include <algorithm>
#include <cstring>

namespace ces {

namespace {
uint64_t Load64(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
uint32_t Load32(const char* p) {
  uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}
}  // namespace

uint64_t HashBytes(const char* p, size_t n) {
  // Multiply-xorshift over 8-byte words: fast for short ids, well mixed, deterministic.
  // The last partial word is read with fixed-size (overlapping) loads: a variable-size
  // copy into a stack word stalls on store forwarding, which cost more than the rest.
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xC2B2AE3D27D4EB4Full);
  const size_t total = n;
  while (n >= 8) {
    h = (h ^ Load64(p)) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  if (n) {
    uint64_t w;
    if (total >= 8) w = Load64(p + n - 8) >> (8 * (8 - n));       // the last n bytes, from a full word
    else if (n >= 4) w = Load32(p) | static_cast<uint64_t>(Load32(p + n - 4)) << 32;
    else w = static_cast<unsigned char>(p[0]) | static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
             static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
    h = (h ^ w) * 0x94D049BB133111EBull;
    h ^= h >> 29;
  }
  h *= 0xD6E8FEB86659FD93ull;
  h ^= h >> 32;
  return h;
}

std::string_view StringPool::Get(uint32_t id) const {
  const char* e = EntryAt(entries_[id]);
  EntryHeader h;
  std::memcpy(&h, e, sizeof h);
  return {e + sizeof h, h.length};
}

uint32_t StringPool::Append(std::string_view s) {
  const size_t need = (sizeof(EntryHeader) + s.size() + 7) & ~static_cast<size_t>(7);
  if (block_used_ + need > block_size_) {
    // Blocks double from 4 KiB to 1 MiB; a string bigger than that gets a block of its own.
    size_t next = block_size_ ? std::min(block_size_ * 2, kMaxBlockBytes) : 4096;
    block_size_ = std::max(next, need);
    blocks_.emplace_back(new char[block_size_]);
    block_used_ = 0;
  }
  const auto position = static_cast<uint32_t>(((blocks_.size() - 1) << kPositionBits) | (block_used_ / 8));
  char* e = blocks_.back().get() + block_used_;
  EntryHeader h{size(), static_cast<uint32_t>(s.size())};
  std::memcpy(e, &h, sizeof h);
  if (!s.empty()) std::memcpy(e + sizeof h, s.data(), s.size());
  block_used_ += need;
  entries_.push_back(position);
  return position;
}

// Walks the probe sequence of `hash`: the id of `s` if present (else kNotFound), and
// in *slot where the walk ended (the empty slot where `s` would go).
uint32_t StringPool::Probe(std::string_view s, uint64_t hash, size_t* slot) const {
  const uint32_t fp = Fingerprint(hash, s.size());
  const uint64_t head = Head(s);
  size_t i = hash & mask_;
  while (slots_[i].id_plus_1) {
    const Slot& candidate = slots_[i];
    if (candidate.fingerprint == fp && candidate.head == head) {
      const uint32_t id = candidate.id_plus_1 - 1;
      if (s.size() <= 8) {  // the length (in the fingerprint) and the bytes matched: no entry to read
        *slot = i;
        return id;
      }
      const char* e = EntryAt(entries_[id]);
      EntryHeader h;
      std::memcpy(&h, e, sizeof h);
      if (h.length == s.size() && SameBytes(e + sizeof h, s.data(), s.size())) {
        *slot = i;
        return id;
      }
    }
    i = (i + 1) & mask_;
  }
  *slot = i;
  return kNotFound;
}

uint32_t StringPool::Intern(std::string_view s, uint64_t hash, bool* added) {
  if (slots_.empty()) Grow();
  size_t slot;
  const uint32_t found = Probe(s, hash, &slot);
  if (added) *added = found == kNotFound;
  if (found != kNotFound) return found;
  const uint32_t id = size();
  Append(s);
  slots_[slot] = {Fingerprint(hash, s.size()), id + 1, Head(s)};
  if (static_cast<size_t>(size()) * 2 > slots_.size()) Grow();  // load factor <= 1/2
  return id;
}

uint32_t StringPool::Find(std::string_view s, uint64_t hash) const {
  size_t slot;
  return slots_.empty() ? kNotFound : Probe(s, hash, &slot);
}

void StringPool::Grow() {
  const size_t capacity = slots_.empty() ? 64 : slots_.size() * 2;
  slots_.assign(capacity, Slot{0, 0, 0});
  mask_ = capacity - 1;
  for (uint32_t id = 0; id < size(); ++id) {
    std::string_view s = Get(id);
    const uint64_t hash = HashBytes(s.data(), s.size());
    size_t i = hash & mask_;
    while (slots_[i].id_plus_1) i = (i + 1) & mask_;
    slots_[i] = {Fingerprint(hash, s.size()), id + 1, Head(s)};
  }
}

size_t StringPool::MemoryBytes() const {
  size_t blocks = 0;
  for (size_t i = 0; i < blocks_.size(); ++i) blocks += std::min(kMaxBlockBytes, size_t{4096} << std::min<size_t>(i, 8));
  return blocks + entries_.capacity() * 4 + slots_.capacity() * sizeof(Slot);
}

void StringPool::Clear() { *this = StringPool(); }

}  // namespace ces
