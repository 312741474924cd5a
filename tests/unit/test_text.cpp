#include <doctest/doctest.h>

#include "engine/base/text.h"

using namespace ces;

TEST_CASE("UTF-8 validation") {
  CHECK(IsValidUtf8("plain ascii"));
  CHECK(IsValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK_FALSE(IsValidUtf8("caf\xE9"));                 // Windows-1252 é
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));                // overlong
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));            // surrogate
  CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));        // above U+10FFFF
  CHECK_FALSE(IsValidUtf8("\xE2\x82"));                // truncated
  CHECK(IsValidUtf8(std::string("a\0b", 3)));          // NUL is valid UTF-8
}

TEST_CASE("Windows-1252 decoding covers the 0x80-0x9F block and the undefined bytes") {
  std::string out;
  AppendWindows1252AsUtf8("\x80\x93\xE9\x81", out);
  CHECK(out == "\xE2\x82\xAC\xE2\x80\x9C\xC3\xA9\xC2\x81");
  std::string back;
  CHECK(Utf8ToWindows1252("\xE2\x82\xAC\xC3\xA9", back));
  CHECK(back == "\x80\xE9");
  back.clear();
  CHECK_FALSE(Utf8ToWindows1252("\xE4\xB8\xAD", back));  // 中 has no 1252 form
}

TEST_CASE("UTF-16 decoding is the same whatever the chunk boundaries") {
  // "aé😀" in UTF-16LE: 61 00 E9 00 3D D8 00 DE
  const std::string le("\x61\x00\xE9\x00\x3D\xD8\x00\xDE", 8);
  const std::string expected = "a\xC3\xA9\xF0\x9F\x98\x80";
  for (size_t chunk = 1; chunk <= le.size(); ++chunk) {
    Utf16Decoder d(false);
    std::string out;
    for (size_t i = 0; i < le.size(); i += chunk) d.Decode(le.data() + i, std::min(chunk, le.size() - i), out);
    d.Finish(out);
    CHECK(out == expected);
    CHECK(d.replacements() == 0);
  }
  Utf16Decoder be(true);
  std::string out;
  be.Decode("\x00\x61\xD8\x3D", 4, out);  // 'a' then a lone high surrogate at the end
  be.Finish(out);
  CHECK(out == "a\xEF\xBF\xBD");
  CHECK(be.replacements() == 1);
}

TEST_CASE("trimming and case-insensitive names") {
  CHECK(TrimSpaces("  a b \t\r\n") == "a b");
  CHECK(TrimSpaces("   ").empty());
  CHECK(EqualsIgnoreCase("User_ID", "user_id"));
  CHECK(EqualsIgnoreCase("\xC3\x89tat", "\xC3\xA9tat"));  // État / état
  CHECK_FALSE(EqualsIgnoreCase("user", "users"));
  CHECK(CountCodePoints("caf\xC3\xA9") == 4);
  CHECK(HasControlCharacter("a\tb"));
  CHECK(HasControlCharacter("a\xC2\x85"));  // NEL, a C1 control
  CHECK_FALSE(HasControlCharacter("caf\xC3\xA9"));
}
