#include <doctest/doctest.h>

#include <random>

#include "engine/csv/csv_scan.h"

using namespace ces;

namespace {
void ScalarMasks(const char* s, char d, uint64_t* special, uint64_t* quotes) {
  *special = *quotes = 0;
  for (int i = 0; i < 64; ++i) {
    const char c = s[i];
    if (c == d || c == '"' || c == '\r' || c == '\n') *special |= 1ull << i;
    if (c == '"') *quotes |= 1ull << i;
  }
}
}  // namespace

TEST_CASE("special-byte masks: the portable and the SIMD versions agree with a byte loop") {
  std::mt19937_64 rng(99);
  const char alphabet[] = {',', ';', '\t', '|', '"', '\r', '\n', 'a', '\0', '\x7f', '\x80', '\xff', '\x01', '+'};
  char block[64];
  for (int round = 0; round < 20000; ++round) {
    for (char& c : block) c = round % 3 ? alphabet[rng() % sizeof alphabet] : static_cast<char>(rng());
    for (char d : {',', ';', '\t', '|'}) {
      uint64_t es, eq, ps, pq;
      ScalarMasks(block, d, &es, &eq);
      SpecialMasksPortable(block, d, &ps, &pq);
      REQUIRE(ps == es);
      REQUIRE(pq == eq);
#if defined(__SSE2__) || defined(__wasm_simd128__)
      uint64_t vs, vq;
      SpecialMasksSimd(block, d, &vs, &vq);
      REQUIRE(vs == es);
      REQUIRE(vq == eq);
#endif
    }
  }
}

TEST_CASE("the scanner finds every special byte in order, across blocks and a short tail") {
  std::string text;
  std::mt19937 rng(5);
  for (int i = 0; i < 1000; ++i) text.push_back("ab,\"\r\nxyz"[rng() % 9]);
  SpecialByteScanner scan(text.data(), text.size(), ',');
  size_t pos = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ',' || c == '"' || c == '\r' || c == '\n') {
      REQUIRE(scan.Next(pos) == i);
      pos = i + 1;
    }
  }
  CHECK(scan.Next(pos) == text.size());
}
