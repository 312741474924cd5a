#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "engine/base/number_format.h"

using namespace ces;

namespace {
// The spec's definition, through the C library: printf("%.6f"), trailing zeros cut, no -0.
std::string ViaPrintf(double x) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.6f", x);
  std::string s = buf;
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}
double RoundViaPrintf(double x) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.6f", x);
  return std::strtod(buf, nullptr);
}
}  // namespace

TEST_CASE("numbers print with up to 6 decimals, no trailing zeros, never -0") {
  CHECK(FormatNumber(12.5) == "12.5");
  CHECK(FormatNumber(3) == "3");
  CHECK(FormatNumber(-1.0 / 3) == "-0.333333");
  CHECK(FormatNumber(2.0 / 3) == "0.666667");
  CHECK(FormatNumber(-0.0) == "0");
  CHECK(FormatNumber(-0.0000004) == "0");
  CHECK(FormatNumber(0.0000005) == "0");         // 5e-7 is a hair below the half in binary
  CHECK(FormatNumber(0.0000015) == "0.000002");  // and 1.5e-6 a hair above
  CHECK(FormatNumber(0.0078125) == "0.007812");  // an exact binary half: to even
  CHECK(FormatNumber(0.0234375) == "0.023438");  // exact half, rounds up to even
  CHECK(FormatNumber(100) == "100");
  CHECK(FormatNumber(1e20) == "100000000000000000000");
  CHECK(FormatNumber(-123456.0000001) == "-123456");
}

TEST_CASE("formatting and rounding agree with printf(\"%.6f\") on the exact binary value") {
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int i = 0; i < 200000; ++i) {
    double x;
    switch (i % 6) {
      case 0: x = (unit(rng) - 0.5) * 200; break;                                        // ordinary
      case 1: x = std::ldexp(static_cast<double>(rng() % 2000001) - 1000000, -20); break;  // exact binary halves
      case 2: x = (static_cast<double>(rng() % 20000001) - 10000000) / 1e7 + 5e-7; break;  // near ties
      case 3: x = std::ldexp(unit(rng), static_cast<int>(rng() % 80) - 40); break;         // wide range
      case 4: x = (unit(rng) - 0.5) * 2e12; break;                                        // large
      default: x = (unit(rng) - 0.5) * 4e15; break;  // beyond 2^64 micro-units (~1.8e13): the 128-bit digits
    }
    CAPTURE(x);
    REQUIRE(FormatNumber(x) == ViaPrintf(x));
    double r = RoundTo6(x);
    double expected = RoundViaPrintf(x);
    if (expected == 0) expected = std::copysign(0.0, x);
    REQUIRE(r == expected);
  }
}

TEST_CASE("rounding to 6 decimals is idempotent and stable at both ends of the range") {
  CHECK(RoundTo6(1.0000005) == 1.000001);   // above the half in binary
  CHECK(RoundTo6(0.1234564999) == 0.123456);
  CHECK(RoundTo6(9e9 + 0.25) == 9e9 + 0.25);
  for (double x : {0.1, 1.0 / 3, 123.456789123, -77.0000001, 8589934591.9999}) CHECK(RoundTo6(RoundTo6(x)) == RoundTo6(x));
}
