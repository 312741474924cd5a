// Streaming CSV reader: bytes in, records out.
//
// Fed chunks of any size, it yields the same records, fields and physical line
// numbers whatever the chunking (spec section 1). Stages, each resumable at any byte:
//   1. encoding: UTF-8 (BOM dropped), UTF-16 LE/BE by BOM (transcoded to UTF-8);
//      records that are not valid UTF-8 switch the file to Windows-1252;
//   2. sniffing: until the delimiter is known, bytes wait for the end of the header line;
//   3. tokenizing: a four-state machine (RFC 4180, lenient like Python's csv module
//      for stray quotes), CR, LF and CRLF line ends; blank lines are skipped.
// A record's bytes are passed by reference: in place in the caller's chunk when the
// whole record lies inside it, else from an internal carry buffer.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/text.h"

namespace ces {

enum class TextEncoding { kUtf8, kUtf16LE, kUtf16BE, kWindows1252 };
const char* EncodingName(TextEncoding e);

enum class FieldKind : uint8_t {
  kPlain,          // unquoted: bytes [begin, end)
  kQuotedSimple,   // "…" with no escapes: content [begin, end - 1)
  kQuotedComplex,  // "" escapes or text after the closing quote: unescape [begin, end)
};

// A field's place in its record, in 8 bytes so the tokenizer stores it in one go:
// the start offset with the kind in its top two bits, and the end offset.
struct CsvField {
  uint32_t begin_kind;  // record offset of the first content byte | kind << 30
  uint32_t end;         // record offset one past the field (where the delimiter or line end is)

  static CsvField Make(size_t begin, size_t end, FieldKind kind) {
    return {static_cast<uint32_t>(begin) | static_cast<uint32_t>(kind) << 30, static_cast<uint32_t>(end)};
  }
  uint32_t begin() const { return begin_kind & 0x3FFFFFFFu; }
  FieldKind kind() const { return static_cast<FieldKind>(begin_kind >> 30); }
};

// kTooLong: over kMaxRecordBytes, or over kMaxColumns + 1 fields (engine_limits.h).
enum class RecordProblem : uint8_t { kNone, kUnterminatedQuote, kTooLong };

struct CsvRecord {
  const char* data = nullptr;        // the record's bytes (valid during the callback only)
  size_t size = 0;
  const CsvField* fields = nullptr;  // empty when problem == kTooLong
  size_t field_count = 0;
  int64_t line = 0;                  // physical line (1-based) where the record starts
  RecordProblem problem = RecordProblem::kNone;

  // Field `i` with quoting removed; `scratch` holds it when unescaping was needed.
  CES_ALWAYS_INLINE std::string_view Field(size_t i, std::string& scratch) const {
    const CsvField& f = fields[i];
    if (f.kind() == FieldKind::kPlain) return {data + f.begin(), f.end - f.begin()};
    if (f.kind() == FieldKind::kQuotedSimple) return {data + f.begin(), f.end - f.begin() - 1};
    return Unescape(f, scratch);
  }

 private:
  std::string_view Unescape(const CsvField& f, std::string& scratch) const;
};

// Receives records; returning false stops the reader.
class CsvSink {
 public:
  virtual ~CsvSink() = default;
  virtual bool OnRecord(const CsvRecord& record) = 0;
  // Records in file order, a batch at a time (those of one chunk, at most a few
  // hundred). A sink can override this to work on several rows at once.
  virtual bool OnRecords(const CsvRecord* records, size_t count) {
    for (size_t i = 0; i < count; ++i)
      if (!OnRecord(records[i])) return false;
    return true;
  }
};

// Picks the delimiter of a header line: the candidate (, ; TAB |) that occurs most
// often outside quotes, ties in that order.
char SniffDelimiter(std::string_view header_line);

class CsvReader {
 public:
  // `delimiter` 0 means: sniff it from the header line.
  explicit CsvReader(char delimiter = 0);

  // Reads the next bytes. Returns false once the sink has asked to stop.
  bool Feed(const char* data, size_t size, CsvSink& sink);
  // Ends the input: flushes the last record (also one without a final line break).
  bool Finish(CsvSink& sink);

  char delimiter() const { return delimiter_; }       // 0 until known
  bool delimiter_sniffed() const { return sniffed_; }
  TextEncoding encoding() const { return encoding_; }
  int64_t first_invalid_utf8_line() const { return first_invalid_line_; }
  uint64_t utf16_replacements() const { return utf16_decoder_.replacements(); }
  int64_t lines() const { return line_; }              // physical lines started so far
  uint64_t bytes_fed() const { return bytes_fed_; }
  // Between records: every byte fed so far belongs to a record already handed to the
  // sink. A part of a file read on its own (record_ranges.h) must end in this state.
  bool at_record_boundary() const { return encoding_known_ && !stopped_ && !in_record_ && batch_.empty(); }

 private:
  friend struct PartImage;  // part_image.cpp: a loaded part keeps the encoding it was read in
  enum class State : uint8_t { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };

  bool Route(const char* data, size_t size, bool final, CsvSink& sink);
  bool Sniff(const char* data, size_t size, bool final, CsvSink& sink);
  bool Tokenize(const char* p, size_t n, CsvSink& sink);
  bool EndRecord(const char* p, size_t i, bool from_carry, size_t rec_start, size_t base, bool ascii_chunk,
                 CsvSink& sink);
  bool Flush(CsvSink& sink);
  void PushField(size_t begin, size_t end, FieldKind kind);
  void DropWideRecord();

  char delimiter_;
  bool sniffed_ = false;
  bool stopped_ = false;
  uint64_t bytes_fed_ = 0;

  // Stage 1: encoding.
  bool encoding_known_ = false;
  std::string bom_bytes_;                 // first bytes, until the BOM question is settled
  TextEncoding encoding_ = TextEncoding::kUtf8;
  bool utf16_ = false;
  Utf16Decoder utf16_decoder_{false};
  std::string utf16_out_;
  int64_t first_invalid_line_ = 0;

  // Stage 2: sniffing (resumable scan of the header line held in carry_).
  size_t sniff_pos_ = 0;
  bool sniff_started_ = false, sniff_in_quotes_ = false, sniff_field_start_ = true;
  uint64_t sniff_counts_[4] = {0, 0, 0, 0};

  // Stage 3: tokenizing.
  State state_ = State::kFieldStart;
  bool in_record_ = false;                // the current record has consumed a byte
  bool prev_cr_ = false;                  // last byte was CR (a following LF joins it)
  bool skipping_ = false;                 // the current record is too long: its bytes are dropped
  bool too_long_ = false;
  int64_t line_ = 1;
  int64_t record_line_ = 0;
  std::string carry_;                     // bytes of the current record from earlier chunks
  // Fields of the batched records, then of the current one. A plain buffer: the hot
  // loop writes into room reserved once per 64-byte block.
  struct FieldBuffer {
    std::unique_ptr<CsvField[]> data;
    size_t size = 0, capacity = 0;
    void Reserve(size_t n);
    void Push(const CsvField& f) {
      if (size == capacity) Reserve(size * 2 + 64);
      data[size++] = f;
    }
  } fields_;
  size_t record_fields_ = 0;              // where the current record's fields start in fields_
  std::vector<CsvRecord> batch_;          // complete records not yet passed to the sink
  std::vector<size_t> batch_fields_;      // where each batched record's fields start
  size_t field_begin_ = 0;
  FieldKind field_kind_ = FieldKind::kPlain;
};

}  // namespace ces
