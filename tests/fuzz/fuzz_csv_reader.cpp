// Fuzz target: the streaming CSV reader.
//
// Input: byte 0 picks the delimiter (sniffed, or one of , ; TAB |) and how many
// records the sink accepts before it asks to stop; byte 1 seeds the chunk splits;
// the rest is the file. Three readings must agree record for record, field for
// field, line for line, and in the reader's final state:
//   1. the whole buffer in one Feed (records point into the caller's buffer);
//   2. random chunk splits, each chunk in its own heap block (ASan sees overreads);
//   3. a plain byte-at-a-time reference tokenizer written from the header's
//      contract (RFC 4180, lenient like Python's csv module) -- an oracle that
//      does not share the reader's fast paths.
// Plus structural checks on every record's field offsets.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/csv/csv_reader.h"
#include "fuzz_support.h"
#include "engine/base/text.h"

using ces_fuzz::Row;

namespace {

struct Reading {
  std::vector<Row> rows;
  char delimiter = 0;
  bool sniffed = false;
  ces::TextEncoding encoding = ces::TextEncoding::kUtf8;
  int64_t first_invalid_line = 0;
  uint64_t utf16_replacements = 0;
  int64_t lines = 0;
  bool stopped = false;

  std::string Diff(const Reading& o) const {
    if (rows != o.rows) return ces_fuzz::FirstDifference(rows, o.rows);
    std::string s;
    auto field = [&](const char* name, long long a, long long b) {
      if (a != b) s += std::string(name) + " " + std::to_string(a) + " vs " + std::to_string(b) + "; ";
    };
    field("delimiter", delimiter, o.delimiter);
    field("sniffed", sniffed, o.sniffed);
    field("encoding", static_cast<int>(encoding), static_cast<int>(o.encoding));
    field("first_invalid_line", first_invalid_line, o.first_invalid_line);
    field("utf16_replacements", static_cast<long long>(utf16_replacements), static_cast<long long>(o.utf16_replacements));
    field("lines", lines, o.lines);
    field("stopped", stopped, o.stopped);
    return s;
  }
};

// Collects records and checks each one's shape while its bytes are still valid.
class CheckingSink : public ces::CsvSink {
 public:
  CheckingSink(size_t stop_after) : stop_after_(stop_after) {}
  std::vector<Row> rows;

  bool OnRecord(const ces::CsvRecord& r) override {
    FUZZ_CHECK(rows.empty() || r.line > rows.back().line, "records start on increasing lines");
    FUZZ_CHECK(r.problem != ces::RecordProblem::kTooLong, "no record of a small input is too long");
    FUZZ_CHECK(r.field_count >= 1 && r.fields && r.data, "a record has at least one field");
    uint32_t prev_end = 0;
    for (size_t i = 0; i < r.field_count; ++i) {
      const ces::CsvField& f = r.fields[i];
      const std::string at = "field " + std::to_string(i);
      FUZZ_CHECK(f.begin() <= f.end && f.end <= r.size, at + " lies inside the record");
      FUZZ_CHECK(i == 0 || f.begin() > prev_end, at + " starts after the previous field's delimiter");
      if (f.kind() != ces::FieldKind::kPlain) {
        FUZZ_CHECK(f.begin() >= 1 && r.data[f.begin() - 1] == '"', at + " is quoted: a quote opens it");
      }
      if (f.kind() == ces::FieldKind::kQuotedSimple) {
        FUZZ_CHECK(f.end >= f.begin() + 1 && r.data[f.end - 1] == '"', at + " is quoted: a quote closes it");
      }
      prev_end = f.end;
    }
    FUZZ_CHECK(r.fields[r.field_count - 1].end == r.size, "the last field ends the record");
    Row row;
    row.line = r.line;
    row.problem = r.problem;
    std::string scratch;
    for (size_t i = 0; i < r.field_count; ++i) row.fields.emplace_back(r.Field(i, scratch));
    rows.push_back(std::move(row));
    return rows.size() < stop_after_;
  }

 private:
  size_t stop_after_;
};

Reading Finish(const ces::CsvReader& reader, CheckingSink& sink, bool stopped) {
  Reading r;
  r.rows = std::move(sink.rows);
  r.delimiter = reader.delimiter();
  r.sniffed = reader.delimiter_sniffed();
  r.encoding = reader.encoding();
  r.first_invalid_line = reader.first_invalid_utf8_line();
  r.utf16_replacements = reader.utf16_replacements();
  r.lines = reader.lines();
  r.stopped = stopped;
  if (stopped) {  // how far a stopped reader got in counting lines and decoding depends on the chunking
    r.lines = 0;
    r.utf16_replacements = 0;
  }
  return r;
}

Reading ReadWhole(std::string_view bytes, char delimiter, size_t stop_after) {
  ces::CsvReader reader(delimiter);
  CheckingSink sink(stop_after);
  bool go = bytes.empty() || reader.Feed(bytes.data(), bytes.size(), sink);
  if (go) go = reader.Finish(sink);
  return Finish(reader, sink, !go);
}

Reading ReadChunked(std::string_view bytes, char delimiter, size_t stop_after, uint8_t seed, bool one_byte) {
  ces::CsvReader reader(delimiter);
  CheckingSink sink(stop_after);
  bool go = true;
  ces_fuzz::FeedInChunks(bytes, seed, [&](const char* p, size_t n) { return go = reader.Feed(p, n, sink); }, one_byte);
  if (go) go = reader.Finish(sink);
  FUZZ_CHECK(reader.bytes_fed() <= bytes.size(), "bytes_fed counts what was fed");
  return Finish(reader, sink, !go);
}

// [SECTION] The reference: a byte-at-a-time reading of csv_reader.h's contract.

bool IsBreak(char c) { return c == '\r' || c == '\n'; }

Reading ReadReference(std::string_view input, char fixed_delimiter, size_t stop_after) {
  Reading out;
  // Encoding: a UTF-8 BOM is dropped; a UTF-16 BOM means UTF-16 (U+FFFD for broken units).
  std::string text;
  auto b = [&](size_t i) { return i < input.size() ? static_cast<unsigned char>(input[i]) : 0x100u; };
  bool utf16 = false;
  if (b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) {
    text.assign(input.substr(3));
  } else if ((b(0) == 0xFF && b(1) == 0xFE) || (b(0) == 0xFE && b(1) == 0xFF)) {
    utf16 = true;
    out.encoding = b(0) == 0xFF ? ces::TextEncoding::kUtf16LE : ces::TextEncoding::kUtf16BE;
    ces::Utf16Decoder decoder(b(0) == 0xFE);
    decoder.Decode(input.data() + 2, input.size() - 2, text);
    decoder.Finish(text);
    out.utf16_replacements = decoder.replacements();
  } else {
    text.assign(input);
  }
  // Delimiter: fixed, or sniffed from the first line that is not blank.
  char d = fixed_delimiter;
  if (!d) {
    size_t start = 0;
    while (start < text.size() && IsBreak(text[start])) ++start;
    d = ces::SniffDelimiter(std::string_view(text).substr(start));
    out.sniffed = true;
  }
  out.delimiter = d;

  const size_t n = text.size();
  size_t i = 0;
  int64_t line = 1;
  auto line_break = [&]() {  // at a CR or LF: consume it (and the LF of a CRLF)
    if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
    ++i;
    ++line;
  };
  while (i < n) {
    if (IsBreak(text[i])) {  // a blank line, or the end of the previous record
      line_break();
      continue;
    }
    Row row;
    row.line = line;
    const size_t record_start = i;
    for (;;) {  // one field per iteration
      std::string field;
      if (i < n && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < n) {
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field.push_back('"');
              i += 2;
            } else {
              ++i;
              closed = true;
              break;
            }
          } else if (IsBreak(text[i])) {
            const size_t from = i;
            line_break();
            field.append(text, from, i - from);
          } else {
            field.push_back(text[i++]);
          }
        }
        if (!closed) row.problem = ces::RecordProblem::kUnterminatedQuote;
      }
      while (i < n && text[i] != d && !IsBreak(text[i])) field.push_back(text[i++]);  // unquoted, or after the quotes
      row.fields.push_back(std::move(field));
      if (i < n && text[i] == d) {
        ++i;
        continue;
      }
      break;  // a line break or the end of the text
    }
    if (!utf16 && out.encoding == ces::TextEncoding::kUtf8 &&
        !ces::IsValidUtf8(std::string_view(text).substr(record_start, i - record_start))) {
      out.encoding = ces::TextEncoding::kWindows1252;
      out.first_invalid_line = row.line;
    }
    out.rows.push_back(std::move(row));
    if (out.rows.size() >= stop_after) {
      out.stopped = true;
      break;
    }
  }
  out.lines = line;
  if (out.stopped) out.lines = 0, out.utf16_replacements = 0;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  static const char kDelimiters[5] = {0, ',', ';', '\t', '|'};
  const char delimiter = kDelimiters[data[0] % 5];
  const size_t stop_after = (data[0] / 5) % 8 == 7 ? 1 + (data[0] / 40) : SIZE_MAX;  // sometimes the sink stops early
  const uint8_t seed = data[1];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 2, size - 2);

  const Reading whole = ReadWhole(bytes, delimiter, stop_after);
  const Reading chunked = ReadChunked(bytes, delimiter, stop_after, seed, false);
  std::string diff = whole.Diff(chunked);
  FUZZ_CHECK(diff.empty(), "whole-buffer and chunked readings differ: " + diff);
  if (bytes.size() <= 4096) {
    const Reading bytewise = ReadChunked(bytes, delimiter, stop_after, seed, true);
    diff = whole.Diff(bytewise);
    FUZZ_CHECK(diff.empty(), "whole-buffer and byte-at-a-time readings differ: " + diff);
  }
  const Reading reference = ReadReference(bytes, delimiter, stop_after);
  diff = whole.Diff(reference);
  FUZZ_CHECK(diff.empty(), "the reader and the reference tokenizer differ: " + diff);
  return 0;
}
