#include "csv_reader.h"

#include "engine_limits.h"

namespace ces {

const char* EncodingName(TextEncoding e) {
  switch (e) {
    case TextEncoding::kUtf8: return "UTF-8";
    case TextEncoding::kUtf16LE: return "UTF-16LE";
    case TextEncoding::kUtf16BE: return "UTF-16BE";
    case TextEncoding::kWindows1252: return "Windows-1252";
  }
  return "?";
}

std::string_view CsvRecord::Field(size_t i, std::string& scratch) const {
  const CsvField& f = fields[i];
  switch (f.kind) {
    case FieldKind::kPlain: return {data + f.begin, f.end - f.begin};
    case FieldKind::kQuotedSimple: return {data + f.begin, f.end - f.begin - 1};
    case FieldKind::kQuotedComplex: break;
  }
  // Inside quotes "" is one quote and a lone quote closes them; after that every
  // byte is literal (the lenient reading of `"ab"c` as `abc`, as Python's csv does).
  scratch.clear();
  bool in_quotes = true;
  for (size_t k = f.begin; k < f.end; ++k) {
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
    return EndRecord(nullptr, 0, true, 0, carry_.size(), sink);
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
  // Past kMaxColumns + 1 fields a record can match no header: drop it like an overlong
  // one rather than hold 12 bytes per delimiter (a 64 MiB row of commas took 800 MB).
  if (end > kMaxRecordBytes || fields_.size() > kMaxColumns) {
    too_long_ = true;
    std::vector<CsvField>().swap(fields_);
    return;
  }
  fields_.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end), kind});
}

// The tokenizer. Record offsets: when the record started in an earlier chunk its
// first bytes are in carry_ and p[k] sits at offset base + k; otherwise at k - rec_start.
bool CsvReader::Tokenize(const char* p, size_t n, CsvSink& sink) {
  const char d = delimiter_;
  size_t i = 0, rec_start = 0;
  bool from_carry = in_record_;
  const size_t base = carry_.size();
  auto off = [&](size_t k) { return from_carry ? base + k : k - rec_start; };

  while (i < n) {
    const char c = p[i];
    if (c == '\n' || c == '\r') {
      const bool crlf_tail = c == '\n' && prev_cr_;
      prev_cr_ = c == '\r';
      if (!crlf_tail) ++line_;
      if (state_ != State::kQuoted && in_record_ && !crlf_tail) {
        if (!EndRecord(p, i, from_carry, rec_start, base, sink)) return false;
        from_carry = false;
      }
      ++i;  // a line break in quotes is content; an empty line is skipped
      continue;
    }
    prev_cr_ = false;
    if (!in_record_) {
      in_record_ = true;
      from_carry = false;
      rec_start = i;
      record_line_ = line_;
      state_ = State::kFieldStart;
    }
    switch (state_) {
      case State::kFieldStart:
        if (c == d) {
          PushField(off(i), off(i), FieldKind::kPlain);
        } else if (c == '"') {
          field_begin_ = off(i) + 1;
          field_kind_ = FieldKind::kQuotedSimple;
          state_ = State::kQuoted;
        } else {
          field_begin_ = off(i);
          field_kind_ = FieldKind::kPlain;
          state_ = State::kUnquoted;
        }
        ++i;
        break;
      case State::kUnquoted: {  // hot: skip ordinary bytes
        size_t j = i;
        while (j < n && p[j] != d && p[j] != '\n' && p[j] != '\r') ++j;
        i = j;
        if (j < n && p[j] == d) {
          PushField(field_begin_, off(j), field_kind_);
          state_ = State::kFieldStart;
          ++i;
        }
        break;
      }
      case State::kQuoted: {
        size_t j = i;
        while (j < n && p[j] != '"' && p[j] != '\n' && p[j] != '\r') ++j;
        i = j;
        if (j < n && p[j] == '"') {
          state_ = State::kQuoteInQuoted;
          ++i;
        }
        break;
      }
      case State::kQuoteInQuoted:
        if (c == '"') {  // "" inside quotes
          field_kind_ = FieldKind::kQuotedComplex;
          state_ = State::kQuoted;
        } else if (c == d) {
          PushField(field_begin_, off(i), field_kind_);
          state_ = State::kFieldStart;
        } else {  // text after the closing quote: kept, like Python's csv module
          field_kind_ = FieldKind::kQuotedComplex;
          state_ = State::kUnquoted;
        }
        ++i;
        break;
    }
  }
  if (in_record_ && !skipping_) {  // the chunk ends inside a record: keep its bytes
    size_t from = from_carry ? 0 : rec_start;
    if (carry_.size() + (n - from) > kMaxRecordBytes) {
      skipping_ = true;
      too_long_ = true;
      fields_.clear();
      std::string().swap(carry_);
    } else {
      carry_.append(p + from, n - from);
    }
  }
  return true;
}

bool CsvReader::EndRecord(const char* p, size_t i, bool from_carry, size_t rec_start, size_t base,
                          CsvSink& sink) {
  const size_t end = from_carry ? base + i : i - rec_start;
  RecordProblem problem = RecordProblem::kNone;
  switch (state_) {
    case State::kFieldStart: PushField(end, end, FieldKind::kPlain); break;  // after a delimiter
    case State::kQuoted: problem = RecordProblem::kUnterminatedQuote; [[fallthrough]];
    default: PushField(field_begin_, end, field_kind_); break;
  }
  if (too_long_ || end > kMaxRecordBytes) problem = RecordProblem::kTooLong;

  CsvRecord rec;
  rec.line = record_line_;
  rec.problem = problem;
  if (problem != RecordProblem::kTooLong) {
    if (from_carry) {
      if (i) carry_.append(p, i);
      rec.data = carry_.data();
    } else {
      rec.data = p + rec_start;
    }
    rec.size = end;
    rec.fields = fields_.data();
    rec.field_count = fields_.size();
    if (encoding_ == TextEncoding::kUtf8 && !IsValidUtf8({rec.data, rec.size})) {
      encoding_ = TextEncoding::kWindows1252;
      first_invalid_line_ = record_line_;
    }
  }
  bool go_on = sink.OnRecord(rec);
  in_record_ = false;
  skipping_ = too_long_ = false;
  state_ = State::kFieldStart;
  fields_.clear();
  carry_.clear();
  if (carry_.capacity() > (4u << 20)) std::string().swap(carry_);
  if (!go_on) stopped_ = true;
  return go_on;
}

}  // namespace ces
