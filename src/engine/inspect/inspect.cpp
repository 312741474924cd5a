#include "engine/inspect/inspect.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "engine/base/text.h"
#include "engine/csv/line_prefix.h"
#include "engine/csv/value_parse.h"
#include "engine/inspect/event_words.h"

namespace ces {

namespace {
constexpr size_t kTrackedValues = 256;  // distinct texts counted per column
// Texts whose repetition is looked for per column (AllDistinct): a CRM file of up to this
// many accounts is told from an event log; past it a column's answer is "unknown".
constexpr size_t kDistinctTracked = 1 << 17;
}

bool ColumnProfile::IsTimestamp() const {
  uint64_t t = iso + epoch_s + epoch_ms + slash;
  return filled > 0 && t * 10 >= filled * 9;  // nine in ten cells or more
}

bool ColumnProfile::IsNumeric() const { return filled > 0 && numbers * 10 >= filled * 9 && !IsTimestamp(); }

std::string ColumnProfile::TypeName() const {
  if (filled == 0) return "empty";
  if (IsTimestamp()) {
    uint64_t best = std::max({iso, epoch_s, epoch_ms, slash});
    if (best == iso) return "timestamp (ISO 8601)";
    if (best == epoch_s) return "timestamp (epoch seconds)";
    if (best == epoch_ms) return "timestamp (epoch milliseconds)";
    if (slash_day_first && !slash_month_first) return "date (D/M/YYYY)";
    return "date (M/D/YYYY)";
  }
  if (IsNumeric()) return integers == numbers ? "integer" : "number";
  if (!many_values) return "text (" + std::to_string(top_values.size()) + " distinct)";
  return "text";
}

// Texts are kept as read and decoded in Result(): a file may turn out to be Windows-1252
// only after its header and first rows have been seen (then it is decoded as a whole).
std::string CsvInspector::Text(std::string_view raw) const {
  std::string s;
  if (reader_->encoding() == TextEncoding::kWindows1252) {
    AppendWindows1252AsUtf8(raw, s);
  } else {
    s.assign(raw);
    size_t keep = s.size();  // an 80-byte example may end inside a character
    while (keep > 0 && !IsValidUtf8(std::string_view(s).substr(0, keep)) && s.size() - keep < 4) --keep;
    s.resize(IsValidUtf8(std::string_view(s).substr(0, keep)) ? keep : 0);
  }
  return s;
}

bool CsvInspector::OnRecord(const CsvRecord& r) {
  if (r.problem == RecordProblem::kTooLong) {
    if (header_done_) {
      if (!profile_.ragged_rows) profile_.first_ragged_line = r.line;
      ++profile_.rows, ++profile_.ragged_rows;
      return true;
    }
    header_done_ = true;  // the next row is not the header
    profile_.header_too_long_line = r.line;
    return false;
  }
  if (!header_done_) {
    header_done_ = true;
    for (size_t i = 0; i < r.field_count && i < 100000; ++i) {
      ColumnProfile c;
      c.name = std::string(TrimSpaces(r.Field(i, scratch_)));
      profile_.columns.push_back(std::move(c));
    }
    seen_.resize(profile_.columns.size());
    return true;
  }
  ++profile_.rows;
  if (r.field_count != profile_.columns.size()) {
    if (!profile_.ragged_rows) profile_.first_ragged_line = r.line;
    ++profile_.ragged_rows;
  }
  if (profile_.preview.size() < preview_rows_) {
    std::vector<std::string> row;
    for (size_t i = 0; i < r.field_count && i < 1000; ++i) row.emplace_back(r.Field(i, scratch_));
    profile_.preview.push_back(std::move(row));
  }
  const size_t n = std::min(r.field_count, profile_.columns.size());
  const bool decimal_comma = reader_->delimiter() == ';';
  for (size_t i = 0; i < n; ++i) {
    std::string_view cell = TrimSpaces(r.Field(i, scratch_));
    if (cell.empty()) continue;
    ColumnProfile& c = profile_.columns[i];
    ++c.filled;
    if (c.example.empty()) c.example = std::string(cell.substr(0, 80));
    double v;
    if (ParseNumber(cell, decimal_comma, &v) == NumberStatus::kOk) {
      ++c.numbers;
      if (v == static_cast<double>(static_cast<int64_t>(v))) ++c.integers;
    }
    ParsedTime t = ParseTimestamp(cell, TimeFormat::kAuto);
    if (t.kind == ParsedTime::kSlashDate) {
      ++c.slash;
      if (t.first > 12) ++c.slash_day_first;
      if (t.second > 12) ++c.slash_month_first;
    } else if (t.kind == ParsedTime::kDay) {
      bool digits = std::all_of(cell.begin(), cell.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
      if (!digits) ++c.iso;
      else if (cell.size() <= 10) ++c.epoch_s;
      else ++c.epoch_ms;
    }
    if (c.distinct_known && !c.repeats) {
      std::unordered_set<uint64_t>& seen = seen_[i];
      if (!seen.insert(std::hash<std::string_view>()(cell)).second) {
        c.repeats = true;
        std::unordered_set<uint64_t>().swap(seen);
      } else if (seen.size() > kDistinctTracked) {
        c.distinct_known = false;
        std::unordered_set<uint64_t>().swap(seen);
      }
    }
    if (!c.many_values && cell.size() <= 200) {  // compared in place: copied only when new
      auto it = std::find_if(c.top_values.begin(), c.top_values.end(), [&](const auto& p) { return p.first == cell; });
      if (it != c.top_values.end()) ++it->second;
      else if (c.top_values.size() < kTrackedValues) c.top_values.emplace_back(std::string(cell), 1);
      else c.many_values = true;
    } else if (cell.size() > 200) {
      c.many_values = true;
    }
  }
  return true;
}

const CsvProfile& CsvInspector::Result() {
  profile_.delimiter = reader_->delimiter();
  profile_.delimiter_sniffed = reader_->delimiter_sniffed();
  profile_.encoding = reader_->encoding();
  profile_.first_invalid_utf8_line = reader_->first_invalid_utf8_line();
  result_ = profile_;
  for (ColumnProfile& c : result_.columns) {
    c.name = Text(c.name);
    c.example = Text(c.example);
    for (auto& v : c.top_values) v.first = Text(v.first);
    std::stable_sort(c.top_values.begin(), c.top_values.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
  }
  for (auto& row : result_.preview)
    for (std::string& cell : row) cell = Text(cell);
  return result_;
}

CsvProfile InspectCsv(std::string_view bytes, char delimiter) {
  CsvReader reader(delimiter);
  CsvInspector inspector(&reader);
  reader.Feed(bytes.data(), bytes.size(), inspector);
  reader.Finish(inspector);
  return inspector.Result();
}

CsvProfile InspectCsvPrefix(std::string_view first_bytes) { return InspectCsv(CompleteLinesPrefix(first_bytes)); }

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// For each column, true when a model can name it: a valid model name (spec section 2:
// at most 200 characters, no control characters, not blank) that no other column has.
std::vector<bool> NameableColumns(const CsvProfile& p) {
  std::unordered_map<std::string_view, int> count;
  for (const ColumnProfile& c : p.columns) ++count[c.name];
  std::vector<bool> ok(p.columns.size());
  for (size_t i = 0; i < p.columns.size(); ++i) {
    const std::string& n = p.columns[i].name;
    ok[i] = count[n] == 1 && !TrimSpaces(n).empty() && IsValidUtf8(n) && CountCodePoints(n) <= 200 &&
            !HasControlCharacter(n);
  }
  return ok;
}

// The first `max_chars` characters of valid UTF-8 text, trimmed.
std::string CutChars(const std::string& s, size_t max_chars) {
  size_t i = 0, chars = 0;
  while (i < s.size() && chars < max_chars) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    ++chars;
  }
  return std::string(TrimSpaces(std::string_view(s).substr(0, i)));
}

// A unique activity name from a text (an event or column name); "" when none fits.
std::string ActivityName(const std::string& text, std::vector<std::string>& used) {
  if (!IsValidUtf8(text) || HasControlCharacter(text)) return "";
  std::string name = CutChars(text, 150);
  for (int k = 2; !name.empty() && std::find(used.begin(), used.end(), name) != used.end(); ++k)
    name = CutChars(text, 140) + " (" + std::to_string(k) + ")";
  if (!name.empty()) used.push_back(name);
  return name;
}

// Position of the column whose lower-cased name is first in `names`, else -1.
int ByName(const CsvProfile& p, std::initializer_list<const char*> names, const std::vector<bool>& taken) {
  for (const char* want : names)
    for (size_t i = 0; i < p.columns.size(); ++i)
      if (!taken[i] && Lower(p.columns[i].name) == want) return static_cast<int>(i);
  return -1;
}

}  // namespace

ColumnGuess GuessColumns(const CsvProfile& p) {
  ColumnGuess g;
  std::vector<bool> taken(p.columns.size(), false);
  const std::vector<bool> nameable = NameableColumns(p);
  for (size_t i = 0; i < p.columns.size(); ++i) taken[i] = !nameable[i];  // a model could not name it
  auto take = [&](int i) {
    if (i >= 0) taken[static_cast<size_t>(i)] = true;
    return i;
  };
  g.customer = take(ByName(p, {"user_id", "customer_id", "userid", "customerid", "customer", "user", "email",
                               "email address", "e-mail", "contact_id", "account_id", "record id", "id"},
                           taken));
  g.time = ByName(p, {"timestamp", "time", "event_time", "occurred_at", "created_at", "date", "datetime",
                      "event_date", "ts", "created at", "processed at", "opened at"},
                  taken);
  if (g.time < 0) {
    for (size_t i = 0; i < p.columns.size() && g.time < 0; ++i)
      if (!taken[i] && p.columns[i].IsTimestamp()) g.time = static_cast<int>(i);
  }
  take(g.time);
  g.event = take(ByName(p, {"event", "event_name", "event_type", "type", "action", "activity", "name"}, taken));
  g.segment = take(ByName(p, {"plan", "segment", "tier", "tags", "country", "lifecycle stage", "lifecyclestage",
                              "industry", "region", "list"},
                          taken));
  if (g.customer < 0) {  // first text column with many values
    for (size_t i = 0; i < p.columns.size() && g.customer < 0; ++i)
      if (!taken[i] && !p.columns[i].IsNumeric() && !p.columns[i].IsTimestamp()) g.customer = take(static_cast<int>(i));
  }
  // One row per customer when there is no time column, or when there is no event column
  // and ids never repeat (a CRM export with a "last login" or "created" date: summing its
  // money over a window of that date would score most accounts on nothing).
  const bool ids_unique = g.customer >= 0 && p.rows >= 2 && p.columns[static_cast<size_t>(g.customer)].AllDistinct();
  g.shape = g.time >= 0 && !(g.event < 0 && ids_unique) ? Shape::kEvents : Shape::kCustomers;
  if (g.shape == Shape::kCustomers) g.time = -1;
  if (g.shape == Shape::kCustomers) g.event = -1;
  return g;
}

namespace {

// A numeric column of an event log that holds money (Stripe's `amount`, a shop's `total`).
bool IsAmountColumn(const ColumnProfile& c) {
  if (!c.IsNumeric() || c.IsTimestamp()) return false;
  for (const std::string& w : NameWords(c.name))
    for (const char* want : {"amount", "revenue", "price", "total", "value", "spend", "spent", "mrr", "arr", "paid",
                             "payment", "sales", "gmv"})
      if (w == want) return true;
  return false;
}

std::string Quoted(const std::string& s) { return "\u201c" + s + "\u201d"; }

}  // namespace

ScoreModel StarterModel(const CsvProfile& p, const ColumnGuess& g, std::vector<std::string>* reasons) {
  ScoreModel m;
  std::vector<std::string> why;
  auto name_of = [&](int i) { return i >= 0 ? p.columns[static_cast<size_t>(i)].name : std::string(); };
  std::vector<std::string> used = {"Active days", "Days since last visit"};
  const std::vector<bool> nameable = NameableColumns(p);
  m.name = "My engagement score";
  m.data.shape = g.shape;
  m.data.customer = name_of(g.customer);
  m.data.segment = name_of(g.segment);
  if (g.shape == Shape::kEvents) {
    m.data.time = name_of(g.time);
    m.data.event = name_of(g.event);
    std::vector<std::string> good_events;      // frequent events that are not trouble
    std::vector<std::string> customer_events;  // every event but the scheduled ones
    std::vector<std::pair<std::string, std::string>> scheduled;  // (event, the word that says so)
    bool trouble_seen = false, all_events_known = false;
    if (g.event >= 0) {
      const ColumnProfile& ev = p.columns[static_cast<size_t>(g.event)];
      all_events_known = !ev.many_values;
      for (size_t k = 0; k < ev.top_values.size(); ++k) {
        const std::string& event = ev.top_values[k].first;
        const std::string trouble = TroubleWord(event);
        // A model can list only events it can name (spec section 2); one it cannot name
        // means the list of good events would be incomplete, so the sum stays over all.
        const bool nameable_event = !TrimSpaces(event).empty() && IsValidUtf8(event) &&
                                    CountCodePoints(event) <= 200 && !HasControlCharacter(event);
        if (!nameable_event) all_events_known = false;
        // Scheduled by the system (Stripe's `invoice.upcoming`, often dated weeks ahead):
        // not engagement, so no activity of its own and no part of the others.
        const std::string planned = ScheduledWord(event);
        if (!planned.empty()) {
          scheduled.emplace_back(event, planned);
          continue;
        }
        if (nameable_event) customer_events.push_back(event);
        if (trouble.empty()) {
          if (nameable_event) good_events.push_back(event);
        } else {
          trouble_seen = true;
        }
        if (m.activities.size() >= 6 || CountCodePoints(event) > 200) continue;  // a model cannot name it
        Activity a;
        a.name = ActivityName(event, used);
        if (a.name.empty()) continue;
        a.events = {event};
        a.measure = Measure::kCount;
        a.transform = Transform::kLog;
        const uint64_t n = ev.top_values[k].second;
        const std::string rows = std::to_string(n) + (n == 1 ? " row" : " rows");
        if (trouble.empty()) {
          a.weight = 1;
          why.push_back("One of the most frequent events (" + rows + " seen): each one adds, on a log scale.");
        } else {
          a.weight = -2;
          why.push_back(Quoted(trouble) + " means loss or trouble, so each " + Quoted(event) +
                        " takes points away (" + rows + " seen).");
        }
        m.activities.push_back(a);
      }
    }
    for (size_t i = 0; i < p.columns.size(); ++i) {
      if (static_cast<int>(i) == g.customer || static_cast<int>(i) == g.time || static_cast<int>(i) == g.event ||
          static_cast<int>(i) == g.segment || !nameable[i] || !IsAmountColumn(p.columns[i]))
        continue;
      Activity a;
      a.name = ActivityName("Total " + p.columns[i].name, used);
      if (a.name.empty()) continue;
      a.measure = Measure::kSum;
      a.column = p.columns[i].name;
      a.weight = 1;
      a.transform = Transform::kLog;
      // Money on a refund or a failed charge is not spending: leave those events out when
      // the file's whole list of events is known.
      if ((trouble_seen || !scheduled.empty()) && all_events_known && !good_events.empty()) a.events = good_events;
      const std::string left_out = trouble_seen && !scheduled.empty() ? "not trouble and not scheduled"
                                   : trouble_seen                     ? "not trouble"
                                                                      : "not scheduled";
      why.push_back(Quoted(p.columns[i].name) + " looks like money: its sum" +
                    (a.events.empty() ? std::string() : " over the events that are " + left_out) +
                    " adds points, on a log scale so a few big spenders do not dominate.");
      m.activities.push_back(a);
      break;  // one amount is enough to start
    }
    Activity days;
    days.name = "Active days";
    days.measure = Measure::kDistinctDays;
    days.weight = 2;
    // The days a customer acted: a scheduled event is not a visit. Only when every event
    // type is known; otherwise the list would leave out types never read.
    const bool skip_scheduled = !scheduled.empty() && all_events_known && !customer_events.empty();
    if (skip_scheduled) days.events = customer_events;
    m.activities.push_back(days);
    std::string days_why = "Coming back on many different days is the steadiest sign of engagement.";
    if (!scheduled.empty()) {
      const auto& [event, word] = scheduled.front();
      days_why += " " + Quoted(event) + (scheduled.size() > 1 ? " (and " + std::to_string(scheduled.size() - 1) +
                                                                    " more) gets" : " gets") +
                  " no points: " + Quoted(word) + " means the system scheduled it, not that the customer did something" +
                  (skip_scheduled ? ", so it is left out here too." : ".");
    }
    why.push_back(days_why);
    Activity since;
    since.name = "Days since last visit";
    since.measure = Measure::kDaysSinceLast;
    since.weight = -0.5;
    if (skip_scheduled) since.events = customer_events;
    m.activities.push_back(since);
    why.push_back("Negative: the longer since a customer's last event, the fewer points (recency, not dormancy).");
  } else {
    for (size_t i = 0; i < p.columns.size() && m.activities.size() < 8; ++i) {
      if (static_cast<int>(i) == g.customer || !p.columns[i].IsNumeric() || !nameable[i]) continue;
      Activity a;
      a.name = ActivityName(p.columns[i].name, used);
      if (a.name.empty()) continue;
      a.measure = Measure::kValue;
      a.column = p.columns[i].name;
      a.transform = Transform::kLog;
      const std::string trouble = TroubleWord(p.columns[i].name);
      a.weight = trouble.empty() ? 1 : -1;
      why.push_back(trouble.empty() ? "A numeric column: more is better, on a log scale."
                                    : Quoted(trouble) + " means loss or trouble, so more of it takes points away.");
      m.activities.push_back(a);
    }
    if (m.activities.empty()) {  // nothing numeric: a placeholder the user will edit
      // The column with the most numbers, so that fewer rows are errors than with any
      // other; the customer column when no other has a number at all.
      int best = g.customer;
      for (size_t i = 0; i < p.columns.size(); ++i) {
        if (static_cast<int>(i) == g.customer || !nameable[i] || p.columns[i].numbers == 0) continue;
        if (best == g.customer || p.columns[i].numbers > p.columns[static_cast<size_t>(best)].numbers) best = static_cast<int>(i);
      }
      Activity a;
      a.name = "Activity";
      a.measure = Measure::kValue;
      a.column = name_of(best);
      a.weight = 1;
      m.activities.push_back(a);
      why.push_back("No column holds numbers: a placeholder to point at the right column.");
    }
  }
  if (reasons) *reasons = std::move(why);
  m.scale.method = ScaleMethod::kPercentile;
  m.tiers = {{"At risk", 30.0, "#d9534f"}, {"Steady", 70.0, "#f0ad4e"}, {"Champion", std::nullopt, "#5cb85c"}};
  return m;
}

}  // namespace ces
