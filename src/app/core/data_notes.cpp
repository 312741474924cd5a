#include "app/core/data_notes.h"

#include <algorithm>

#include "engine/base/text.h"
#include "engine/inspect/event_words.h"

namespace ces::app {

namespace {
bool IsCurrencyColumn(const ColumnProfile& c) {
  const std::vector<std::string> words = NameWords(c.name);
  return std::any_of(words.begin(), words.end(), [](const std::string& w) { return w == "currency" || w == "ccy"; });
}
}  // namespace

std::vector<std::string> CurrencyNotes(const CsvProfile& p, const ScoreModel& m) {
  std::vector<std::string> notes;
  const ColumnProfile* currency = nullptr;
  std::vector<std::string> codes;
  for (const ColumnProfile& c : p.columns) {
    if (!IsCurrencyColumn(c)) continue;
    std::vector<std::string> seen;
    for (const auto& [value, rows] : c.top_values) {
      std::string code(TrimSpaces(value));
      for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (!code.empty() && std::find(seen.begin(), seen.end(), code) == seen.end()) seen.push_back(code);
    }
    if (seen.size() >= 2) {
      currency = &c;
      codes = seen;
      break;
    }
  }
  if (!currency) return notes;
  std::string list;
  for (size_t i = 0; i < codes.size() && i < 5; ++i) list += (i ? ", " : "") + codes[i];
  if (codes.size() > 5) list += ", \u2026";
  for (const Activity& a : m.activities) {
    if ((a.measure != Measure::kSum && a.measure != Measure::kValue) || a.column.empty() || a.column == currency->name) continue;
    notes.push_back("\u201c" + a.name + "\u201d adds \u201c" + a.column + "\u201d across " +
                    (currency->many_values ? "many" : std::to_string(codes.size())) + " currencies (" + list +
                    " in column \u201c" + currency->name +
                    "\u201d): the amounts are added as they are, unconverted. Convert them first, or score one currency at a time.");
  }
  return notes;
}

}  // namespace ces::app
