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
// Not the CsvReader: a window starts at a guessed line start, which may be inside a
// quoted field, and a reader's quote state would then be inverted for every line after;
// reading each line on its own is wrong only for the lines of such a field (the cut is
// checked afterwards either way: record_ranges.h).
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

CutFinder::CutFinder(char delimiter, int time_column, TimeFormat format, bool starts_at_line)
    : delimiter_(delimiter), time_column_(time_column), reader_(format) {
  if (starts_at_line) first_line_end_ = at_ = 0;
}

size_t CutFinder::Find(std::string_view bytes) {
  if (first_line_end_ == kNoCut) {
    const size_t lf = bytes.find('\n');
    if (lf == std::string_view::npos) return kNoCut;
    first_line_end_ = lf + 1;
    at_ = first_line_end_;
  }
  if (time_column_ < 0 || !delimiter_) return first_line_end_;
  // Lines from at_ on are new: the ones before were scanned by an earlier call.
  while (at_ < bytes.size()) {
    const size_t lf = bytes.find('\n', at_);
    if (lf == std::string_view::npos) return kNoCut;  // a partial line: scanned when it is whole
    std::string_view line = bytes.substr(at_, lf - at_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const bool was_read = previous_read_;  // a line not read here may hold any day: never cut right after one
    previous_read_ = false;
    std::string_view cell;
    if (FieldOfLine(line, delimiter_, static_cast<size_t>(time_column_), &cell)) {
      const ParsedTime t = reader_.Read(cell);
      if (t.kind == ParsedTime::kDay) {
        if (any_ && was_read && t.day > latest_) return at_;
        previous_read_ = true;
        if (!any_ || t.day > latest_) latest_ = t.day;
        any_ = true;
      }
    }
    at_ = lf + 1;
  }
  return kNoCut;
}

size_t DayChangeAfter(std::string_view bytes, char delimiter, size_t time_column, TimeFormat format) {
  return CutFinder(delimiter, static_cast<int>(time_column), format, /*starts_at_line=*/true).Find(bytes);
}

size_t CutInWindow(std::string_view bytes, char delimiter, int time_column, TimeFormat format) {
  return CutFinder(delimiter, time_column, format).Find(bytes);
}

}  // namespace ces
