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

class SpecialByteScanner {
 public:
  SpecialByteScanner(const char* data, size_t size, char delimiter) : p_(data), n_(size), d_(delimiter) {}

  // Position of the first special byte at or after `from`; size() when there is none.
  size_t Next(size_t from) {
    if (from >= n_) return n_;
    const size_t block = from & ~static_cast<size_t>(63);
    if (block != block_) {
      block_ = block;
      mask_ = BlockMask(block);
    }
    uint64_t m = mask_ & (~0ull << (from - block));
    while (!m) {
      block_ += 64;
      if (block_ >= n_) return n_;
      mask_ = BlockMask(block_);
      m = mask_;
    }
    return block_ + static_cast<size_t>(__builtin_ctzll(m));
  }

 private:
  uint64_t BlockMask(size_t start) const {
    if (start + 64 <= n_) return Mask64(p_ + start);
    alignas(16) char tail[64] = {};  // zero bytes are never special (the delimiter is not NUL)
    std::memcpy(tail, p_ + start, n_ - start);
    return Mask64(tail);
  }

  uint64_t Mask64(const char* s) const {
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8(d_), q = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
    uint64_t m = 0;
    for (int k = 0; k < 4; ++k) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 16 * k));
      __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
      m |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hit))) << (16 * k);
    }
    return m;
#elif defined(__wasm_simd128__)
    const v128_t d = wasm_i8x16_splat(d_), q = wasm_i8x16_splat('"'), cr = wasm_i8x16_splat('\r'),
                 lf = wasm_i8x16_splat('\n');
    uint64_t m = 0;
    for (int k = 0; k < 4; ++k) {
      v128_t v = wasm_v128_load(s + 16 * k);
      v128_t hit = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, d), wasm_i8x16_eq(v, q)),
                                wasm_v128_or(wasm_i8x16_eq(v, cr), wasm_i8x16_eq(v, lf)));
      m |= static_cast<uint64_t>(wasm_i8x16_bitmask(hit)) << (16 * k);
    }
    return m;
#else
    uint64_t m = 0;
    for (int k = 0; k < 8; ++k) {
      uint64_t w;
      std::memcpy(&w, s + 8 * k, 8);
      uint64_t hits = ZeroBytes(w ^ Splat(d_)) | ZeroBytes(w ^ Splat('"')) | ZeroBytes(w ^ Splat('\r')) |
                      ZeroBytes(w ^ Splat('\n'));
      // One bit per byte: gather the high bits of the eight bytes.
      m |= (((hits >> 7) * 0x0102040810204080ull) >> 56) << (8 * k);
    }
    return m;
#endif
  }

#if !defined(__SSE2__) && !defined(__wasm_simd128__)
  static uint64_t Splat(char c) { return 0x0101010101010101ull * static_cast<unsigned char>(c); }
  // 0x80 in each byte of `w` that is zero, exactly (no borrow between bytes).
  static uint64_t ZeroBytes(uint64_t w) {
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    return ~(((w & low7) + low7) | w | low7);
  }
#endif

  const char* p_;
  size_t n_;
  char d_;
  size_t block_ = ~static_cast<size_t>(0);
  uint64_t mask_ = 0;
};

}  // namespace ces
