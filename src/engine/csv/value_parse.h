// Parsing of cell values (spec section 4): numbers and timestamps. No allocation,
// no locale. Days are counted from 1970-01-01 (UTC); dates before it are negative.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ces {

// ---- Calendar ---------------------------------------------------------------
int32_t DaysFromCivil(int year, int month, int day);
void CivilFromDays(int32_t days, int* year, int* month, int* day);
bool IsValidDate(int year, int month, int day);
std::string FormatDate(int32_t days);                        // YYYY-MM-DD
bool ParseIsoDate(std::string_view s, int32_t* days);        // exactly YYYY-MM-DD

// ---- Numbers ----------------------------------------------------------------
enum class NumberStatus { kOk, kEmpty, kInvalid, kOutOfRange };

// Optional sign, digits, optional fraction and exponent; surrounding spaces, a leading
// currency sign ($ € £, also their Windows-1252 bytes), `,` thousands separators in
// groups of three. With `decimal_comma` (files delimited by `;`), a single `,` with no
// `.` is the decimal separator. |value| above kMaxDataNumber is kOutOfRange.
NumberStatus ParseNumber(std::string_view text, bool decimal_comma, double* value);
// The currency sign a number leads with, as ParseNumber skips it: "$", "€" or "£" (their
// Windows-1252 bytes read as the same signs); "" when there is none.
std::string_view NumberCurrencySign(std::string_view text);

// ---- Timestamps -------------------------------------------------------------
enum class TimeFormat { kAuto, kIso8601, kEpochSeconds, kEpochMillis, kMdy, kDmy };

struct ParsedTime {
  enum Kind {
    kDay,        // `day` holds the UTC day
    kSlashDate,  // M/D or D/M, order not fixed by the format: see first/second/year
    kInvalid,
  } kind = kInvalid;
  int32_t day = 0;
  int32_t ms = 0;                       // the UTC time of day in milliseconds (kDay and kSlashDate)
  int first = 0, second = 0, year = 0;  // kSlashDate: the two leading numbers and the year
};

// Parses a timestamp cell. With kMdy/kDmy the order is fixed and kDay is returned;
// with kAuto, slash dates come back as kSlashDate for the caller to order.
ParsedTime ParseTimestamp(std::string_view text, TimeFormat format);

// Day of a slash date under an order; false when the date does not exist.
bool SlashDateDay(int first, int second, int year, bool day_first, int32_t* day);

// ParseTimestamp with a memory of the last ISO date it read: event logs repeat the
// same date on thousands of consecutive rows, so its digits are checked and
// converted once. Results are identical to ParseTimestamp's.
class TimestampReader {
 public:
  explicit TimestampReader(TimeFormat format) : format_(format) {}
  ParsedTime Read(std::string_view text);

 private:
  TimeFormat format_;
  bool have_date_ = false;
  uint64_t date_head_ = 0;   // the date's first 8 bytes and last 2, as words: one compare
  uint16_t date_tail_ = 0;
  int32_t date_day_ = 0;
};

}  // namespace ces
