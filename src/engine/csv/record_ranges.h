// Where a file can be cut into parts that are read separately and in parallel
// (`ces score --threads`): byte positions that start a record. Bytes in, offsets
// out; the caller reads the file. A cut chosen here is only a guess for a quoted
// field with line breaks (the bytes before it do not say whether a quote is open):
// the part that ends at it must end between records (CsvReader::at_record_boundary),
// or the file is read in one part.
#pragma once
#include <cstddef>
#include <string_view>

#include "engine/csv/value_parse.h"
#include "engine/model/model.h"

namespace ces {

constexpr size_t kNoCut = static_cast<size_t>(-1);

// The length of the header record (its line end included) when it is the first
// line of `head` (the file's first bytes), read with `delimiter` (0: sniffed); else
// kNoCut: a header with a line break inside quotes, UTF-16, or no line end in `head`.
size_t HeaderRecordLength(std::string_view head, char delimiter);

// In `bytes`, which start at a line start: the first line start whose row's UTC day
// (field `time_column` read with `format`) is later than every day before it in
// `bytes`, so that parts cut there hold whole days of a file in time order; kNoCut
// when none. Quoted fields are understood within a line; a line whose quote stays open
// (a field with a line break) is stepped over, and never cut right after.
size_t DayChangeAfter(std::string_view bytes, char delimiter, size_t time_column, TimeFormat format);

// Where to cut near a nominal position, `bytes` starting one byte before it: the
// offset in `bytes` of the first line start after it, or with `time_column` >= 0 (and
// a delimiter) the first one there where a later day starts (DayChangeAfter); kNoCut
// when there is none in `bytes` (then no cut there: fewer parts). The command line's
// and the page's rule (`ces score --threads`, the page's workers).
size_t CutInWindow(std::string_view bytes, char delimiter, int time_column, TimeFormat format);

// CutInWindow over bytes read a piece at a time: until it finds a cut, Find is called
// again with the same bytes and more after them, and scans only the lines it has not
// scanned yet (the command line reads up to 64 MiB where days are long; scanning it
// all again after each doubling cost up to ~200 ms on a file of one day: docs/threads.md).
class CutFinder {
 public:
  // `starts_at_line`: the bytes start a line (DayChangeAfter), not a byte before one.
  CutFinder(char delimiter, int time_column, TimeFormat format, bool starts_at_line = false);
  size_t Find(std::string_view bytes);

 private:
  char delimiter_;
  int time_column_;
  TimestampReader reader_;
  size_t first_line_end_ = kNoCut;  // where the first whole line starts
  size_t at_ = 0;                   // the next line to scan
  bool any_ = false, previous_read_ = false;
  int32_t latest_ = 0;  // the latest day so far
};

}  // namespace ces
