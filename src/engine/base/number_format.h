// Exact decimal rounding and formatting of doubles (spec sections 3 and 5).
// Both work on the exact binary value, rounding half to even, as C's printf("%.6f")
// does -- but with our own integer arithmetic, so the native and WebAssembly builds
// agree byte for byte whatever their C library.
#pragma once
#include <cstdint>
#include <string>

namespace ces {

// The double nearest to x rounded to 6 decimal places.
double RoundTo6(double x);

// x with up to 6 decimals, trailing zeros and a trailing point removed, never "-0".
void AppendNumber(double x, std::string& out);
std::string FormatNumber(double x);

// An integer with `,` between groups of three digits (1,234,567): the CLI's and the page's counts.
std::string FormatThousands(int64_t v);

}  // namespace ces
