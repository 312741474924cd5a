#include "engine/csv/record_ranges.h"

#include "engine/csv/csv_reader.h"
#include "engine/csv/value_parse.h"

namespace ces {

namespace {
struct CountingSink : CsvSink {
  size_t records = 0;
  bool OnRecord(const CsvRecord&) override {
    ++records;
    return true;
  }
};
}  // namespace

size_t HeaderRecordLength(std::string_view head, char delimiter) {
  const size_t lf = head.find('\n');
  if (lf == std::string_view::npos) return kNoCut;
  if (head.size() >= 2 && ((head[0] == '\xFF' && head[1] == '\xFE') || (head[0] == '\xFE' && head[1] == '\xFF')))
    return kNoCut;  // UTF-16: a byte range may start inside a character
  // The reader itself says whether the first line is one whole record.
  CsvReader reader(delimiter);
  CountingSink sink;
  reader.Feed(head.data(), lf + 1, sink);
  return sink.records == 1 && reader.at_record_boundary() ? lf + 1 : kNoCut;
}

size_t DayChangeAfter(std::string_view bytes, char delimiter, size_t time_column, TimeFormat format) {
  TimestampReader reader(format);
  bool any = false, previous_read = false;
  int32_t latest = 0;  // the latest day so far
  size_t at = 0;
  while (at < bytes.size()) {
    const size_t lf = bytes.find('\n', at);
    if (lf == std::string_view::npos) return kNoCut;
    const std::string_view line = bytes.substr(at, lf - at);
    const bool was_read = previous_read;  // a line not read here may hold any day: never cut right after one
    previous_read = false;
    if (line.find('"') == std::string_view::npos) {
      size_t begin = 0;
      for (size_t k = 0; k < time_column && begin != std::string_view::npos; ++k) {
        begin = line.find(delimiter, begin);
        if (begin != std::string_view::npos) ++begin;
      }
      if (begin != std::string_view::npos) {
        std::string_view cell = line.substr(begin);
        cell = cell.substr(0, cell.find(delimiter));
        if (!cell.empty() && cell.back() == '\r') cell.remove_suffix(1);
        const ParsedTime t = reader.Read(cell);
        if (t.kind == ParsedTime::kDay) {
          if (any && was_read && t.day > latest) return at;
          previous_read = true;
          if (!any || t.day > latest) latest = t.day;
          any = true;
        }
      }
    }
    at = lf + 1;
  }
  return kNoCut;
}

size_t CutInWindow(std::string_view bytes, char delimiter, int time_column, TimeFormat format) {
  const size_t lf = bytes.find('\n');
  if (lf == std::string_view::npos) return kNoCut;
  if (time_column < 0 || !delimiter) return lf + 1;
  const size_t day = DayChangeAfter(bytes.substr(lf + 1), delimiter, static_cast<size_t>(time_column), format);
  return day == kNoCut ? kNoCut : lf + 1 + day;
}

}  // namespace ces
