// Finds the bytes the CSV tokenizer must look at -- the delimiter, the quote, CR
// and LF -- 64 bytes at a time, so that the ordinary bytes between them are
// skipped without a per-byte branch. SSE2 natively, wasm SIMD in the browser
// (built with -msimd128), plain 64-bit arithmetic elsewhere.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace ces {

// One bit per byte of s[0..63]: `special` where the byte is the delimiter, '"', CR or
// LF; `quotes` where it is '"'. Portable version: eight bytes at a time in a word.
inline void SpecialMasksPortable(const char* s, char delimiter, uint64_t* special, uint64_t* quotes) {
  auto splat = [](char c) { return 0x0101010101010101ull * static_cast<unsigned char>(c); };
  // 0x80 in each byte of w that is zero, exactly (no borrow between bytes).
  auto zero_bytes = [](uint64_t w) {
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    return ~(((w & low7) + low7) | w | low7);
  };
  uint64_t m = 0, q = 0;
  for (int k = 0; k < 8; ++k) {
    uint64_t w;
    std::memcpy(&w, s + 8 * k, 8);
    const uint64_t is_q = zero_bytes(w ^ splat('"'));
    const uint64_t hits =
        zero_bytes(w ^ splat(delimiter)) | is_q | zero_bytes(w ^ splat('\r')) | zero_bytes(w ^ splat('\n'));
    // One bit per byte: gather the high bits of the eight bytes (little-endian words).
    m |= (((hits >> 7) * 0x0102040810204080ull) >> 56) << (8 * k);
    q |= (((is_q >> 7) * 0x0102040810204080ull) >> 56) << (8 * k);
  }
  *special = m;
  *quotes = q;
}

#if defined(__SSE2__) || defined(__wasm_simd128__)
// The same with 16-byte vectors.
inline void SpecialMasksSimd(const char* s, char delimiter, uint64_t* special, uint64_t* quotes) {
  uint64_t m = 0, q = 0;
#if defined(__SSE2__)
  const __m128i d = _mm_set1_epi8(delimiter), qq = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'),
                lf = _mm_set1_epi8('\n');
  for (int k = 0; k < 4; ++k) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 16 * k));
    __m128i is_q = _mm_cmpeq_epi8(v, qq);
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), is_q),
                               _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
    m |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hit))) << (16 * k);
    q |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(is_q))) << (16 * k);
  }
#else
  const v128_t d = wasm_i8x16_splat(delimiter), qq = wasm_i8x16_splat('"'), cr = wasm_i8x16_splat('\r'),
               lf = wasm_i8x16_splat('\n');
  for (int k = 0; k < 4; ++k) {
    v128_t v = wasm_v128_load(s + 16 * k);
    v128_t is_q = wasm_i8x16_eq(v, qq);
    v128_t hit = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, d), is_q),
                              wasm_v128_or(wasm_i8x16_eq(v, cr), wasm_i8x16_eq(v, lf)));
    m |= static_cast<uint64_t>(wasm_i8x16_bitmask(hit)) << (16 * k);
    q |= static_cast<uint64_t>(wasm_i8x16_bitmask(is_q)) << (16 * k);
  }
#endif
  *special = m;
  *quotes = q;
}
#endif

class SpecialByteScanner {
 public:
  SpecialByteScanner(const char* data, size_t size, char delimiter) : p_(data), n_(size), d_(delimiter) {}

  // The 64-byte block holding position `at`: its start, and one bit per byte that is
  // special (delimiter, quote, CR, LF) or a quote.
  struct Block {
    size_t start = ~static_cast<size_t>(0);
    uint64_t special = 0, quotes = 0;
  };
  const Block& BlockAt(size_t at) {
    const size_t start = at & ~static_cast<size_t>(63);
    if (start != block_.start) Load(start);
    return block_;
  }

  // Position of the first special byte at or after `from`; size() when there is none.
  size_t Next(size_t from) {
    if (from >= n_) return n_;
    BlockAt(from);
    uint64_t m = block_.special & (~0ull << (from - block_.start));
    while (!m) {
      if (block_.start + 64 >= n_) return n_;
      Load(block_.start + 64);
      m = block_.special;
    }
    return block_.start + static_cast<size_t>(__builtin_ctzll(m));
  }

 private:
  void Load(size_t start) {
    block_.start = start;
    if (start + 64 <= n_) {
      Masks(p_ + start, &block_.special, &block_.quotes);
    } else {
      alignas(16) char tail[64] = {};  // zero bytes are never special (the delimiter is not NUL)
      std::memcpy(tail, p_ + start, n_ - start);
      Masks(tail, &block_.special, &block_.quotes);
    }
  }

  void Masks(const char* s, uint64_t* special, uint64_t* quotes) const {
#if defined(__SSE2__) || defined(__wasm_simd128__)
    SpecialMasksSimd(s, d_, special, quotes);
#else
    SpecialMasksPortable(s, d_, special, quotes);
#endif
  }

  const char* p_;
  size_t n_;
  char d_;
  Block block_;
};

}  // namespace ces
