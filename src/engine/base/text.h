// Text helpers: encodings (UTF-8 validation, Windows-1252, UTF-16), trimming and
// case folding. Pure functions over bytes; no locale is ever consulted.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ces {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
bool IsValidUtf8(std::string_view s);

// True when every byte is < 0x80.
bool IsAscii(std::string_view s);

// Appends the UTF-8 form of Windows-1252 text. The five bytes 1252 leaves undefined
// (0x81 0x8D 0x8F 0x90 0x9D) map to the C1 controls of the same value, as browsers do.
void AppendWindows1252AsUtf8(std::string_view s, std::string& out);

// Appends the Windows-1252 form of UTF-8 text if every character has one; false otherwise.
bool Utf8ToWindows1252(std::string_view s, std::string& out);

// Appends one code point as UTF-8.
void AppendUtf8(uint32_t code_point, std::string& out);

// Streaming UTF-16 (LE or BE) to UTF-8 transcoder: chunks may split code units and
// surrogate pairs anywhere. Unpaired surrogates become U+FFFD and are counted.
class Utf16Decoder {
 public:
  explicit Utf16Decoder(bool big_endian) : big_endian_(big_endian) {}
  void Decode(const char* data, size_t size, std::string& out);
  void Finish(std::string& out);                // flushes a dangling byte or surrogate
  uint64_t replacements() const { return replacements_; }

 private:
  void Emit(uint16_t unit, std::string& out);
  bool big_endian_;
  bool has_byte_ = false;                       // an odd byte is waiting for its pair
  uint8_t byte_ = 0;
  uint16_t high_surrogate_ = 0;                 // 0 = none pending
  uint64_t replacements_ = 0;
};

#if defined(__GNUC__)
#define CES_ALWAYS_INLINE inline __attribute__((always_inline))  // hot per-cell helpers
#else
#define CES_ALWAYS_INLINE inline
#endif

// Removes ASCII white space (space, tab, CR, LF, FF, VT) from both ends.
CES_ALWAYS_INLINE bool IsAsciiSpace(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
CES_ALWAYS_INLINE std::string_view TrimSpaces(std::string_view s) {
  // Almost every cell starts and ends with a byte above ' ': one check each end.
  if (!s.empty() && static_cast<unsigned char>(s.front()) > ' ' && static_cast<unsigned char>(s.back()) > ' ') return s;
  size_t b = 0, e = s.size();
  while (b < e && IsAsciiSpace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && IsAsciiSpace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// Compares ignoring the case of ASCII and Latin-1 letters.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Number of code points in valid UTF-8.
size_t CountCodePoints(std::string_view s);

// True when valid UTF-8 text holds a C0/C1 control character or DEL.
bool HasControlCharacter(std::string_view s);

// Renders bytes for a message: quoted, cut to `max_chars`, control bytes escaped.
std::string QuoteForMessage(std::string_view s, size_t max_chars = 60);

}  // namespace ces
