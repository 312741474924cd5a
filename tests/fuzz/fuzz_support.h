// Shared by the fuzz targets: a check that aborts with a message (libFuzzer then
// saves the input), chunk splits derived from the input, and records as plain data.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/csv/csv_reader.h"

#define FUZZ_CHECK(cond, what)                                                                       \
  do {                                                                                                \
    if (!(cond)) {                                                                                    \
      std::fprintf(stderr, "\nFUZZ_CHECK failed at %s:%d: %s\n  %s\n", __FILE__, __LINE__, #cond,    \
                   std::string(what).c_str());                                                        \
      std::abort();                                                                                   \
    }                                                                                                 \
  } while (0)

namespace ces_fuzz {

// Chunk sizes from a seed byte of the input: mostly tiny (splits land inside
// quotes, CRLF pairs, BOMs and UTF-16 code units), sometimes large, sometimes 0.
class Splitter {
 public:
  Splitter(uint8_t seed, size_t total) : state_(0x9E3779B97F4A7C15ull * (seed + 1) ^ total) {}
  size_t Next(size_t remaining) {
    const uint64_t r = Rand();
    size_t n;
    switch (r % 8) {
      case 0: n = 0; break;
      case 1: case 2: case 3: n = 1 + (r >> 8) % 4; break;
      case 4: case 5: n = 1 + (r >> 8) % 64; break;
      case 6: n = 1 + (r >> 8) % 4096; break;
      default: n = remaining; break;
    }
    return n < remaining ? n : remaining;
  }

 private:
  uint64_t Rand() {  // splitmix64
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t state_;
};

// Calls feed(ptr, n) over `bytes` in the chunks a Splitter picks. Each chunk lives in
// its own exactly sized heap block, so AddressSanitizer sees any read past its end.
// Stops when feed returns false. `one_byte`: every chunk is one byte.
template <class Feed>
void FeedInChunks(std::string_view bytes, uint8_t seed, Feed feed, bool one_byte = false) {
  Splitter split(seed, bytes.size());
  size_t pos = 0;
  while (pos < bytes.size()) {
    const size_t n = one_byte ? 1 : split.Next(bytes.size() - pos);
    std::unique_ptr<char[]> chunk(new char[n ? n : 1]);
    if (n) std::memcpy(chunk.get(), bytes.data() + pos, n);
    if (!feed(chunk.get(), n)) return;
    pos += n;
  }
}

// A record with its fields unquoted.
struct Row {
  int64_t line = 0;
  ces::RecordProblem problem = ces::RecordProblem::kNone;
  std::vector<std::string> fields;
  bool operator==(const Row& o) const { return line == o.line && problem == o.problem && fields == o.fields; }
  bool operator!=(const Row& o) const { return !(*this == o); }
};

inline std::string Show(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  return out + "\"";
}

inline std::string Show(const Row& r) {
  std::string out = "line " + std::to_string(r.line) + " problem " + std::to_string(static_cast<int>(r.problem)) + ":";
  for (const auto& f : r.fields) out += " " + Show(f);
  return out;
}

inline std::string FirstDifference(const std::vector<Row>& a, const std::vector<Row>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i)
    if (a[i] != b[i]) return "record " + std::to_string(i) + ":\n    " + Show(a[i]) + "\n vs " + Show(b[i]);
  return "record counts " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
}

}  // namespace ces_fuzz
