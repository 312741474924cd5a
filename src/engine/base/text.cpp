#include "engine/base/text.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace ces {
namespace {

// Windows-1252 code points for bytes 0x80..0x9F.
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

// Lower-cases ASCII and Latin-1 capitals (U+00C0..U+00DE except U+00D7) in UTF-8.
// Returns the folded code point of the character at s[i] and advances i.
uint32_t FoldNext(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  }
  if (c == 0xC3 && i + 1 < s.size()) {
    unsigned char d = static_cast<unsigned char>(s[i + 1]);
    i += 2;
    uint32_t cp = 0xC0 + (d & 0x3F);
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 32;
    return cp;
  }
  ++i;
  return 0x100 + c;  // any other byte compares as itself
}

}  // namespace

bool IsAscii(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size(), i = 0;
#if defined(__SSE2__)
  for (; i + 64 <= n; i += 64) {  // 64 bytes a step: OR them, test the high bits once
    __m128i a = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)),
                             _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16)));
    __m128i b = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 32)),
                             _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 48)));
    if (_mm_movemask_epi8(_mm_or_si128(a, b))) return false;
  }
#elif defined(__wasm_simd128__)
  for (; i + 64 <= n; i += 64) {
    v128_t a = wasm_v128_or(wasm_v128_load(p + i), wasm_v128_load(p + i + 16));
    v128_t b = wasm_v128_or(wasm_v128_load(p + i + 32), wasm_v128_load(p + i + 48));
    if (wasm_i8x16_bitmask(wasm_v128_or(a, b))) return false;
  }
#endif
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ull) return false;
  }
  for (; i < n; ++i)
    if (static_cast<unsigned char>(p[i]) >= 0x80) return false;
  return true;
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    if (i + 8 <= n) {  // skip ASCII eight bytes at a time
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (!(w & 0x8080808080808080ull)) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;        // overlong
      if (c == 0xED) hi = 0x9F;        // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;        // overlong
      if (c == 0xF4) hi = 0x8F;        // above U+10FFFF
    } else {
      return false;
    }
    if (i + len > n) return false;
    if (p[i + 1] < lo || p[i + 1] > hi) return false;
    for (size_t k = 2; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void AppendWindows1252AsUtf8(std::string_view s, std::string& out) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) out.push_back(ch);
    else if (c < 0xA0) AppendUtf8(kCp1252High[c - 0x80], out);
    else AppendUtf8(c, out);
  }
}

bool Utf8ToWindows1252(std::string_view s, std::string& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    uint32_t cp;
    unsigned char c = p[i];
    if (c < 0x80) { cp = c; i += 1; }
    else if ((c & 0xE0) == 0xC0 && i + 1 < n) { cp = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F); i += 2; }
    else if ((c & 0xF0) == 0xE0 && i + 2 < n) {
      cp = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F); i += 3;
    } else return false;
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) { out.push_back(static_cast<char>(cp)); continue; }
    bool found = false;
    for (int k = 0; k < 32; ++k) {
      if (kCp1252High[k] == cp) { out.push_back(static_cast<char>(0x80 + k)); found = true; break; }
    }
    if (!found) return false;
  }
  return true;
}

void Utf16Decoder::Emit(uint16_t unit, std::string& out) {
  if (high_surrogate_) {
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      uint32_t cp = 0x10000 + ((static_cast<uint32_t>(high_surrogate_) - 0xD800) << 10) + (unit - 0xDC00);
      high_surrogate_ = 0;
      AppendUtf8(cp, out);
      return;
    }
    high_surrogate_ = 0;
    AppendUtf8(0xFFFD, out);
    ++replacements_;
  }
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    high_surrogate_ = unit;
  } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
    AppendUtf8(0xFFFD, out);
    ++replacements_;
  } else {
    AppendUtf8(unit, out);
  }
}

void Utf16Decoder::Decode(const char* data, size_t size, std::string& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  size_t i = 0;
  if (has_byte_ && size > 0) {
    uint16_t unit = big_endian_ ? static_cast<uint16_t>(byte_ << 8 | p[0]) : static_cast<uint16_t>(p[0] << 8 | byte_);
    has_byte_ = false;
    Emit(unit, out);
    i = 1;
  }
  for (; i + 2 <= size; i += 2) {
    uint16_t unit = big_endian_ ? static_cast<uint16_t>(p[i] << 8 | p[i + 1]) : static_cast<uint16_t>(p[i + 1] << 8 | p[i]);
    if (unit < 0x80 && !high_surrogate_) out.push_back(static_cast<char>(unit));  // fast path
    else Emit(unit, out);
  }
  if (i < size) {
    has_byte_ = true;
    byte_ = p[i];
  }
}

void Utf16Decoder::Finish(std::string& out) {
  if (high_surrogate_ || has_byte_) {
    AppendUtf8(0xFFFD, out);
    ++replacements_;
  }
  high_surrogate_ = 0;
  has_byte_ = false;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (FoldNext(a, i) != FoldNext(b, j)) return false;
  }
  return i == a.size() && j == b.size();
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

bool HasControlCharacter(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size(); ++i) {
    if (p[i] < 0x20 || p[i] == 0x7F) return true;
    if (p[i] == 0xC2 && i + 1 < s.size() && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F) return true;  // C1
  }
  return false;
}

std::string QuoteForMessage(std::string_view s, size_t max_chars) {
  std::string out = "\"";
  size_t chars = 0, i = 0;
  while (i < s.size()) {
    if (chars == max_chars) {
      out += "…";
      break;
    }
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) {
      static const char* kHex = "0123456789ABCDEF";
      if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else { out += "\\x"; out += kHex[c >> 4]; out += kHex[c & 15]; }
      ++i;
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else {
      size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      std::string_view seq = s.substr(i, len);
      if (len > 1 && seq.size() == len && IsValidUtf8(seq)) {
        out += seq;
        i += len;
      } else {  // not UTF-8 here: show it as Windows-1252, as the file will be read
        AppendWindows1252AsUtf8(s.substr(i, 1), out);
        ++i;
      }
    }
    ++chars;
  }
  out += "\"";
  return out;
}

}  // namespace ces
