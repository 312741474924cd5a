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

namespace {
// Field `column` of one line, RFC 4180 quotes understood (a quoted field's "" is a
// quote); false when the line ends first or a quote opened in it is not closed by its
// end (the field goes on past the line break: the line is not a whole record).
// Exports that quote every field (spreadsheets, CRMs, Python's QUOTE_ALL) would
// otherwise never show a day change, and `ces score --threads` read them in one part.
bool FieldOfLine(std::string_view line, char delimiter, size_t column, std::string_view* cell) {
  size_t at = 0;
  for (size_t k = 0;; ++k) {
    size_t begin = at, end;
    if (at < line.size() && line[at] == '"') {
      size_t close = at + 1;
      for (;;) {
        close = line.find('"', close);
        if (close == std::string_view::npos) return false;   // open at the line's end
        if (close + 1 < line.size() && line[close + 1] == '"') {
          close += 2;  // "" inside a quoted field
          continue;
        }
        break;
      }
      begin = at + 1;
      end = close;
      at = close + 1;  // the delimiter, the line's end, or stray bytes the reader keeps
      const size_t next = line.find(delimiter, at);
      if (next != std::string_view::npos && line.find('"', at) < next) return false;  // unusual: not guessed at
      at = next;
    } else {
      at = line.find(delimiter, at);
      end = at == std::string_view::npos ? line.size() : at;
      if (line.substr(begin, end - begin).find('"') != std::string_view::npos) return false;  // a quote mid-field
    }
    if (k == column) {
      *cell = line.substr(begin, end - begin);
      return true;
    }
    if (at == std::string_view::npos) return false;  // fewer fields
    ++at;
  }
}
}  // namespace

size_t DayChangeAfter(std::string_view bytes, char delimiter, size_t time_column, TimeFormat format) {
  TimestampReader reader(format);
  bool any = false, previous_read = false;
  int32_t latest = 0;  // the latest day so far
  size_t at = 0;
  while (at < bytes.size()) {
    const size_t lf = bytes.find('\n', at);
    if (lf == std::string_view::npos) return kNoCut;
    std::string_view line = bytes.substr(at, lf - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const bool was_read = previous_read;  // a line not read here may hold any day: never cut right after one
    previous_read = false;
    std::string_view cell;
    if (FieldOfLine(line, delimiter, time_column, &cell)) {
      const ParsedTime t = reader.Read(cell);
      if (t.kind == ParsedTime::kDay) {
        if (any && was_read && t.day > latest) return at;
        previous_read = true;
        if (!any || t.day > latest) latest = t.day;
        any = true;
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
