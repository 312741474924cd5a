// Looking at a CSV before scoring it: the dialect, each column's likely type and
// sample values, the first rows, and a guess at which columns hold the customer,
// time, event and segment. Used by `ces inspect` and by the app's mapping screen.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/csv/csv_reader.h"
#include "engine/model/model.h"

namespace ces {

struct ColumnProfile {
  std::string name;
  uint64_t filled = 0;                  // non-empty cells
  uint64_t numbers = 0, integers = 0;   // cells that parse as numbers / whole numbers
  uint64_t iso = 0, epoch_s = 0, epoch_ms = 0, slash = 0;  // cells that parse as timestamps
  uint64_t slash_day_first = 0, slash_month_first = 0;     // slash dates that show their order
  std::vector<std::pair<std::string, uint64_t>> top_values;  // most frequent texts (while few)
  bool many_values = false;             // more distinct texts than are tracked
  bool repeats = false;                 // some text is in two cells (see all_distinct)
  bool distinct_known = true;           // false when too many texts were seen to tell
  std::string example;

  std::string TypeName() const;         // "integer", "number", "timestamp (ISO 8601)", "text", …
  bool IsTimestamp() const;
  bool IsNumeric() const;
  bool AllDistinct() const { return filled > 0 && distinct_known && !repeats; }  // no text twice
};

struct CsvProfile {
  char delimiter = 0;
  bool delimiter_sniffed = false;
  TextEncoding encoding = TextEncoding::kUtf8;
  int64_t first_invalid_utf8_line = 0;
  int64_t rows = 0;                     // data rows
  int64_t ragged_rows = 0;              // rows whose field count differs from the header's
  int64_t first_ragged_line = 0;
  int64_t header_too_long_line = 0;     // the header is over the row limits (then columns is empty)
  std::vector<ColumnProfile> columns;
  std::vector<std::vector<std::string>> preview;  // the first rows, as text (UTF-8)
};

class CsvInspector : public CsvSink {
 public:
  explicit CsvInspector(const CsvReader* reader, size_t preview_rows = 20) : reader_(reader), preview_rows_(preview_rows) {}
  bool OnRecord(const CsvRecord& record) override;
  // Call after the reader's Finish (or on a prefix of the file, for a quick look).
  // Texts are decoded here, as the whole file turned out to be encoded.
  const CsvProfile& Result();

 private:
  std::string Text(std::string_view raw) const;
  const CsvReader* reader_;
  size_t preview_rows_;
  bool header_done_ = false;
  CsvProfile profile_;                  // texts as read (bytes)
  CsvProfile result_;                   // texts decoded, by Result()
  std::string scratch_;
  std::vector<std::unordered_set<uint64_t>> seen_;  // per column, hashes of its texts (AllDistinct)
};

// Profiles a whole in-memory text (tests, small files).
CsvProfile InspectCsv(std::string_view bytes, char delimiter = 0);
// Profiles the first bytes of a longer file, up to its last complete line.
CsvProfile InspectCsvPrefix(std::string_view first_bytes);

struct ColumnGuess {
  Shape shape = Shape::kEvents;
  int customer = -1, time = -1, event = -1, segment = -1;  // column indexes, -1 = none
};
// Picks the likely customer/time/event/segment columns by name and content.
ColumnGuess GuessColumns(const CsvProfile& profile);

// A sensible first model for a file: for an event log, a count per frequent event
// (negative for events that mean loss or trouble, see event_words.h), the sum of an
// amount column, active days and days since the last visit; for one row per customer,
// a value per numeric column. Percentile scale and three tiers. `reasons`, when given,
// receives one line per activity saying why it was chosen and weighted so.
ScoreModel StarterModel(const CsvProfile& profile, const ColumnGuess& guess,
                        std::vector<std::string>* reasons = nullptr);

}  // namespace ces
