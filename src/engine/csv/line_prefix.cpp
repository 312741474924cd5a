#include "engine/csv/line_prefix.h"

#include <algorithm>

namespace ces {

std::string_view CompleteLinesPrefix(std::string_view bytes) {
  const size_t end = bytes.find_last_of("\r\n");
  if (end == std::string_view::npos || end == 0) return bytes;
  // UTF-16 LE writes a line break as 0A 00: keep its second byte.
  const bool utf16le = bytes.size() >= 2 && bytes[0] == '\xFF' && bytes[1] == '\xFE';
  return bytes.substr(0, std::min(bytes.size(), end + (utf16le ? 2 : 1)));
}

}  // namespace ces
