#include "engine/csv/delimiters.h"

namespace ces {

namespace {
const DelimiterName& Find(char delimiter) {
  for (const DelimiterName& d : kDelimiterChoices)
    if (d.delimiter == delimiter) return d;
  return kDelimiterChoices[0];
}
}  // namespace

const char* DelimiterWord(char delimiter) { return Find(delimiter).word; }
const char* DelimiterLabel(char delimiter) { return Find(delimiter).label; }

}  // namespace ces
