#include "engine/evaluate/outcomes.h"

#include <unordered_map>

#include "engine/aggregate/ingest.h"
#include "engine/base/engine_limits.h"
#include "engine/base/text.h"
#include "engine/csv/column_match.h"

namespace ces {

OutcomeCell ParseOutcomeCell(std::string_view cell) {
  cell = TrimSpaces(cell);
  if (cell.empty()) return OutcomeCell::kUnknown;
  for (const char* t : {"1", "true", "yes", "y"})
    if (EqualsIgnoreCase(cell, t)) return OutcomeCell::kOne;
  for (const char* t : {"0", "false", "no", "n"})
    if (EqualsIgnoreCase(cell, t)) return OutcomeCell::kZero;
  return OutcomeCell::kInvalid;
}

namespace {

// v1's column matching; a missing column's message lists the file's columns.
int FindOutcomeColumn(const std::vector<std::string>& columns, const std::string& name, std::string* problem) {
  const int index = FindColumn(columns, name, problem);
  if (index < 0 && problem->find(" is not in the file") != std::string::npos)
    *problem += "; its columns are: " + ColumnList(columns);
  return index;
}

void AddError(Outcomes* out, int64_t line, std::string message) {
  ++out->error_count;
  if (out->errors.size() < kMaxListedRowErrors) out->errors.push_back({line, std::move(message)});
}

}  // namespace

// [SECTION] Reading an outcome column

class OutcomeColumnReader::Sink : public CsvSink {
 public:
  Sink(const ScoreModel& model, std::string column, bool scored_file)
      : column_(std::move(column)), customer_column_(model.data.customer), scored_file_(scored_file),
        reader_(scored_file ? model.data.delimiter : 0) {
    if (scored_file_) {
      scratch_ = std::make_unique<Dataset>();
      ingestor_ = std::make_unique<Ingestor>(model, MakeIngestPlan(model, true), &reader_, scratch_.get());
    }
  }

  bool Feed(const char* data, size_t size) {
    if (!fatal_.empty()) return false;
    reader_.Feed(data, size, *this);
    return fatal_.empty();
  }

  bool Finish() {
    if (!fatal_.empty()) return false;
    reader_.Finish(*this);
    if (fatal_.empty() && !header_done_) fatal_.push_back("the file is empty: a header line with the column names is required");
    if (fatal_.empty() && ingestor_ && !ingestor_->Finish(false)) fatal_ = ingestor_->fatal_errors();
    windows1252_ = reader_.encoding() == TextEncoding::kWindows1252;
    return fatal_.empty();
  }

  bool OnRecord(const CsvRecord& r) override {
    if (!header_done_) return Header(r);
    bool valid;
    if (scored_file_) {
      const int64_t errors_before = scratch_->row_errors;
      if (!ingestor_->OnRecords(&r, 1)) {
        fatal_ = ingestor_->fatal_errors();
        return false;
      }
      valid = scratch_->row_errors == errors_before;  // scoring reads this row
    } else {
      valid = Readable(r);
    }
    if (!valid) return true;
    std::string_view id = TrimSpaces(r.Field(static_cast<size_t>(customer_col_), scratch_text_));
    std::string id_copy(id);  // the outcome field may reuse the scratch
    const std::string_view cell = r.Field(static_cast<size_t>(outcome_col_), scratch_text_);
    const OutcomeCell o = ParseOutcomeCell(cell);
    if (o == OutcomeCell::kInvalid) {
      AddError(&problems_, r.line,
               "column " + QuoteForMessage(column_) + ": " + QuoteForMessage(TrimSpaces(cell)) +
                   " is not an outcome (expected 1/0, true/false, yes/no, y/n, or empty for unknown); "
                   "this row's outcome is unknown");
      return true;
    }
    if (o == OutcomeCell::kUnknown) return true;
    const int8_t v = o == OutcomeCell::kOne ? 1 : 0;
    if (scored_file_) {
      const uint32_t c = scratch_->customers.Find(id_copy);
      if (c == StringPool::kNotFound) return true;  // cannot happen: the row was just read
      if (by_customer_.size() <= c) by_customer_.resize(c + 1, kOutcomeUnknown);
      by_customer_[c] = v;
    } else {
      by_id_[id_copy] = v;
    }
    return true;
  }

  Outcomes Resolve(const Dataset& data) const {
    Outcomes out;
    out.of_customer.assign(data.customer_count(), kOutcomeUnknown);
    out.error_count = problems_.error_count;
    out.errors = problems_.errors;
    auto set = [&](std::string_view id, int8_t v) {
      const uint32_t c = data.customers.Find(id);
      if (c != StringPool::kNotFound) out.of_customer[c] = v;  // outcome rows of unscored customers are ignored
    };
    if (scored_file_) {
      for (uint32_t c = 0; c < by_customer_.size(); ++c)
        if (by_customer_[c] != kOutcomeUnknown) set(scratch_->customer_id(c), by_customer_[c]);
    } else {
      std::string decoded;
      for (const auto& [id, v] : by_id_) {
        if (!windows1252_) {
          set(id, v);
          continue;
        }
        decoded.clear();
        AppendWindows1252AsUtf8(id, decoded);
        set(decoded, v);
      }
    }
    return out;
  }

  const std::vector<std::string>& fatal() const { return fatal_; }

 private:
  bool Header(const CsvRecord& r) {
    header_done_ = true;
    if (r.problem != RecordProblem::kNone) {
      fatal_.push_back("line " + std::to_string(r.line) + ": the header line cannot be read");
      return false;
    }
    std::vector<std::string> names;
    const bool cp1252 = reader_.encoding() == TextEncoding::kWindows1252;
    for (size_t i = 0; i < r.field_count; ++i) {
      std::string_view cell = TrimSpaces(r.Field(i, scratch_text_));
      std::string name;
      if (cp1252) AppendWindows1252AsUtf8(cell, name);
      else name.assign(cell);
      names.push_back(std::move(name));
    }
    expected_fields_ = r.field_count;
    std::string problem;
    outcome_col_ = FindOutcomeColumn(names, column_, &problem);
    if (outcome_col_ < 0) fatal_.push_back("line " + std::to_string(r.line) + ": outcome " + problem);
    customer_col_ = FindOutcomeColumn(names, customer_column_, &problem);
    if (customer_col_ < 0 && !scored_file_)
      fatal_.push_back("line " + std::to_string(r.line) + ": the customer " + problem +
                       " (the outcomes file needs the model's customer column, data.customer)");
    if (!fatal_.empty()) return false;
    if (scored_file_ && !ingestor_->OnRecords(&r, 1)) {
      fatal_ = ingestor_->fatal_errors();
      return false;
    }
    return true;
  }

  // The other file's rows: v1's row rules for what this reader needs.
  bool Readable(const CsvRecord& r) {
    if (r.problem == RecordProblem::kTooLong) {
      AddError(&problems_, r.line, "the row is too long to read");
      return false;
    }
    if (r.problem == RecordProblem::kUnterminatedQuote) {
      AddError(&problems_, r.line, "a quote opened on this line is never closed");
      return false;
    }
    if (r.field_count != expected_fields_) {
      AddError(&problems_, r.line,
               "has " + std::to_string(r.field_count) + " fields; the header has " + std::to_string(expected_fields_));
      return false;
    }
    if (TrimSpaces(r.Field(static_cast<size_t>(customer_col_), scratch_text_)).empty()) {
      AddError(&problems_, r.line, "the customer id is empty");
      return false;
    }
    return true;
  }

  std::string column_, customer_column_;
  bool scored_file_;
  CsvReader reader_;
  std::unique_ptr<Dataset> scratch_;      // the scored file: a second ingest decides which rows count
  std::unique_ptr<Ingestor> ingestor_;
  bool header_done_ = false;
  bool windows1252_ = false;
  size_t expected_fields_ = 0;
  int outcome_col_ = -1, customer_col_ = -1;
  std::string scratch_text_;
  std::vector<std::string> fatal_;
  Outcomes problems_;                                // errors only
  std::vector<int8_t> by_customer_;                  // scored file: per scratch customer
  std::unordered_map<std::string, int8_t> by_id_;    // other file: per raw id
};

std::unique_ptr<OutcomeColumnReader> OutcomeColumnReader::ForScoredFile(const ScoreModel& model, std::string column) {
  std::unique_ptr<OutcomeColumnReader> r(new OutcomeColumnReader());
  r->sink_ = std::make_unique<Sink>(model, std::move(column), true);
  return r;
}
std::unique_ptr<OutcomeColumnReader> OutcomeColumnReader::ForOtherFile(const ScoreModel& model, std::string column) {
  std::unique_ptr<OutcomeColumnReader> r(new OutcomeColumnReader());
  r->sink_ = std::make_unique<Sink>(model, std::move(column), false);
  return r;
}
OutcomeColumnReader::~OutcomeColumnReader() = default;
bool OutcomeColumnReader::Feed(const char* data, size_t size) { return sink_->Feed(data, size); }
bool OutcomeColumnReader::Finish() { return sink_->Finish(); }
const std::vector<std::string>& OutcomeColumnReader::fatal_errors() const { return sink_->fatal(); }
Outcomes OutcomeColumnReader::Resolve(const Dataset& data) const { return sink_->Resolve(data); }

// [SECTION] The outcome from the log

bool ParseLogOutcome(std::string_view text, LogOutcomeSpec* spec, std::string* error) {
  text = TrimSpaces(text);
  if (text == "active") {
    spec->kind = LogOutcome::kActive;
    return true;
  }
  if (text == "inactive") {
    spec->kind = LogOutcome::kInactive;
    return true;
  }
  if (text.substr(0, 6) == "event:") {
    spec->kind = LogOutcome::kEvent;
    spec->events.clear();
    std::string_view rest = text.substr(6);
    while (true) {
      const size_t comma = rest.find(',');
      const std::string_view name = TrimSpaces(rest.substr(0, comma));
      if (name.empty()) {
        *error = "event: needs event names separated by commas, e.g. event:purchase,upgrade";
        return false;
      }
      spec->events.emplace_back(name);
      if (comma == std::string_view::npos) break;
      rest = rest.substr(comma + 1);
    }
    return true;
  }
  *error = "expected active, inactive or event:NAME[,NAME…]; got " + QuoteForMessage(text);
  return false;
}

bool OutcomesFromLog(const Dataset& data, const ScoreTable& scores_on_date, const LogOutcomeSpec& spec, Outcomes* out,
                     std::string* error) {
  std::vector<uint8_t> wanted;  // per event id: counts for kEvent
  if (spec.kind == LogOutcome::kEvent) {
    if (data.plan.event.empty()) {
      *error = "event:… needs the model's event column (data.event)";
      return false;
    }
    wanted.assign(data.events.size() + 1, 0);
    for (const std::string& name : spec.events) {
      const uint32_t id = data.event_id(name);
      if (id != Dataset::kOtherEvent) wanted[id] = 1;
      else if (data.events_overflowed) {
        *error = "event " + QuoteForMessage(name) + ": the file has more distinct event names than are tracked one by one, "
                 "and this one is not among them; list it in one of the model's activities";
        return false;
      }
    }
  }
  out->of_customer.assign(data.customer_count(), kOutcomeUnknown);
  const int64_t last = static_cast<int64_t>(spec.at) + spec.horizon;
  const int stride = data.cells.stride();
  for (uint32_t c = 0; c < data.customer_count(); ++c) {
    if (!scores_on_date.Exists(c)) continue;
    bool seen = false;
    const uint64_t* cell = data.cells.cells(c);
    for (size_t k = 0, n = data.cells.cell_count(c); k < n && !seen; ++k, cell += stride) {
      const int32_t day = EventCells::CellDay(cell);
      if (day <= spec.at || day > last) continue;
      if (spec.kind == LogOutcome::kEvent) {
        const uint32_t e = EventCells::CellEvent(cell);
        seen = e < wanted.size() && wanted[e];
      } else {
        seen = true;
      }
    }
    out->of_customer[c] = static_cast<int8_t>(spec.kind == LogOutcome::kInactive ? !seen : seen);
  }
  return true;
}

}  // namespace ces
