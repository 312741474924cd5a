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
