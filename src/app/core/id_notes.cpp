#include "app/core/id_notes.h"

#include <algorithm>
#include <cctype>

#include "engine/aggregate/dataset.h"
#include "engine/base/number_format.h"

namespace ces::app {

// Called for every customer when a file is shown (100k in the page): compared in place,
// without a lowered copy of each id.
bool IsPlaceholderId(std::string_view id) {
  auto lower = [](char ch) { return static_cast<char>(std::tolower(static_cast<unsigned char>(ch))); };
  for (std::string_view word : {"null", "none", "nil", "n/a", "na", "#n/a", "nan", "undefined", "(null)", "(blank)"}) {
    if (word.size() != id.size()) continue;
    size_t i = 0;
    while (i < id.size() && lower(id[i]) == word[i]) ++i;
    if (i == id.size()) return true;
  }
  return false;
}

namespace {

// Valid rows of customer c: the bucket counts of an event log, the merged rows of a
// customers file.
uint64_t RowsOf(const Dataset& d, uint32_t c) {
  if (d.plan.shape == Shape::kCustomers) return c < d.profile_rows.size() ? d.profile_rows[c] : 0;
  if (c >= d.cells.customer_count()) return 0;
  const size_t stride = static_cast<size_t>(d.cells.stride());
  const uint64_t* base = d.cells.cells(c);
  uint64_t rows = 0;
  for (size_t i = 0; i < d.cells.cell_count(c); ++i) rows += EventCells::CellCount(base + i * stride);
  return rows;
}

}  // namespace

std::vector<std::string> PlaceholderIdNotes(const Dataset& data) {
  // Found in customer order (the ids lie in memory in that order), told in id order.
  std::vector<uint32_t> found;
  for (uint32_t c = 0; c < data.customer_count(); ++c)
    if (IsPlaceholderId(data.customer_id(c))) found.push_back(c);
  std::sort(found.begin(), found.end(), [&](uint32_t a, uint32_t b) { return data.id_rank[a] < data.id_rank[b]; });
  std::vector<std::string> notes;
  for (uint32_t c : found) {
    const std::string_view id = data.customer_id(c);
    const uint64_t rows = RowsOf(data, c);
    notes.push_back(FormatThousands(static_cast<int64_t>(rows)) + (rows == 1 ? " row has" : " rows have") +
                    " the customer id \u201c" + std::string(id) +
                    "\u201d \u2014 probably missing values in the export; they are scored as one customer");
  }
  return notes;
}

}  // namespace ces::app
