#include "app/read_job.h"

#include <algorithm>

namespace ces::app {

CsvProfile ProfilePrefix(std::string_view bytes, bool whole_file) {
  if (!whole_file) {
    // Stop at the last line break, so the profile never sees half a row. (A line
    // break inside a quoted field may still cut one; a preview can live with that.)
    const size_t end = bytes.find_last_of("\r\n");
    // UTF-16 LE writes a line break as 0A 00: keep its second byte.
    const bool utf16le = bytes.size() >= 2 && bytes[0] == '\xFF' && bytes[1] == '\xFE';
    if (end != std::string_view::npos && end > 0) bytes = bytes.substr(0, std::min(bytes.size(), end + (utf16le ? 2 : 1)));
  }
  CsvReader reader;
  CsvInspector inspector(&reader, 20);
  reader.Feed(bytes.data(), bytes.size(), inspector);
  reader.Finish(inspector);
  return inspector.Result();
}

}  // namespace ces::app
