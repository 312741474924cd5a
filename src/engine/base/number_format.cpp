#include "engine/base/number_format.h"

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace ces {
namespace {

using u128 = unsigned __int128;

// round_half_even(|x| * 10^6) computed exactly, for finite |x| < 2^53.
u128 ScaledMicros(double ax) {
  if (ax == 0) return 0;
  int exp2;
  double frac = std::frexp(ax, &exp2);                  // ax = frac * 2^exp2, frac in [0.5, 1)
  auto mant = static_cast<uint64_t>(std::ldexp(frac, 53));  // exact: ax = mant * 2^(exp2 - 53)
  int shift = 53 - exp2;                                // > 0 because ax < 2^53
  u128 v = static_cast<u128>(mant) * 1000000u;          // < 2^73
  if (shift >= 100) return 0;                           // below 1e-7 by far
  if (shift == 0) return v;                             // ax in [2^52, 2^53): an integer
  u128 q = v >> shift;
  u128 rem = v - (q << shift);
  u128 half = static_cast<u128>(1) << (shift - 1);
  if (rem > half || (rem == half && (q & 1))) ++q;
  return q;
}

// Digits of v. A 128-bit division is a library call per digit, so a value that fits
// 64 bits (every |x| below ~1.8e13, i.e. nearly every figure) takes the 64-bit path:
// writing the 100k-customer table spent most of its ~120 ms in those calls.
void AppendU128(u128 v, std::string& out) {
  char buf[48];
  char* p = buf + sizeof buf;
  for (; static_cast<uint64_t>(v >> 64) != 0; v /= 10) *--p = static_cast<char>('0' + static_cast<int>(v % 10));
  auto w = static_cast<uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + static_cast<int>(w % 10));
    w /= 10;
  } while (w);
  out.append(p, static_cast<size_t>(buf + sizeof buf - p));
}

constexpr double kTwo53 = 9007199254740992.0;

}  // namespace

double RoundTo6(double x) {
  double ax = std::fabs(x);
  // Fast path: below 2^40, x * 1e6 is within 2^-13 of the exact product, so unless it
  // lies within 2^-10 of a half, rounding it rounds the exact value the same way.
  if (ax < 1099511627776.0 / 1e6) {
    const double y = ax * 1e6;
    const double r = std::nearbyint(y);
    if (std::fabs(std::fabs(y - r) - 0.5) > 0.0009765625) {
      const double q = r / 1e6;
      return std::signbit(x) ? -q : q;
    }
  }
  // From 2^33 up, one unit in the last place exceeds 1e-6: x is already the answer.
  if (!(ax < 8589934592.0)) return x;
  u128 q = ScaledMicros(ax);                    // < 2^53: exact as a double
  double r = static_cast<double>(static_cast<uint64_t>(q)) / 1e6;  // correctly rounded
  return std::signbit(x) ? -r : r;
}

void AppendNumber(double x, std::string& out) {
  if (!std::isfinite(x)) {  // never produced by the engine; kept visible, not hidden
    out += std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
    return;
  }
  double ax = std::fabs(x);
  if (ax >= kTwo53) {  // an integer: print its exact digits
    char buf[400];
    std::snprintf(buf, sizeof buf, "%.0f", x);
    out += buf;
    return;
  }
  u128 q = ScaledMicros(ax);
  if (q == 0) {
    out.push_back('0');
    return;
  }
  if (x < 0) out.push_back('-');
  unsigned frac;
  if (static_cast<uint64_t>(q >> 64) == 0) {  // 64-bit division: see AppendU128
    const auto q64 = static_cast<uint64_t>(q);
    AppendU128(q64 / 1000000u, out);
    frac = static_cast<unsigned>(q64 % 1000000u);
  } else {
    AppendU128(q / 1000000u, out);
    frac = static_cast<unsigned>(q % 1000000u);
  }
  if (frac) {
    char digits[7] = {'.'};
    for (int k = 6; k >= 1; --k) {
      digits[k] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    int len = 7;
    while (digits[len - 1] == '0') --len;
    out.append(digits, static_cast<size_t>(len));
  }
}

std::string FormatNumber(double x) {
  std::string s;
  AppendNumber(x, s);
  return s;
}

std::string FormatThousands(int64_t v) {
  const uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string digits = std::to_string(magnitude), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return v < 0 ? "-" + out : out;
}

}  // namespace ces
