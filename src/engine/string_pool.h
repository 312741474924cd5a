// Interns byte strings to dense ids 0..size()-1: customer ids, event names,
// segment values, distinct values. One contiguous byte arena plus an
// open-addressing table of ids, so a string costs its bytes plus ~16 bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ces {

uint64_t HashBytes(const char* data, size_t size);

class StringPool {
 public:
  static constexpr uint32_t kNotFound = 0xFFFFFFFFu;

  // Id of `s`, adding it when new (then *added is set).
  uint32_t Intern(std::string_view s, bool* added = nullptr) { return Intern(s, HashBytes(s.data(), s.size()), added); }
  uint32_t Intern(std::string_view s, uint64_t hash, bool* added);
  uint32_t Find(std::string_view s) const;
  std::string_view Get(uint32_t id) const { return {bytes_.data() + offsets_[id], offsets_[id + 1] - offsets_[id]}; }
  uint32_t size() const { return static_cast<uint32_t>(offsets_.size() - 1); }
  size_t MemoryBytes() const;
  void Clear();

 private:
  void Grow();
  std::vector<char> bytes_;
  std::vector<size_t> offsets_{0};
  std::vector<uint32_t> hashes_;   // low bits of each string's hash: cheap rejection while probing
  std::vector<uint32_t> slots_;    // id + 1; 0 = empty
  size_t mask_ = 0;
};

}  // namespace ces
