// Fuzz target: number parsing, and the rounding and printing of numbers.
//
// Input: byte 0 sets the decimal-comma flag (files delimited by `;`); the rest is a
// cell. Checks on ParseNumber: an accepted value is finite, within kMaxDataNumber,
// and bit-for-bit what strtod gives for the same digits once the currency sign,
// spaces and thousands separators are taken away (an independent normalisation).
// Checks on RoundTo6 / AppendNumber, for the parsed value and for the input's first
// eight bytes read as a double: the printed text is printf("%.6f") with trailing
// zeros cut and never "-0" (spec section 5); RoundTo6 is idempotent; reading the
// printed text back gives RoundTo6's value.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "engine/base/engine_limits.h"
#include "fuzz_support.h"
#include "engine/base/number_format.h"
#include "engine/base/text.h"
#include "engine/csv/value_parse.h"

namespace {

// printf("%.6f") with trailing zeros and a trailing point removed, "-0" as "0".
std::string PrintfReference(double x) {
  static char buf[512];
  std::snprintf(buf, sizeof buf, "%.6f", x);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

void CheckFormatting(double x) {
  if (!std::isfinite(x)) return;  // the engine never prints these (the pipeline target checks it)
  char hex[64];
  std::snprintf(hex, sizeof hex, "%a", x);
  const std::string printed = ces::FormatNumber(x);
  FUZZ_CHECK(printed == PrintfReference(x), std::string("AppendNumber matches printf(\"%.6f\") for ") + hex + ": " +
                                                printed + " vs " + PrintfReference(x));
  FUZZ_CHECK(printed != "-0", "never -0");
  const double r = ces::RoundTo6(x);
  FUZZ_CHECK(std::isfinite(r), std::string("RoundTo6 stays finite for ") + hex);
  FUZZ_CHECK(ces::RoundTo6(r) == r, std::string("RoundTo6 is idempotent for ") + hex);
  FUZZ_CHECK(ces::FormatNumber(r) == printed, std::string("a rounded value prints the same for ") + hex);
  const double back = std::strtod(printed.c_str(), nullptr);
  FUZZ_CHECK(back == r, std::string("the printed text reads back as RoundTo6's value for ") + hex + ": " + printed);
}

// The spec's number grammar, normalised independently of value_parse.cpp: returns
// digits with at most one '.', and an exponent, ready for strtod; "" when the cell
// is not a number by that grammar.
std::string Normalise(std::string_view cell, bool decimal_comma) {
  std::string_view s = ces::TrimSpaces(cell);
  std::string sign;
  auto strip_currency = [&]() {
    for (std::string_view c : {"$", "\xE2\x82\xAC", "\xC2\xA3", "\x80", "\xA3"}) {
      if (s.substr(0, c.size()) == c) {
        s.remove_prefix(c.size());
        while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
        return true;
      }
    }
    return false;
  };
  bool cur = strip_currency();
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? "-" : "";
    s.remove_prefix(1);
    if (!cur) strip_currency();
  }
  std::string mantissa, exponent;
  const size_t e = s.find_first_of("eE");
  std::string_view m = s.substr(0, e);
  if (e != std::string_view::npos) {
    std::string_view x = s.substr(e + 1);
    if (!x.empty() && (x[0] == '+' || x[0] == '-')) {
      exponent.push_back(x[0]);
      x.remove_prefix(1);
    }
    if (x.empty()) return "";
    for (char c : x)
      if (c < '0' || c > '9') return "";
    exponent.append(x);
  }
  const size_t point = m.find('.');
  std::string_view int_part = m.substr(0, point), frac = point == std::string_view::npos ? "" : m.substr(point + 1);
  for (char c : frac)
    if (c < '0' || c > '9') return "";
  const size_t commas = static_cast<size_t>(std::count(int_part.begin(), int_part.end(), ','));
  std::string digits;
  if (commas == 1 && decimal_comma && point == std::string_view::npos) {
    const size_t c = int_part.find(',');
    if (c + 1 == int_part.size()) return "";
    frac = int_part.substr(c + 1);
    int_part = int_part.substr(0, c);
    for (char ch : frac)
      if (ch < '0' || ch > '9') return "";
  } else if (commas) {  // thousands: 1-3 digits, then groups of a comma and three digits
    const size_t first = int_part.find(',');
    if (first == 0 || first > 3 || (int_part.size() - first) % 4 != 0) return "";
    for (size_t k = first; k < int_part.size(); ++k)
      if ((int_part[k] == ',') != ((k - first) % 4 == 0)) return "";
  }
  for (char c : int_part) {
    if (c == ',') continue;
    if (c < '0' || c > '9') return "";
    digits.push_back(c);
  }
  if (digits.empty() && frac.empty()) return "";
  return sign + (digits.empty() ? "0" : digits) + "." + std::string(frac) + "0" + (exponent.empty() ? "" : "e" + exponent);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const bool decimal_comma = data[0] & 1;
  const std::string_view cell(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string shown = ces_fuzz::Show(cell);

  double v = 12345.678;
  const ces::NumberStatus st = ces::ParseNumber(cell, decimal_comma, &v);
  FUZZ_CHECK((st == ces::NumberStatus::kEmpty) == ces::TrimSpaces(cell).empty(), "empty exactly when blank: " + shown);
  const std::string norm = ces::TrimSpaces(cell).size() <= ces::kMaxNumberChars ? Normalise(cell, decimal_comma) : "";
  if (st == ces::NumberStatus::kOk) {
    FUZZ_CHECK(std::isfinite(v) && std::fabs(v) <= ces::kMaxDataNumber, "an accepted number is in range: " + shown);
    FUZZ_CHECK(!norm.empty(), "an accepted number fits the grammar: " + shown);
    const double ref = std::strtod(norm.c_str(), nullptr);
    FUZZ_CHECK(std::memcmp(&ref, &v, sizeof v) == 0 || (ref == 0 && v == 0),
               "ParseNumber is correctly rounded: " + shown + " -> " + norm);
    CheckFormatting(v);
  } else if (st == ces::NumberStatus::kInvalid) {
    FUZZ_CHECK(norm.empty(), "a rejected cell does not fit the grammar: " + shown + " -> " + norm);
  } else if (st == ces::NumberStatus::kOutOfRange) {
    FUZZ_CHECK(!norm.empty(), "an out-of-range cell fits the grammar: " + shown);
    FUZZ_CHECK(!(std::fabs(std::strtod(norm.c_str(), nullptr)) <= ces::kMaxDataNumber), "out of range is over the limit: " + shown);
  }

  if (cell.size() >= 8) {  // any bit pattern as a double
    double x;
    std::memcpy(&x, cell.data(), sizeof x);
    CheckFormatting(x);
    CheckFormatting(x * 1e-6);
  }
  return 0;
}
