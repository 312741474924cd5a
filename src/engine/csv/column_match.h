// Finding a model's column in a file's header (spec v1 section 1): exact after
// trimming, else the single case-insensitive match; used by scoring and by every
// other reader of the file (outcome columns, outcome files).
#pragma once
#include <string>
#include <vector>

namespace ces {

// The index of `name` in `columns`, or -1 with `problem` saying why (not there, or ambiguous).
int FindColumn(const std::vector<std::string>& columns, const std::string& name, std::string* problem);

// The columns for a message: the first 60, quoted, then how many there are in all.
std::string ColumnList(const std::vector<std::string>& columns);

}  // namespace ces
