// Cutting the first bytes of a file where a row ends, so that a quick look (the
// page's mapping screen profiles the first MB) never sees half a row.
#pragma once
#include <string_view>

namespace ces {

// `bytes` up to and including its last line break (a UTF-16 LE break keeps its second
// byte); all of `bytes` when it has none. A break inside a quoted field may still cut
// a row: a preview can live with that.
std::string_view CompleteLinesPrefix(std::string_view bytes);

}  // namespace ces
