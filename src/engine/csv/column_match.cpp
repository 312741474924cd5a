#include "engine/csv/column_match.h"

#include "engine/base/text.h"

namespace ces {

int FindColumn(const std::vector<std::string>& columns, const std::string& name, std::string* problem) {
  std::vector<int> exact, folded;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) exact.push_back(static_cast<int>(i));
    else if (EqualsIgnoreCase(columns[i], name)) folded.push_back(static_cast<int>(i));
  }
  const std::vector<int>& hits = exact.empty() ? folded : exact;
  if (hits.size() == 1) return hits[0];
  if (hits.empty()) {
    *problem = "column " + QuoteForMessage(name) + " is not in the file";
  } else {
    *problem = "column " + QuoteForMessage(name) + " is ambiguous: it matches columns";
    for (int h : hits) *problem += " " + std::to_string(h + 1) + " (" + QuoteForMessage(columns[static_cast<size_t>(h)]) + ")";
  }
  return -1;
}

std::string ColumnList(const std::vector<std::string>& columns) {
  std::string list;
  for (size_t i = 0; i < columns.size() && i < 60; ++i) list += (i ? ", " : "") + QuoteForMessage(columns[i], 40);
  if (columns.size() > 60) list += ", … (" + std::to_string(columns.size()) + " columns)";
  return list;
}

}  // namespace ces
