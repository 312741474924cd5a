#include "engine/csv/csv_reader.h"

#include <algorithm>

#include "engine/csv/csv_scan.h"
#include "engine/base/engine_limits.h"

namespace ces {

static_assert(kMaxRecordBytes < (size_t{1} << 30), "CsvField keeps record offsets in 30 bits");

const char* EncodingName(TextEncoding e) {
  switch (e) {
    case TextEncoding::kUtf8: return "UTF-8";
    case TextEncoding::kUtf16LE: return "UTF-16LE";
    case TextEncoding::kUtf16BE: return "UTF-16BE";
    case TextEncoding::kWindows1252: return "Windows-1252";
  }
  return "?";
}

std::string_view CsvRecord::Unescape(const CsvField& f, std::string& scratch) const {
  // Inside quotes "" is one quote and a lone quote closes them; after that every
  // byte is literal (the lenient reading of `"ab"c` as `abc`, as Python's csv does).
  scratch.clear();
  bool in_quotes = true;
  for (size_t k = f.begin(); k < f.end; ++k) {
    char c = data[k];
    if (in_quotes && c == '"') {
      if (k + 1 < f.end && data[k + 1] == '"') {
        scratch.push_back('"');
        ++k;
      } else {
        in_quotes = false;
      }
    } else {
      scratch.push_back(c);
    }
  }
  return scratch;
}

namespace {
constexpr char kCandidates[4] = {',', ';', '\t', '|'};
int CandidateIndex(char c) {
  for (int k = 0; k < 4; ++k)
    if (kCandidates[k] == c) return k;
  return -1;
}
char PickCandidate(const uint64_t counts[4]) {
  int best = 0;
  for (int k = 1; k < 4; ++k)
    if (counts[k] > counts[best]) best = k;
  return kCandidates[best];
}
}  // namespace

char SniffDelimiter(std::string_view line) {
  uint64_t counts[4] = {0, 0, 0, 0};
  bool in_quotes = false, field_start = true;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') ++i;
        else in_quotes = false;
      }
      continue;
    }
    if (c == '\n' || c == '\r') break;
    if (c == '"' && field_start) {
      in_quotes = true;
      field_start = false;
      continue;
    }
    int k = CandidateIndex(c);
    if (k >= 0) ++counts[k];
    field_start = k >= 0;
  }
  return PickCandidate(counts);
}

CsvReader::CsvReader(char delimiter) : delimiter_(delimiter) {}

bool CsvReader::Feed(const char* data, size_t size, CsvSink& sink) {
  if (stopped_) return false;
  bytes_fed_ += size;
  if (!encoding_known_) {
    // The byte-order mark question needs the first three bytes.
    size_t take = std::min(size, 3 - bom_bytes_.size());
    bom_bytes_.append(data, take);
    data += take;
    size -= take;
    if (bom_bytes_.size() < 3) return true;
    std::string head;
    head.swap(bom_bytes_);
    if (!Route(head.data(), head.size(), false, sink)) return false;
  }
  return Route(data, size, false, sink);
}

bool CsvReader::Finish(CsvSink& sink) {
  if (stopped_) return false;
  if (!encoding_known_) {
    std::string head;
    head.swap(bom_bytes_);
    if (!Route(head.data(), head.size(), false, sink)) return false;
  }
  if (!Route(nullptr, 0, true, sink)) return false;
  if (in_record_) {
    if (state_ == State::kQuoted) field_kind_ = FieldKind::kQuotedComplex;
    return EndRecord(nullptr, 0, true, 0, carry_.size(), false, sink);
  }
  return true;
}

bool CsvReader::Route(const char* data, size_t size, bool final, CsvSink& sink) {
  if (!encoding_known_) {
    encoding_known_ = true;
    auto b = [&](size_t i) { return i < size ? static_cast<unsigned char>(data[i]) : 0x100u; };
    if (b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) {
      data += 3;
      size -= 3;
    } else if ((b(0) == 0xFF && b(1) == 0xFE) || (b(0) == 0xFE && b(1) == 0xFF)) {
      utf16_ = true;
      encoding_ = b(0) == 0xFF ? TextEncoding::kUtf16LE : TextEncoding::kUtf16BE;
      utf16_decoder_ = Utf16Decoder(encoding_ == TextEncoding::kUtf16BE);
      data += 2;
      size -= 2;
    }
  }
  if (utf16_) {
    utf16_out_.clear();
    utf16_decoder_.Decode(data, size, utf16_out_);
    if (final) utf16_decoder_.Finish(utf16_out_);
    data = utf16_out_.data();
    size = utf16_out_.size();
  }
  if (!delimiter_) return Sniff(data, size, final, sink);
  return size == 0 || Tokenize(data, size, sink);
}

// Holds bytes in carry_ until the header line is complete, counting delimiter
// candidates outside quotes as it goes; then replays them through the tokenizer.
bool CsvReader::Sniff(const char* data, size_t size, bool final, CsvSink& sink) {
  carry_.append(data, size);
  bool found = false;
  size_t n = carry_.size();
  while (sniff_pos_ < n) {
    char c = carry_[sniff_pos_];
    if (sniff_in_quotes_) {
      if (c == '"') {
        if (sniff_pos_ + 1 == n && !final) break;  // is it ""? wait for the next byte
        if (sniff_pos_ + 1 < n && carry_[sniff_pos_ + 1] == '"') ++sniff_pos_;
        else sniff_in_quotes_ = false;
      }
      ++sniff_pos_;
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (sniff_started_) {
        found = true;
        break;
      }
      ++sniff_pos_;  // blank lines before the header
      continue;
    }
    sniff_started_ = true;
    if (c == '"' && sniff_field_start_) {
      sniff_in_quotes_ = true;
      sniff_field_start_ = false;
    } else {
      int k = CandidateIndex(c);
      if (k >= 0) ++sniff_counts_[k];
      sniff_field_start_ = k >= 0;
    }
    ++sniff_pos_;
  }
  if (!found && !final && carry_.size() < kMaxHeaderBytes) return true;
  delimiter_ = PickCandidate(sniff_counts_);
  sniffed_ = true;
  std::string pending;
  pending.swap(carry_);
  return pending.empty() || Tokenize(pending.data(), pending.size(), sink);
}

void CsvReader::PushField(size_t begin, size_t end, FieldKind kind) {
  if (skipping_ || too_long_) return;
  if (end > kMaxRecordBytes) {
    too_long_ = true;
    return;
  }
  if (fields_.size - record_fields_ > kMaxColumns) {
    DropWideRecord();
    return;
  }
  fields_.Push(CsvField::Make(begin, end, kind));
}

// Past kMaxColumns + 1 fields a record can match no header: it is dropped like an
// overlong one rather than held at 8 bytes per delimiter (a 60 MiB row of commas
// took 850 MB and 17 s).
void CsvReader::DropWideRecord() {
  too_long_ = true;
  fields_.size = record_fields_;
}

void CsvReader::FieldBuffer::Reserve(size_t n) {
  if (n <= capacity) return;
  n = std::max(n, capacity * 2);  // geometric: the fast path asks for 64 more per block
  std::unique_ptr<CsvField[]> grown(new CsvField[n]);
  std::copy(data.get(), data.get() + size, grown.get());
  data = std::move(grown);
  capacity = n;
}

// The tokenizer: a four-state machine that only visits the bytes that can change
// its state (SpecialByteScanner): delimiter, quote, CR, LF.
//  - Fast path: in a 64-byte block with no quote (most blocks of most files) every
//    special byte ends a field or a line, so the block's bit mask is walked in a
//    tight loop.
//  - Otherwise the full state machine handles one special byte at a time.
// Record offsets: when a record started in an earlier chunk its first bytes are in
// carry_ and p[k] sits at offset base + k; otherwise at k - rec_start.
bool CsvReader::Tokenize(const char* p, size_t n, CsvSink& sink) {
  const char d = delimiter_;
  SpecialByteScanner scan(p, n, d);
  // Records wholly inside an ASCII chunk are valid UTF-8 without a look at each.
  const bool ascii_chunk = encoding_ != TextEncoding::kUtf8 || IsAscii({p, n});
  size_t i = 0, rec_start = 0;
  bool from_carry = in_record_;
  const size_t base = carry_.size();
  auto off = [&](size_t k) { return from_carry ? base + k : k - rec_start; };
  auto after_cr = [&](size_t k) { return k > 0 ? p[k - 1] == '\r' : prev_cr_; };
  auto start_record = [&](size_t at) {
    in_record_ = true;
    from_carry = false;
    rec_start = at;
    record_line_ = line_;
    state_ = State::kFieldStart;
    field_begin_ = 0;
    field_kind_ = FieldKind::kPlain;
  };
  auto end_record = [&](size_t at) {
    ++line_;
    bool go_on = EndRecord(p, at, from_carry, rec_start, base, ascii_chunk, sink);
    from_carry = false;
    return go_on;
  };

  while (i < n) {
    const SpecialByteScanner::Block& block = scan.BlockAt(i);
    const size_t block_end = std::min(block.start + 64, n);
    const uint64_t from_i = ~0ull << (i - block.start);
    const bool outside_quotes = !in_record_ || state_ == State::kFieldStart || state_ == State::kUnquoted;
    if (outside_quotes && !(block.quotes & from_i)) {
      // ---- Fast path: the rest of this block holds no quote. ----
      // The hot case, a delimiter inside a record, only notes the delimiter's record
      // offset in a small array; the offsets become fields once per record end or
      // block end. That keeps the field start out of the per-byte dependency chain
      // (kept in a register it would be spilled around the rare calls below).
      fields_.Reserve(fields_.size + 64);  // a block adds at most 64 fields
      CsvField* out = fields_.data.get();
      size_t nf = fields_.size;
      size_t fb = field_begin_;
      FieldKind fk = field_kind_;
      bool inrec = in_record_;
      size_t origin = from_carry ? size_t{0} - base : rec_start;  // record offset of p[k] = k - origin
      uint32_t ends[64];                                           // delimiter offsets not yet made fields
      size_t ne = 0;
      // Whether every field of this block is within the record size limit (records
      // starting inside the block are): then fields need no check one by one.
      const bool fits = !skipping_ && (!inrec || block_end - origin <= kMaxRecordBytes);
      auto make_fields = [&]() {
        for (size_t q = 0; q < ne; ++q) {
          if (fits || (ends[q] <= kMaxRecordBytes && !skipping_)) out[nf++] = CsvField::Make(fb, ends[q], fk);
          else too_long_ = true;
          fb = ends[q] + size_t{1};
          fk = FieldKind::kPlain;
        }
        ne = 0;
      };
      uint64_t bits = block.special & from_i;
      while (bits) {
        const size_t j = block.start + static_cast<size_t>(__builtin_ctzll(bits));
        bits &= bits - 1;
        const char c = p[j];
        if (c == d && inrec) {
          ends[ne++] = static_cast<uint32_t>(j - origin);
          i = j + 1;
          continue;
        }
        if (!inrec) {
          if (j == i && c != d) {  // an empty line, or the LF of a CRLF
            if (!(c == '\n' && after_cr(j))) ++line_;
            i = j + 1;
            continue;
          }
          start_record(i);
          inrec = true;
          origin = i;
          fb = 0;
          fk = FieldKind::kPlain;
          if (c == d) {
            ends[ne++] = static_cast<uint32_t>(j - origin);
            i = j + 1;
            continue;
          }
        }
        // CR or LF: the record ends.
        make_fields();
        const size_t at = j - origin;
        if (!from_carry && ascii_chunk && at <= kMaxRecordBytes && !too_long_ && !skipping_ &&
            nf - record_fields_ <= kMaxColumns) {
          // A record that lies in this chunk and needs no UTF-8 check goes to the
          // batch here (the general EndRecord does the rare cases).
          out[nf++] = CsvField::Make(fb, at, fk);
          // Written in place: a record built on the stack and copied was read back
          // with 16-byte loads over 8-byte stores (a store-forwarding stall per
          // record, ~19% of this function's samples).
          CsvRecord& rec = batch_.emplace_back();
          rec.data = p + rec_start;
          rec.size = at;
          rec.field_count = nf - record_fields_;
          rec.line = record_line_;
          batch_fields_.push_back(record_fields_);
          record_fields_ = nf;
          ++line_;
          in_record_ = inrec = false;
          state_ = State::kFieldStart;
          if (batch_.size() >= 256) {
            fields_.size = nf;
            if (!Flush(sink)) return false;
            out = fields_.data.get();
            nf = fields_.size;
          }
        } else {
          fields_.size = nf;
          field_begin_ = fb;
          field_kind_ = fk;
          state_ = State::kUnquoted;
          if (!end_record(j)) return false;
          inrec = false;
          out = fields_.data.get();
          nf = fields_.size;
        }
        i = j + 1;
      }
      make_fields();
      fields_.size = nf;
      field_begin_ = fb;
      field_kind_ = fk;
      if (inrec && nf - record_fields_ > kMaxColumns + 1) DropWideRecord();  // once per block: bounded
      if (i < block_end) {  // ordinary bytes up to the block's end
        if (!inrec) start_record(i);
        state_ = State::kUnquoted;
        i = block_end;
      } else if (inrec) {
        state_ = State::kFieldStart;  // the block ended right after a delimiter
      }
      continue;
    }
    // ---- Full state machine, one special byte at a time. ----
    if (!in_record_) {
      const char c = p[i];
      if (c == '\n' || c == '\r') {
        if (!(c == '\n' && after_cr(i))) ++line_;
        ++i;
        continue;
      }
      start_record(i);
    }
    switch (state_) {
      case State::kFieldStart: {
        const char c = p[i];
        if (c == '"') {
          field_begin_ = off(i) + 1;
          field_kind_ = FieldKind::kQuotedSimple;
          state_ = State::kQuoted;
        } else if (c == d) {
          PushField(off(i), off(i), FieldKind::kPlain);
          field_begin_ = off(i) + 1;
        } else if (c == '\n' || c == '\r') {  // after a delimiter: an empty last field
          if (!end_record(i)) return false;
        } else {
          field_begin_ = off(i);
          field_kind_ = FieldKind::kPlain;
          state_ = State::kUnquoted;
        }
        ++i;
        break;
      }
      case State::kUnquoted: {
        const size_t j = scan.Next(i);
        if (j >= n) {
          i = n;
          break;
        }
        i = j + 1;
        const char c = p[j];
        if (c == '"') break;  // a quote inside an unquoted field is an ordinary byte
        if (c == d) {
          PushField(field_begin_, off(j), field_kind_);
          field_begin_ = off(j) + 1;
          field_kind_ = FieldKind::kPlain;
          state_ = State::kFieldStart;
          break;
        }
        if (!end_record(j)) return false;  // CR or LF (never the LF of a CRLF: the CR ended the record)
        break;
      }
      case State::kQuoted: {
        size_t j = scan.Next(i);
        while (j < n && p[j] != '"') {  // delimiters are content here; line breaks are counted
          if (p[j] == '\r' || (p[j] == '\n' && !after_cr(j))) ++line_;
          j = scan.Next(j + 1);
        }
        if (j >= n) {
          i = n;
          break;
        }
        state_ = State::kQuoteInQuoted;
        i = j + 1;
        break;
      }
      case State::kQuoteInQuoted: {
        const char c = p[i];
        if (c == '"') {  // "" inside quotes
          field_kind_ = FieldKind::kQuotedComplex;
          state_ = State::kQuoted;
        } else if (c == d) {
          PushField(field_begin_, off(i), field_kind_);
          field_begin_ = off(i) + 1;
          field_kind_ = FieldKind::kPlain;
          state_ = State::kFieldStart;
        } else if (c == '\n' || c == '\r') {
          if (!end_record(i)) return false;
        } else {  // text after the closing quote: kept, like Python's csv module
          field_kind_ = FieldKind::kQuotedComplex;
          state_ = State::kUnquoted;
        }
        ++i;
        break;
      }
    }
  }
  if (n) prev_cr_ = p[n - 1] == '\r';
  if (!Flush(sink)) return false;  // in-place records point into p: hand them over now
  if (in_record_ && !skipping_) {  // the chunk ends inside a record: keep its bytes
    size_t from = from_carry ? 0 : rec_start;
    if (carry_.size() + (n - from) > kMaxRecordBytes) {
      skipping_ = true;
      too_long_ = true;
      fields_.size = 0;
      record_fields_ = 0;
      std::string().swap(carry_);
    } else {
      carry_.append(p + from, n - from);
    }
  }
  return true;
}

bool CsvReader::Flush(CsvSink& sink) {
  if (batch_.empty()) return true;
  for (size_t k = 0; k < batch_.size(); ++k) batch_[k].fields = fields_.data.get() + batch_fields_[k];
  const bool go_on = sink.OnRecords(batch_.data(), batch_.size());
  // Keep the fields of the record in progress, if any, at the front.
  std::copy(fields_.data.get() + record_fields_, fields_.data.get() + fields_.size, fields_.data.get());
  fields_.size -= record_fields_;
  record_fields_ = 0;
  batch_.clear();
  batch_fields_.clear();
  if (!go_on) stopped_ = true;
  return go_on;
}

bool CsvReader::EndRecord(const char* p, size_t i, bool from_carry, size_t rec_start, size_t base, bool ascii_chunk,
                          CsvSink& sink) {
  const size_t end = from_carry ? base + i : i - rec_start;
  RecordProblem problem = RecordProblem::kNone;
  switch (state_) {
    case State::kFieldStart: PushField(field_begin_, end, FieldKind::kPlain); break;  // the fast path leaves
                                                                                    // this state on plain fields
    case State::kQuoted: problem = RecordProblem::kUnterminatedQuote; [[fallthrough]];
    default: PushField(field_begin_, end, field_kind_); break;
  }
  if (too_long_ || end > kMaxRecordBytes || fields_.size - record_fields_ > kMaxColumns + 1)
    problem = RecordProblem::kTooLong;
  in_record_ = false;
  skipping_ = too_long_ = false;
  state_ = State::kFieldStart;

  CsvRecord rec;
  rec.line = record_line_;
  rec.problem = problem;
  if (problem == RecordProblem::kTooLong) fields_.size = record_fields_;
  else {
    rec.data = from_carry ? nullptr : p + rec_start;
    rec.size = end;
    rec.field_count = fields_.size - record_fields_;
  }
  const bool check_utf8 = encoding_ == TextEncoding::kUtf8 && problem != RecordProblem::kTooLong;
  if (from_carry && problem != RecordProblem::kTooLong) {
    if (i) carry_.append(p, i);
    rec.data = carry_.data();
  }
  const bool flips = check_utf8 && (from_carry || !ascii_chunk) && !IsValidUtf8({rec.data, rec.size});
  if (from_carry || flips) {
    // A record in the carry buffer, or the first one that is not UTF-8: the records
    // before it go first (under the old encoding), then it goes alone.
    if (!Flush(sink)) return false;
    if (flips) {
      encoding_ = TextEncoding::kWindows1252;
      first_invalid_line_ = record_line_;
    }
    rec.fields = fields_.data.get();
    const bool go_on = sink.OnRecords(&rec, 1);
    fields_.size = 0;
    record_fields_ = 0;
    carry_.clear();
    if (carry_.capacity() > (4u << 20)) std::string().swap(carry_);
    if (!go_on) stopped_ = true;
    return go_on;
  }
  batch_.push_back(rec);
  batch_fields_.push_back(record_fields_);
  record_fields_ = fields_.size;
  if (batch_.size() >= 256) return Flush(sink);
  return true;
}

}  // namespace ces
