// Fuzz target: timestamp parsing and the calendar.
//
// Input: byte 0 picks the time format (auto, iso8601, epoch_s, epoch_ms, mdy, dmy);
// the rest is the cell. Checks: parsed days lie in years 1..9999 (give or take the
// day an offset moves them); auto agrees with the explicit format it recognised;
// a plain YYYY-MM-DD date round-trips through FormatDate; epoch values are the floor
// of value / units-per-day; slash dates carry an order that makes a real date; and
// the calendar functions invert each other around the parsed day.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "engine/base/text.h"
#include "engine/csv/value_parse.h"

namespace {

const int32_t kFirstDay = ces::DaysFromCivil(1, 1, 1) - 1;      // an offset may move 0001-01-01 back a day
const int32_t kLastDay = ces::DaysFromCivil(9999, 12, 31) + 1;  // … or 9999-12-31 forward

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

void CheckCalendar(int32_t day) {
  int y, m, d;
  ces::CivilFromDays(day, &y, &m, &d);
  FUZZ_CHECK(ces::DaysFromCivil(y, m, d) == day, "DaysFromCivil inverts CivilFromDays at " + std::to_string(day));
  FUZZ_CHECK(m >= 1 && m <= 12 && d >= 1 && d <= 31, "CivilFromDays gives a real month and day");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const ces::TimeFormat kFormats[6] = {ces::TimeFormat::kAuto, ces::TimeFormat::kIso8601,
                                              ces::TimeFormat::kEpochSeconds, ces::TimeFormat::kEpochMillis,
                                              ces::TimeFormat::kMdy, ces::TimeFormat::kDmy};
  const ces::TimeFormat format = kFormats[data[0] % 6];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string shown = ces_fuzz::Show(text);
  const ces::ParsedTime t = ces::ParseTimestamp(text, format);

  if (t.kind == ces::ParsedTime::kDay) {
    FUZZ_CHECK(t.day >= kFirstDay && t.day <= kLastDay, "the day of " + shown + " is in years 1..9999");
    CheckCalendar(t.day);
    CheckCalendar(t.day - 1);
    CheckCalendar(t.day + 1);
  } else if (t.kind == ces::ParsedTime::kSlashDate) {
    FUZZ_CHECK(format == ces::TimeFormat::kAuto, "only auto leaves the order of a slash date open");
    int32_t md = 0, dm = 0;
    const bool md_ok = ces::SlashDateDay(t.first, t.second, t.year, false, &md);
    const bool dm_ok = ces::SlashDateDay(t.first, t.second, t.year, true, &dm);
    FUZZ_CHECK(md_ok || dm_ok, "a slash date " + shown + " is a real date in one order at least");
    // The explicit formats read the same text in their order.
    const ces::ParsedTime mdy = ces::ParseTimestamp(text, ces::TimeFormat::kMdy);
    const ces::ParsedTime dmy = ces::ParseTimestamp(text, ces::TimeFormat::kDmy);
    FUZZ_CHECK((mdy.kind == ces::ParsedTime::kDay) == md_ok && (!md_ok || mdy.day == md), "mdy agrees on " + shown);
    FUZZ_CHECK((dmy.kind == ces::ParsedTime::kDay) == dm_ok && (!dm_ok || dmy.day == dm), "dmy agrees on " + shown);
  }

  if (format == ces::TimeFormat::kAuto && t.kind == ces::ParsedTime::kDay) {
    const std::string_view s = ces::TrimSpaces(text);
    if (AllDigits(s)) {
      FUZZ_CHECK(s.size() == 9 || s.size() == 10 || s.size() == 12 || s.size() == 13,
                 "auto reads only 9-10 or 12-13 digit epochs: " + shown);
      const bool seconds = s.size() <= 10;
      const ces::ParsedTime e =
          ces::ParseTimestamp(text, seconds ? ces::TimeFormat::kEpochSeconds : ces::TimeFormat::kEpochMillis);
      FUZZ_CHECK(e.kind == ces::ParsedTime::kDay && e.day == t.day, "auto and the epoch format agree on " + shown);
      const long long v = std::stoll(std::string(s));
      FUZZ_CHECK(t.day == v / (seconds ? 86400LL : 86400000LL), "an epoch's day is value / units per day: " + shown);
    } else {
      const ces::ParsedTime iso = ces::ParseTimestamp(text, ces::TimeFormat::kIso8601);
      FUZZ_CHECK(iso.kind == ces::ParsedTime::kDay && iso.day == t.day, "auto and iso8601 agree on " + shown);
    }
  }

  if (t.kind == ces::ParsedTime::kDay && (format == ces::TimeFormat::kAuto || format == ces::TimeFormat::kIso8601)) {
    const std::string_view s = ces::TrimSpaces(text);
    if (s.size() == 10 && !AllDigits(s)) {  // a bare date
      FUZZ_CHECK(ces::FormatDate(t.day) == s, "a date round-trips through FormatDate: " + shown);
      int32_t day = 0;
      FUZZ_CHECK(ces::ParseIsoDate(s, &day) && day == t.day, "ParseIsoDate agrees on " + shown);
    }
  }

  int32_t day = 0;
  if (ces::ParseIsoDate(text, &day)) {
    FUZZ_CHECK(ces::FormatDate(day) == text, "ParseIsoDate reads exactly YYYY-MM-DD: " + shown);
    CheckCalendar(day);
  }
  return 0;
}
