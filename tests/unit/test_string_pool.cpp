#include <doctest/doctest.h>

#include <string>
#include <unordered_map>

#include "engine/base/string_pool.h"

using namespace ces;

TEST_CASE("string pool: dense ids, stable across growth, exact bytes, any length") {
  StringPool pool;
  std::unordered_map<std::string, uint32_t> expected;
  for (int i = 0; i < 200000; ++i) {
    std::string s = "id" + std::to_string(i * 7919 % 200003);
    if (i % 1000 == 0) s += std::string(static_cast<size_t>(i % 5000), 'x');  // some long ones
    bool added = false;
    uint32_t id = pool.Intern(s, &added);
    auto it = expected.find(s);
    if (it == expected.end()) {
      CHECK(added);
      CHECK(id == expected.size());
      expected.emplace(s, id);
    } else {
      CHECK_FALSE(added);
      CHECK(id == it->second);
    }
  }
  CHECK(pool.size() == expected.size());
  for (const auto& [s, id] : expected) {
    REQUIRE(pool.Get(id) == s);
    REQUIRE(pool.Find(s) == id);
  }
  CHECK(pool.Find("absent") == StringPool::kNotFound);
  // Empty strings, NUL bytes and a string bigger than a block.
  uint32_t empty = pool.Intern("");
  CHECK(pool.Get(empty).empty());
  std::string nul("a\0b", 3);
  CHECK(pool.Get(pool.Intern(nul)) == nul);
  std::string huge(3u << 20, 'h');
  CHECK(pool.Get(pool.Intern(huge)) == huge);
  CHECK(pool.Find(huge) != StringPool::kNotFound);
}

TEST_CASE("short-key equality and the recent-id cache") {
  for (size_t n = 0; n <= 20; ++n) {
    std::string a(n, 'q'), b(n, 'q');
    CHECK(SameBytes(a.data(), b.data(), n));
    for (size_t i = 0; i < n; ++i) {
      b[i] = 'r';
      CHECK_FALSE(SameBytes(a.data(), b.data(), n));
      b[i] = 'q';
    }
  }
  RecentIds recent;
  uint32_t id = 0;
  CHECK_FALSE(recent.Find("login", &id));
  recent.Remember("login", 3);
  recent.Remember("purchase", 9);
  CHECK(recent.Find("login", &id));
  CHECK(id == 3);
  CHECK_FALSE(recent.Find("logins", &id));
  for (int i = 0; i < 20; ++i) recent.Remember("e" + std::to_string(i), static_cast<uint32_t>(i));
  CHECK_FALSE(recent.Find("login", &id));  // pushed out
  CHECK(recent.Find("e19", &id));
  CHECK(id == 19);
}

// Slots hold the first 8 bytes and the length (under 15) inline: strings that share
// them, or differ only past them, or by trailing NUL bytes, stay distinct.
TEST_CASE("string pool: inline heads do not merge different strings") {
  using namespace std::string_literals;
  const std::vector<std::string> texts = {
      "", "a", "a\0"s, "a\0\0"s, "abcdefgh", "abcdefgh\0"s, "abcdefghi", "abcdefghij", "abcdefghijklmn",
      "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnoq", "abcdefghijklmnopqrstuvwxyz", "u024534", "u024535",
  };
  ces::StringPool pool;
  for (size_t round = 0; round < 2; ++round) {
    for (size_t i = 0; i < texts.size(); ++i) {
      bool added = false;
      CHECK(pool.Intern(texts[i], &added) == i);
      CHECK(added == (round == 0));
    }
  }
  for (size_t i = 0; i < texts.size(); ++i) {
    CHECK(pool.Find(texts[i]) == i);
    CHECK(pool.Get(static_cast<uint32_t>(i)) == texts[i]);
  }
  CHECK(pool.Find("abcdefgI") == ces::StringPool::kNotFound);
  CHECK(pool.Find("abcdefghijklmnoX") == ces::StringPool::kNotFound);
  // Many ids, through several table growths, all found again.
  for (int i = 0; i < 5000; ++i) pool.Intern("id" + std::to_string(i * 7919));
  for (int i = 0; i < 5000; ++i) CHECK(pool.Find("id" + std::to_string(i * 7919)) == texts.size() + i);
}
