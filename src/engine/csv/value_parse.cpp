#include "engine/csv/value_parse.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "engine/base/engine_limits.h"
#include "engine/base/text.h"

namespace ces {

// ---- Calendar (proleptic Gregorian; H. Hinnant's days_from_civil algorithms) ----

int32_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153u * static_cast<unsigned>(m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void CivilFromDays(int32_t z, int* year, int* month, int* day) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (m <= 2);
  *month = static_cast<int>(m);
  *day = static_cast<int>(d);
}

bool IsValidDate(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int dim = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= dim;
}

std::string FormatDate(int32_t days) {
  int y, m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at s[i]; advances i.
bool Digits(std::string_view s, size_t& i, int count, int* out) {
  if (i + static_cast<size_t>(count) > s.size()) return false;
  int v = 0;
  for (int k = 0; k < count; ++k) {
    char c = s[i + static_cast<size_t>(k)];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  i += static_cast<size_t>(count);
  *out = v;
  return true;
}

// Reads 1..max_count digits at s[i]; advances i.
bool SomeDigits(std::string_view s, size_t& i, int max_count, int* out) {
  int v = 0, k = 0;
  while (i < s.size() && IsDigit(s[i]) && k < max_count) {
    v = v * 10 + (s[i] - '0');
    ++i;
    ++k;
  }
  if (k == 0 || (i < s.size() && IsDigit(s[i]))) return false;
  *out = v;
  return true;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// "YYYY-MM-DD": the local calendar day, validated.
bool ParseIsoLocalDate(std::string_view s, int32_t* day) {
  size_t i = 0;
  int y, mo, d;
  if (!Digits(s, i, 4, &y) || i >= s.size() || s[i++] != '-' || !Digits(s, i, 2, &mo) ||
      i >= s.size() || s[i++] != '-' || !Digits(s, i, 2, &d))
    return false;
  if (!IsValidDate(y, mo, d)) return false;
  *day = DaysFromCivil(y, mo, d);
  return true;
}

// What may follow the date: nothing, or [T t space]HH:MM[:SS[.fraction]] and an
// optional zone (Z, or an offset ±hh, ±hhmm, ±hh:mm, maybe after one space).
// *shift is how many days the UTC date differs from the local one (-1, 0 or +1);
// *ms the UTC time of day in milliseconds (finer digits ignored).
bool ParseIsoTimeAndZone(std::string_view s, int32_t* shift, int32_t* ms) {
  *shift = 0;
  *ms = 0;
  if (s.empty()) return true;
  size_t i = 0;
  char sep = s[i++];
  if (sep != 'T' && sep != 't' && sep != ' ') return false;
  int hh, mm, ss = 0, milli = 0;
  if (!Digits(s, i, 2, &hh) || i >= s.size() || s[i++] != ':' || !Digits(s, i, 2, &mm)) return false;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!Digits(s, i, 2, &ss)) return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {  // fraction: any number of digits
      ++i;
      size_t start = i;
      for (int scale = 100; i < s.size() && IsDigit(s[i]); ++i, scale /= 10) milli += (s[i] - '0') * scale;
      if (i == start) return false;
    }
  }
  if (hh > 23 || mm > 59 || ss > 59) return false;
  int64_t offset = 0;  // seconds east of UTC
  // Shopify and some SQL exports write "2024-03-05 14:22:10 -0500": one space before
  // a numeric offset is read as if it were not there.
  if (i + 1 < s.size() && s[i] == ' ' && (s[i + 1] == '+' || s[i + 1] == '-')) ++i;
  if (i < s.size()) {
    char z = s[i++];
    if (z == 'Z' || z == 'z') {
      if (i != s.size()) return false;
    } else if (z == '+' || z == '-') {
      int oh, om = 0;
      if (!Digits(s, i, 2, &oh)) return false;
      if (i < s.size()) {
        if (s[i] == ':') ++i;
        if (!Digits(s, i, 2, &om)) return false;
      }
      if (i != s.size() || oh > 23 || om > 59) return false;
      offset = (z == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    } else {
      return false;
    }
  }
  const int64_t seconds = static_cast<int64_t>(hh) * 3600 + mm * 60 + ss - offset;
  *shift = static_cast<int32_t>(FloorDiv(seconds, 86400));  // hh:mm:ss alone never leaves the day
  *ms = static_cast<int32_t>((seconds - int64_t{*shift} * 86400) * 1000 + milli);
  return true;
}

// The commonest time of day in exports, "THH:MM:SS" with "Z" or nothing after it
// (UTC, so the day does not move), checked at fixed positions. False means "not
// this exact shape", not "invalid": the caller then reads it the general way.
bool FastTimeUtc(std::string_view t, int32_t* ms) {
  if (t.size() != 9 && !(t.size() == 10 && (t[9] == 'Z' || t[9] == 'z'))) return false;
  if ((t[0] != 'T' && t[0] != ' ') || t[3] != ':' || t[6] != ':') return false;
  auto d = [&](size_t i) { return static_cast<unsigned>(t[i] - '0'); };
  if (d(1) > 9 || d(2) > 9 || d(4) > 9 || d(5) > 9 || d(7) > 9 || d(8) > 9) return false;
  if (!(d(1) * 10 + d(2) <= 23 && d(4) <= 5 && d(7) <= 5)) return false;
  *ms = static_cast<int32_t>(((d(1) * 10 + d(2)) * 3600 + (d(4) * 10 + d(5)) * 60 + d(7) * 10 + d(8)) * 1000);
  return true;
}

bool ParseIso(std::string_view s, int32_t* day_out, int32_t* ms) {
  int32_t day, shift;
  if (s.size() < 10 || !ParseIsoLocalDate(s.substr(0, 10), &day) || !ParseIsoTimeAndZone(s.substr(10), &shift, ms))
    return false;
  *day_out = day + shift;
  return true;
}

// Integer epoch value, all digits (auto) or with an optional sign and fraction (explicit).
bool ParseEpoch(std::string_view s, bool strict_digits, int64_t unit_per_day, int32_t* day, int32_t* ms) {
  size_t i = 0;
  bool neg = false;
  if (!strict_digits && i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  size_t start = i;
  int64_t v = 0;
  while (i < s.size() && IsDigit(s[i])) {
    if (i - start >= 15) return false;
    v = v * 10 + (s[i] - '0');
    ++i;
  }
  if (i == start) return false;
  bool fraction = false;
  int64_t milli = 0;  // epoch seconds: the fraction's first three digits
  if (!strict_digits && i < s.size() && s[i] == '.') {
    ++i;
    size_t fs = i;
    for (int scale = 100; i < s.size() && IsDigit(s[i]); ++i, scale /= 10) {
      if (s[i] != '0') fraction = true;
      milli += (s[i] - '0') * scale;
    }
    if (i == fs) return false;
  }
  if (i != s.size()) return false;
  // In milliseconds since the epoch, floored (a negative value with a fraction goes down).
  int64_t total = unit_per_day == 86400 ? v * 1000 + milli : v;
  if (neg) total = -total - (unit_per_day == 86400 ? 0 : (fraction ? 1 : 0));
  if (neg) v = -v - (fraction ? 1 : 0);  // floor of a negative value with a fraction
  int64_t days = FloorDiv(v, unit_per_day);
  if (days < -719162 || days > 2932896) return false;  // years 1..9999
  *day = static_cast<int32_t>(days);
  *ms = static_cast<int32_t>(total - days * 86400000);
  if (*ms < 0 || *ms >= 86400000) *ms = *ms < 0 ? 0 : 86399999;  // sub-unit rounding at a day's edge
  return true;
}

// M/D/YYYY or D/M/YYYY with an optional " HH:MM[:SS]"; *ms the time of day.
bool ParseSlash(std::string_view s, int* a, int* b, int* y, int32_t* ms) {
  *ms = 0;
  size_t i = 0;
  if (!SomeDigits(s, i, 2, a) || i >= s.size() || s[i++] != '/' || !SomeDigits(s, i, 2, b) ||
      i >= s.size() || s[i++] != '/' || !Digits(s, i, 4, y))
    return false;
  if (i < s.size() && IsDigit(s[i])) return false;
  if (i == s.size()) return true;
  if (s[i++] != ' ') return false;
  int hh, mm, ss = 0;
  if (!SomeDigits(s, i, 2, &hh) || i >= s.size() || s[i++] != ':' || !Digits(s, i, 2, &mm)) return false;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!Digits(s, i, 2, &ss)) return false;
  }
  *ms = (hh * 3600 + mm * 60 + ss) * 1000;
  return i == s.size() && hh <= 23 && mm <= 59 && ss <= 59;
}

}  // namespace

bool ParseIsoDate(std::string_view s, int32_t* days) {
  size_t i = 0;
  int y, m, d;
  if (!Digits(s, i, 4, &y) || i >= s.size() || s[i++] != '-' || !Digits(s, i, 2, &m) ||
      i >= s.size() || s[i++] != '-' || !Digits(s, i, 2, &d) || i != s.size())
    return false;
  if (!IsValidDate(y, m, d)) return false;
  *days = DaysFromCivil(y, m, d);
  return true;
}

bool SlashDateDay(int first, int second, int year, bool day_first, int32_t* day) {
  int m = day_first ? second : first, d = day_first ? first : second;
  if (!IsValidDate(year, m, d)) return false;
  *day = DaysFromCivil(year, m, d);
  return true;
}

ParsedTime TimestampReader::Read(std::string_view text) {
  if (format_ == TimeFormat::kAuto || format_ == TimeFormat::kIso8601) {
    std::string_view s = TrimSpaces(text);
    if (s.size() >= 10 && s[4] == '-') {
      ParsedTime r;
      uint64_t head;
      uint16_t tail;
      std::memcpy(&head, s.data(), 8);
      std::memcpy(&tail, s.data() + 8, 2);
      if (!have_date_ || head != date_head_ || tail != date_tail_) {
        int32_t day;
        if (!ParseIsoLocalDate(s.substr(0, 10), &day)) return r;
        date_head_ = head;
        date_tail_ = tail;
        date_day_ = day;
        have_date_ = true;
      }
      int32_t shift = 0;
      if (!FastTimeUtc(s.substr(10), &r.ms) && !ParseIsoTimeAndZone(s.substr(10), &shift, &r.ms)) return r;
      r.kind = ParsedTime::kDay;
      r.day = date_day_ + shift;
      return r;
    }
  }
  return ParseTimestamp(text, format_);
}

ParsedTime ParseTimestamp(std::string_view text, TimeFormat format) {
  ParsedTime r;
  std::string_view s = TrimSpaces(text);
  if (s.empty()) return r;
  switch (format) {
    case TimeFormat::kIso8601:
      if (ParseIso(s, &r.day, &r.ms)) r.kind = ParsedTime::kDay;
      return r;
    case TimeFormat::kEpochSeconds:
      if (ParseEpoch(s, false, 86400, &r.day, &r.ms)) r.kind = ParsedTime::kDay;
      return r;
    case TimeFormat::kEpochMillis:
      if (ParseEpoch(s, false, 86400000, &r.day, &r.ms)) r.kind = ParsedTime::kDay;
      return r;
    case TimeFormat::kMdy:
    case TimeFormat::kDmy: {
      int a, b, y;
      if (ParseSlash(s, &a, &b, &y, &r.ms) && SlashDateDay(a, b, y, format == TimeFormat::kDmy, &r.day))
        r.kind = ParsedTime::kDay;
      return r;
    }
    case TimeFormat::kAuto: break;
  }
  if (s.size() >= 10 && s[4] == '-') {
    if (ParseIso(s, &r.day, &r.ms)) r.kind = ParsedTime::kDay;
    return r;
  }
  bool all_digits = true;
  for (char c : s) all_digits = all_digits && IsDigit(c);
  if (all_digits) {
    size_t n = s.size();
    if ((n == 9 || n == 10) && ParseEpoch(s, true, 86400, &r.day, &r.ms)) r.kind = ParsedTime::kDay;
    if ((n == 12 || n == 13) && ParseEpoch(s, true, 86400000, &r.day, &r.ms)) r.kind = ParsedTime::kDay;
    return r;
  }
  int a, b, y;
  if (ParseSlash(s, &a, &b, &y, &r.ms)) {
    int32_t unused;
    if (SlashDateDay(a, b, y, false, &unused) || SlashDateDay(a, b, y, true, &unused)) {
      r.kind = ParsedTime::kSlashDate;
      r.first = a;
      r.second = b;
      r.year = y;
    }
  }
  return r;
}

// ---- Numbers ------------------------------------------------------------------

namespace {

size_t CurrencyLength(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  auto c = static_cast<unsigned char>(s[i]);
  if (c == '$') return 1;
  if (c == 0xE2 && s.substr(i, 3) == "\xE2\x82\xAC") return 3;  // € in UTF-8
  if (c == 0xC2 && s.substr(i, 2) == "\xC2\xA3") return 2;      // £ in UTF-8
  if (c == 0x80 || c == 0xA3) return 1;                         // € £ in Windows-1252
  return 0;
}

constexpr double kPow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

}  // namespace

std::string_view NumberCurrencySign(std::string_view text) {
  std::string_view s = TrimSpaces(text);
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const size_t length = CurrencyLength(s, i);
  if (!length) return {};
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == '$') return "$";
  return c == 0xE2 || c == 0x80 ? "\u20ac" : "\u00a3";
}

NumberStatus ParseNumber(std::string_view text, bool decimal_comma, double* value) {
  std::string_view s = TrimSpaces(text);
  if (s.empty()) return NumberStatus::kEmpty;
  if (s.size() > kMaxNumberChars) return NumberStatus::kInvalid;
  const size_t n = s.size();
  size_t i = 0;
  bool negative = false, have_sign = false, have_currency = false;
  for (int round = 0; round < 2; ++round) {  // sign and currency, in either order
    if (!have_sign && i < n && (s[i] == '+' || s[i] == '-')) {
      negative = s[i] == '-';
      have_sign = true;
      ++i;
    } else if (size_t cl = have_currency ? 0 : CurrencyLength(s, i)) {
      have_currency = true;
      i += cl;
      while (i < n && s[i] == ' ') ++i;
    }
  }
  // Integer part, with the commas kept for now.
  const size_t int_begin = i;
  size_t commas = 0;
  while (i < n && (IsDigit(s[i]) || s[i] == ',')) commas += s[i++] == ',';
  const size_t int_end = i;
  size_t frac_begin = i, frac_end = i;
  bool has_point = false;
  if (i < n && s[i] == '.') {
    has_point = true;
    frac_begin = ++i;
    while (i < n && IsDigit(s[i])) ++i;
    frac_end = i;
  }
  long exponent = 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    size_t es = i;
    while (i < n && IsDigit(s[i])) {
      if (exponent < 100000) exponent = exponent * 10 + (s[i] - '0');
      ++i;
    }
    if (i == es) return NumberStatus::kInvalid;
    if (eneg) exponent = -exponent;
  }
  if (i != n) return NumberStatus::kInvalid;

  // Collect the significant digits: integer part then fraction.
  char digits[kMaxNumberChars + 1];
  size_t nd = 0;
  long frac_digits = 0;
  std::string_view int_part = s.substr(int_begin, std::min(int_end - int_begin, kMaxNumberChars));
  if (commas == 0) {
    for (char c : int_part) digits[nd++] = c;
  } else if (decimal_comma && commas == 1 && !has_point) {  // 1234,50
    const size_t comma = int_part.find(',');
    if (comma == std::string_view::npos) return NumberStatus::kInvalid;  // (cannot happen: one comma)
    for (size_t k = 0; k < comma; ++k) digits[nd++] = int_part[k];
    for (size_t k = comma + 1; k < int_part.size(); ++k, ++frac_digits) digits[nd++] = int_part[k];
    if (comma + 1 == int_part.size()) return NumberStatus::kInvalid;  // "12,"
  } else {  // thousands separators: 1-3 digits, then groups of exactly three
    size_t group = 0;
    bool first = true;
    for (char c : int_part) {
      if (c == ',') {
        if ((first && (group == 0 || group > 3)) || (!first && group != 3)) return NumberStatus::kInvalid;
        first = false;
        group = 0;
      } else {
        digits[nd++] = c;
        ++group;
      }
    }
    if (group != 3) return NumberStatus::kInvalid;
  }
  for (size_t k = frac_begin; k < frac_end; ++k, ++frac_digits) digits[nd++] = s[k];
  if (nd == 0) return NumberStatus::kInvalid;  // "." or "$" alone

  // Exact fast path (Clinger): at most 15 significant digits and a small power of ten.
  size_t lead = 0;
  while (lead < nd && digits[lead] == '0') ++lead;
  long dec_exp = exponent - frac_digits;
  double v;
  if (nd - lead <= 15 && dec_exp >= -22 && dec_exp <= 22) {
    uint64_t m = 0;
    for (size_t k = lead; k < nd; ++k) m = m * 10 + static_cast<uint64_t>(digits[k] - '0');
    v = static_cast<double>(m);
    v = dec_exp >= 0 ? v * kPow10[dec_exp] : v / kPow10[-dec_exp];
  } else {
    char buf[kMaxNumberChars + 32];
    size_t len = 0;
    for (size_t k = 0; k < nd; ++k) buf[len++] = digits[k];
    len += static_cast<size_t>(std::snprintf(buf + len, sizeof buf - len, "e%ld", dec_exp));
    buf[len] = '\0';
    v = std::strtod(buf, nullptr);
  }
  if (!std::isfinite(v) || v > kMaxDataNumber) return NumberStatus::kOutOfRange;
  *value = negative ? -v : v;
  return NumberStatus::kOk;
}

}  // namespace ces
