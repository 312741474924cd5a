// The delimiters CES reads (spec section 1: comma, semicolon, tab, pipe) and their
// names, in one table: the sniffer's candidates, `ces inspect`, the page's facts
// and its delimiter picker all read it, so a new delimiter is one row.
#pragma once
#include <cstddef>
#include <string>

namespace ces {

struct CsvDelimiter {
  char delimiter;     // 0 = automatic (sniffed)
  const char* word;   // "comma", "semicolon", "tab", "pipe", "automatic"
  const char* label;  // for a picker: the word and the character ("comma  ,")
};

// Automatic first, then the candidates in the order the sniffer prefers them on a tie.
inline constexpr CsvDelimiter kCsvDelimiters[] = {
    {'\0', "automatic", "automatic"},
    {',', "comma", "comma  ,"},
    {';', "semicolon", "semicolon  ;"},
    {'\t', "tab", "tab"},
    {'|', "pipe", "pipe  |"},
};
inline constexpr size_t kCsvDelimiterCount = sizeof kCsvDelimiters / sizeof kCsvDelimiters[0];

const char* DelimiterWord(char delimiter);   // "comma", …; "automatic" for 0 and unknown bytes
const char* DelimiterLabel(char delimiter);  // "comma  ,", …

}  // namespace ces
