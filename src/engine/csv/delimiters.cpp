#include "engine/csv/delimiters.h"

namespace ces {

namespace {
const CsvDelimiter& Find(char delimiter) {
  for (const CsvDelimiter& d : kCsvDelimiters)
    if (d.delimiter == delimiter) return d;
  return kCsvDelimiters[0];
}
}  // namespace

const char* DelimiterWord(char delimiter) { return Find(delimiter).word; }
const char* DelimiterLabel(char delimiter) { return Find(delimiter).label; }

}  // namespace ces
