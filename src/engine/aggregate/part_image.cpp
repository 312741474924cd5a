// Part images (part_image.h). Layout: "CESPART\0", a format version, the plan's shape
// (to refuse an image read with another plan), the sections below in this order, and
// a 64-bit hash of everything before it. Numbers are stored as in memory (little-endian).
//
// Field by field, what AbsorbPart (ingest_parts.cpp, event_cells.cpp) reads of a later
// part; a field added there must be added here (and kVersion raised):
//   session   errors_, finished(), bytes_fed(), the reader's encoding
//   ingestor  fatal_, header_done_, col_, expected_fields_, windows1252_, slash_dates_seen_,
//             sums_integral_, decimal_sums_ (its facts), stored_min_day_, stored_max_day_, other_time_rows_, run_day_,
//             run_rows_, day_rows_, latest_md_, latest_dm_, history_ (file_order_, latest_,
//             undecided_, file_order_day_first_), currency_columns_, currency_codes_, currency_signs_
//   dataset   rows, row_errors, numeric_errors, errors, max_day, events_overflowed, events,
//             event_rows, values, segments, carried, customers, segment, carry, cells,
//             profile, profile_rows, profile_filled
//   cells     appended_out_of_order_, lists_ (as stored: maybe unsorted), distinct_, history_
#include "engine/aggregate/part_image.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "engine/aggregate/ingest.h"

namespace ces {

namespace {

constexpr char kMagic[8] = {'C', 'E', 'S', 'P', 'A', 'R', 'T', '\0'};
constexpr uint32_t kVersion = 3;  // 2: attribute change points (AttributeHistory), currencies; 3: decimal sums

class Writer {
 public:
  template <class T>
  void Put(const T& v) {
    static_assert(std::is_trivially_copyable<T>::value, "plain values only");
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <class T>
  void PutVector(const std::vector<T>& v) {
    Put<uint64_t>(v.size());
    if (!v.empty()) out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  void PutText(std::string_view s) {
    Put<uint64_t>(s.size());
    out_.append(s.data(), s.size());
  }
  void PutPool(const StringPool& pool) {
    Put<uint32_t>(pool.size());
    for (uint32_t id = 0; id < pool.size(); ++id) PutText(pool.Get(id));
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

// Reads what Writer wrote; once anything is out of bounds or inconsistent it stays
// failed and every later read gives zeros, so callers check ok() once per section.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <class T>
  T Get() {
    T v{};
    if (!Need(sizeof v)) return v;
    std::memcpy(&v, in_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  template <class T>
  bool GetVector(std::vector<T>* v, uint64_t limit = UINT64_MAX) {
    const auto n = Get<uint64_t>();
    if (n > limit || n > (in_.size() - at_) / sizeof(T)) return Fail();
    v->resize(static_cast<size_t>(n));
    if (n) std::memcpy(static_cast<void*>(v->data()), in_.data() + at_, static_cast<size_t>(n) * sizeof(T));
    at_ += static_cast<size_t>(n) * sizeof(T);
    return ok_;
  }
  std::string_view GetText() {
    const auto n = Get<uint64_t>();
    if (!Need(n)) return {};
    std::string_view s = in_.substr(at_, static_cast<size_t>(n));
    at_ += static_cast<size_t>(n);
    return s;
  }
  std::string_view GetBytes(size_t n) {
    if (!Need(n)) return {};
    std::string_view s = in_.substr(at_, n);
    at_ += n;
    return s;
  }
  bool GetPool(StringPool* pool) {
    const auto n = Get<uint32_t>();
    if (n > (in_.size() - at_) / 8) return Fail();  // every entry takes 8 bytes at least
    for (uint32_t id = 0; ok_ && id < n; ++id) {
      bool added = false;
      const std::string_view s = GetText();
      if (ok_ && (pool->Intern(s, &added) != id || !added)) return Fail();  // a repeated name: garbled
    }
    return ok_;
  }
  bool Need(uint64_t n) { return n <= in_.size() - at_ ? true : Fail(); }
  bool Fail() { return ok_ = false; }
  bool ok() const { return ok_; }
  bool at_end() const { return at_ == in_.size(); }

 private:
  std::string_view in_;
  size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace

struct PartImage {
  static std::string Save(const ScoreSession& s);
  static std::unique_ptr<ScoreSession> Load(const ScoreModel& model, const SessionOptions& options,
                                            std::string_view image, std::string* error);
};

std::string PartImage::Save(const ScoreSession& s) {
  const Ingestor& g = *s.ingestor_;
  const Dataset& d = *s.data_;
  const EventCells& cells = d.cells;
  Writer w;
  w.out().append(kMagic, sizeof kMagic);
  w.Put(kVersion);
  // ---- What the part was read with (checked against the loader's plan) ----
  w.Put<uint8_t>(d.plan.shape == Shape::kEvents);
  w.Put<uint32_t>(static_cast<uint32_t>(d.plan.numeric.size()));
  w.Put<uint32_t>(static_cast<uint32_t>(d.plan.text.size()));
  w.Put<uint32_t>(static_cast<uint32_t>(d.plan.carry.size()));
  w.Put<uint8_t>(d.plan.attributes_by_time);
  w.Put<uint8_t>(d.plan.attribute_history);
  w.Put<uint8_t>(d.plan.keep_history);
  // ---- Session ----
  w.Put<uint32_t>(static_cast<uint32_t>(s.errors_.size()));
  for (const std::string& e : s.errors_) w.PutText(e);
  w.Put<uint8_t>(s.finished());
  w.Put<uint64_t>(s.bytes_fed());
  w.Put<uint8_t>(static_cast<uint8_t>(s.reader_->encoding()));
  // ---- Ingestor ----
  w.Put<uint32_t>(static_cast<uint32_t>(g.fatal_.size()));
  for (const std::string& e : g.fatal_) w.PutText(e);
  w.Put<uint8_t>(g.header_done_);
  w.Put<int32_t>(g.col_.customer);
  w.Put<int32_t>(g.col_.time);
  w.Put<int32_t>(g.col_.event);
  w.Put<int32_t>(g.col_.segment);
  w.PutVector(g.col_.numeric);
  w.PutVector(g.col_.text);
  w.PutVector(g.col_.carry);
  w.Put<uint64_t>(g.expected_fields_);
  w.Put<uint8_t>(g.windows1252_);
  w.Put<uint8_t>(g.slash_dates_seen_);
  w.Put<uint8_t>(g.sums_integral_);
  const DecimalSums::Facts& sums = g.decimal_sums_.facts();
  w.Put<uint8_t>(sums.exact);
  w.Put<uint8_t>(sums.scaled);
  w.PutVector(sums.scale);
  w.PutVector(sums.largest);
  w.Put<int64_t>(sums.held);
  w.Put(g.stored_min_day_);
  w.Put(g.stored_max_day_);
  w.Put(g.other_time_rows_);
  w.Put(g.run_day_);
  w.Put(g.run_rows_);
  std::vector<std::pair<int32_t, int64_t>> day_rows(g.day_rows_.begin(), g.day_rows_.end());
  std::sort(day_rows.begin(), day_rows.end());  // the same part, the same bytes
  w.Put<uint64_t>(day_rows.size());
  for (const auto& [day, rows] : day_rows) {
    w.Put(day);
    w.Put(rows);
  }
  for (const auto* latest : {&g.latest_md_, &g.latest_dm_}) {  // field by field: no padding bytes
    w.Put<uint64_t>(latest->size());
    for (const Ingestor::LatestSeen& x : *latest) {
      w.Put(x.instant);
      w.Put(x.line);
      w.Put(x.value);
    }
  }
  // Attribute change points (the history's lists of plain 12-byte steps, per customer).
  const AttributeHistory& h = g.history_;
  w.Put<uint8_t>(h.undecided_);
  for (const auto* lists : {&h.file_order_, &h.file_order_day_first_}) {
    w.Put<uint64_t>(lists->size());
    for (const auto& steps : *lists) w.PutVector(steps);
  }
  w.Put<uint64_t>(h.latest_.size());
  for (const auto& days : h.latest_) w.PutVector(days);
  // Currencies seen beside amounts.
  w.PutVector(g.currency_columns_);
  for (const auto* seen : {&g.currency_codes_, &g.currency_signs_}) {
    w.Put<uint64_t>(seen->size());
    for (const Ingestor::SeenCodes& x : *seen) {
      w.Put<uint32_t>(static_cast<uint32_t>(x.codes.size()));
      for (const std::string& code : x.codes) w.PutText(code);
      w.Put<uint8_t>(x.more);
      w.PutText(x.last);
    }
  }
  // ---- Dataset ----
  w.Put(d.rows);
  w.Put(d.row_errors);
  w.PutVector(d.numeric_errors);
  w.Put<uint64_t>(d.errors.size());
  for (const RowError& e : d.errors) {
    w.Put(e.line);
    w.PutText(e.message);
  }
  w.Put<uint8_t>(d.max_day.has_value());
  w.Put<int32_t>(d.max_day.value_or(0));
  w.Put<uint8_t>(d.events_overflowed);
  w.PutPool(d.events);
  w.PutVector(d.event_rows);
  w.PutPool(d.values);
  w.PutPool(d.segments);
  w.PutPool(d.carried);
  w.PutPool(d.customers);
  w.PutVector(d.segment);
  w.PutVector(d.carry);
  w.PutVector(d.profile);
  w.PutVector(d.profile_rows);
  w.PutVector(d.profile_filled);
  // ---- Cells ----
  w.Put<uint8_t>(cells.appended_out_of_order_);
  w.Put<uint64_t>(cells.lists_.size());
  for (const EventCells::CellList& l : cells.lists_) {
    w.Put<uint32_t>(l.size);
    w.Put<uint8_t>(l.unsorted);
    w.out().append(reinterpret_cast<const char*>(l.data), static_cast<size_t>(l.size) * cells.stride_ * 8);
  }
  w.Put<uint64_t>(cells.distinct_.size());
  for (const auto& x : cells.distinct_) w.PutVector(x);
  w.Put<uint64_t>(cells.history_.size());
  for (const auto& steps : cells.history_) w.PutVector(steps);
  w.Put<uint64_t>(HashBytes(w.out().data(), w.out().size()));
  return std::move(w.out());
}

std::unique_ptr<ScoreSession> PartImage::Load(const ScoreModel& model, const SessionOptions& options,
                                              std::string_view image, std::string* error) {
  auto fail = [&](const char* why) {
    *error = std::string("the part image ") + why;
    return nullptr;
  };
  if (image.size() < sizeof kMagic + 4 + 8 || std::memcmp(image.data(), kMagic, sizeof kMagic) != 0)
    return fail("is not one (or is cut short)");
  uint64_t hash = 0;
  std::memcpy(&hash, image.data() + image.size() - 8, 8);
  const std::string_view body = image.substr(0, image.size() - 8);
  if (HashBytes(body.data(), body.size()) != hash) return fail("is damaged (its check does not match)");
  Reader r(body.substr(sizeof kMagic));
  if (r.Get<uint32_t>() != kVersion) return fail("comes from another version of CES");

  auto s = std::make_unique<ScoreSession>(model, options);
  Ingestor& g = *s->ingestor_;
  Dataset& d = *s->data_;
  EventCells& cells = d.cells;
  const bool events = d.plan.shape == Shape::kEvents;
  const bool same_plan = r.Get<uint8_t>() == events && r.Get<uint32_t>() == d.plan.numeric.size() &&
                         r.Get<uint32_t>() == d.plan.text.size() && r.Get<uint32_t>() == d.plan.carry.size() &&
                         r.Get<uint8_t>() == d.plan.attributes_by_time &&
                         r.Get<uint8_t>() == d.plan.attribute_history && r.Get<uint8_t>() == d.plan.keep_history;
  if (!r.ok() || !same_plan) return fail("was read with another model");

  // ---- Session ----
  const auto session_errors = r.Get<uint32_t>();
  for (uint32_t k = 0; r.ok() && k < session_errors; ++k) s->errors_.emplace_back(r.GetText());
  s->finishing_ = r.Get<uint8_t>() != 0 ? ScoreSession::Finishing::kDone : ScoreSession::Finishing::kNotStarted;
  s->absorbed_bytes_ = r.Get<uint64_t>();  // a loaded session was fed nothing itself
  const auto encoding = r.Get<uint8_t>();
  if (encoding > static_cast<uint8_t>(TextEncoding::kWindows1252)) r.Fail();
  s->reader_->encoding_ = static_cast<TextEncoding>(encoding);
  s->reader_finished_ = true;  // a part is never fed again: only absorbed
  // ---- Ingestor ----
  const auto fatal = r.Get<uint32_t>();
  for (uint32_t k = 0; r.ok() && k < fatal; ++k) g.fatal_.emplace_back(r.GetText());
  g.header_done_ = r.Get<uint8_t>() != 0;
  g.col_.customer = r.Get<int32_t>();
  g.col_.time = r.Get<int32_t>();
  g.col_.event = r.Get<int32_t>();
  g.col_.segment = r.Get<int32_t>();
  r.GetVector(&g.col_.numeric);
  r.GetVector(&g.col_.text);
  r.GetVector(&g.col_.carry);
  // As the part's header set attribute_columns_ (ingest.cpp): the segment, then carried columns.
  const size_t attributes = (g.col_.segment >= 0 ? 1 : 0) + g.col_.carry.size();
  g.expected_fields_ = static_cast<size_t>(r.Get<uint64_t>());
  g.windows1252_ = r.Get<uint8_t>() != 0;
  g.slash_dates_seen_ = r.Get<uint8_t>() != 0;
  g.sums_integral_ = r.Get<uint8_t>() != 0;
  DecimalSums::Facts sums = g.decimal_sums_.facts();  // as the plan configured them
  sums.exact = r.Get<uint8_t>() != 0;
  sums.scaled = r.Get<uint8_t>() != 0;
  const size_t columns = sums.scale.size();
  r.GetVector(&sums.scale, columns);
  r.GetVector(&sums.largest, columns);
  sums.held = r.Get<int64_t>();
  if (sums.scale.size() != columns || sums.largest.size() != columns) return fail("has sums of other columns");
  if (sums.held < 0 || sums.held > DecimalSums::kMaxHeld) return fail("has sums out of range");
  for (size_t k = 0; k < columns; ++k)
    if (sums.scale[k] < 0 || sums.scale[k] > DecimalSums::kMaxDecimals || !(sums.largest[k] >= 0 && sums.largest[k] < 0x1p26))
      return fail("has sums out of range");
  g.decimal_sums_.Restore(sums);
  g.stored_min_day_ = r.Get<int32_t>();
  g.stored_max_day_ = r.Get<int32_t>();
  g.other_time_rows_ = r.Get<int64_t>();
  g.run_day_ = r.Get<int32_t>();
  g.run_rows_ = r.Get<int64_t>();
  const auto days = r.Get<uint64_t>();
  if (!r.Need(days * 12)) return fail("is cut short");
  for (uint64_t k = 0; k < days; ++k) {
    const auto day = r.Get<int32_t>();
    g.day_rows_[day] = r.Get<int64_t>();
  }
  for (auto* latest : {&g.latest_md_, &g.latest_dm_}) {
    const auto n = r.Get<uint64_t>();
    if (!r.Need(n * 20)) return fail("is cut short");
    latest->resize(static_cast<size_t>(n));
    for (Ingestor::LatestSeen& x : *latest) {
      x.instant = r.Get<int64_t>();
      x.line = r.Get<int64_t>();
      x.value = r.Get<uint32_t>();
    }
  }
  AttributeHistory& h = g.history_;
  h.undecided_ = r.Get<uint8_t>() != 0;
  for (auto* lists : {&h.file_order_, &h.file_order_day_first_}) {
    const auto n = r.Get<uint64_t>();
    if (!r.Need(n * 8)) return fail("is cut short");
    lists->resize(static_cast<size_t>(n));
    for (auto& steps : *lists) r.GetVector(&steps);
  }
  const auto latest = r.Get<uint64_t>();
  if (!r.Need(latest * 8)) return fail("is cut short");
  h.latest_.resize(static_cast<size_t>(latest));
  for (auto& latest_days : h.latest_) r.GetVector(&latest_days);
  r.GetVector(&g.currency_columns_);
  for (auto* seen : {&g.currency_codes_, &g.currency_signs_}) {
    const auto n = r.Get<uint64_t>();
    if (!r.Need(n * 13)) return fail("is cut short");
    seen->resize(static_cast<size_t>(n));
    for (Ingestor::SeenCodes& x : *seen) {
      const auto codes = r.Get<uint32_t>();
      if (codes > Dataset::CurrencyMix::kListed) return fail("does not hold together (damaged, or read with another model)");
      for (uint32_t k = 0; r.ok() && k < codes; ++k) x.codes.emplace_back(r.GetText());
      x.more = r.Get<uint8_t>() != 0;
      x.last = std::string(r.GetText());
    }
  }
  if (!r.ok()) return fail("is cut short");
  // ---- Dataset ----
  d.rows = r.Get<int64_t>();
  d.row_errors = r.Get<int64_t>();
  r.GetVector(&d.numeric_errors);
  const auto listed = r.Get<uint64_t>();
  if (!r.Need(listed * 16)) return fail("is cut short");
  for (uint64_t k = 0; k < listed; ++k) {
    const auto line = r.Get<int64_t>();
    d.errors.push_back({line, std::string(r.GetText())});
  }
  const bool has_max_day = r.Get<uint8_t>() != 0;
  const auto max_day = r.Get<int32_t>();
  if (has_max_day) d.max_day = max_day;
  d.events_overflowed = r.Get<uint8_t>() != 0;
  r.GetPool(&d.events);
  r.GetVector(&d.event_rows);
  r.GetPool(&d.values);
  r.GetPool(&d.segments);
  r.GetPool(&d.carried);
  r.GetPool(&d.customers);
  r.GetVector(&d.segment);
  r.GetVector(&d.carry);
  r.GetVector(&d.profile);
  r.GetVector(&d.profile_rows);
  r.GetVector(&d.profile_filled);
  if (!r.ok()) return fail("is cut short");
  // ---- Cells ----
  cells.appended_out_of_order_ = r.Get<uint8_t>() != 0;
  const auto lists = r.Get<uint64_t>();
  if (!r.Need(lists * 5)) return fail("is cut short");
  const size_t stride = static_cast<size_t>(cells.stride_);
  cells.lists_.resize(static_cast<size_t>(lists));
  for (EventCells::CellList& l : cells.lists_) {
    const auto size = r.Get<uint32_t>();
    const auto unsorted = r.Get<uint8_t>();
    if (size >= (1u << 31) || unsorted > 1 || !r.Need(uint64_t{size} * stride * 8)) return fail("is cut short");
    if (size) {
      cells.Reserve(l, size);
      const std::string_view words = r.GetBytes(size * stride * 8);
      std::memcpy(l.data, words.data(), words.size());
    }
    l.size = size;
    l.unsorted = unsorted & 1u;
  }
  const auto distinct = r.Get<uint64_t>();
  if (!r.Need(distinct * 8)) return fail("is cut short");
  cells.distinct_.resize(static_cast<size_t>(distinct));
  for (auto& x : cells.distinct_) r.GetVector(&x);
  const auto history = r.Get<uint64_t>();
  if (!r.Need(history * 8)) return fail("is cut short");
  cells.history_.resize(static_cast<size_t>(history));
  for (auto& steps : cells.history_) r.GetVector(&steps);
  if (!r.ok() || !r.at_end()) return fail("is cut short or has bytes past its end");

  // ---- Consistency: every index AbsorbPart follows stays inside what it indexes ----
  const size_t customers = d.customers.size();
  const size_t carried = d.plan.carry.size(), slots = d.plan.numeric.size();
  bool fits = d.segment.size() == customers && d.carry.size() == customers * carried &&
              d.numeric_errors.size() == slots && d.event_rows.size() == (events ? d.events.size() + 1 : 0);
  if (events) {
    fits = fits && cells.lists_.size() == customers && cells.distinct_.size() <= customers &&
           (d.plan.keep_history ? cells.history_.size() == customers : cells.history_.empty()) &&
           (d.plan.attributes_by_time ? g.latest_md_.size() == customers * attributes &&
                                            (g.latest_dm_.empty() || g.latest_dm_.size() == g.latest_md_.size())
                                      : g.latest_md_.empty() && g.latest_dm_.empty()) &&
           (d.plan.attribute_history ? h.file_order_.size() == customers : h.file_order_.empty()) &&
           (h.undecided_ ? h.file_order_day_first_.size() == h.file_order_.size() : h.file_order_day_first_.empty()) &&
           (d.plan.attribute_history && h.by_time_ ? h.latest_.size() == customers : h.latest_.empty()) && d.profile.empty() &&
           d.profile_rows.empty() && d.profile_filled.empty();
  } else {
    fits = fits && cells.lists_.empty() && cells.distinct_.empty() && cells.history_.empty() &&
           d.profile.size() == customers * slots && d.profile_filled.size() == customers * slots &&
           d.profile_rows.size() == customers;
  }
  auto attribute_ok = [&](size_t j, uint32_t v) {  // an attribute value: id + 1, 0 = none
    return v <= (g.col_.segment >= 0 && j == 0 ? d.segments.size() : d.carried.size());
  };
  for (size_t c = 0; fits && c < customers; ++c) {
    fits = d.segment[c] <= d.segments.size();
    for (size_t k = 0; fits && k < carried; ++k) fits = d.carry[c * carried + k] <= d.carried.size();
  }
  for (size_t i = 0; fits && i < g.latest_md_.size(); ++i)
    fits = attribute_ok(i % attributes, g.latest_md_[i].value) &&
           (g.latest_dm_.empty() || attribute_ok(i % attributes, g.latest_dm_[i].value));
  for (const auto* order : {&h.file_order_, &h.file_order_day_first_})
    for (size_t c = 0; fits && c < order->size(); ++c)
      for (const auto& step : (*order)[c]) fits = fits && step.attribute < attributes && attribute_ok(step.attribute, step.value);
  for (size_t c = 0; fits && c < h.latest_.size(); ++c)
    for (const auto& x : h.latest_[c]) {
      const uint32_t attribute = x.ms_attribute & 31u;
      fits = fits && attribute < attributes && attribute_ok(attribute, x.value);
    }
  const size_t currency_columns = g.currency_columns_.size();
  for (int col : g.currency_columns_) fits = fits && col >= 0 && static_cast<size_t>(col) < g.expected_fields_;
  fits = fits && (g.currency_signs_.empty() || g.currency_signs_.size() == slots) &&
         (g.currency_codes_.empty() || g.currency_codes_.size() == slots * currency_columns);
  const size_t event_ids = d.event_rows.size();
  for (size_t c = 0; fits && c < cells.lists_.size(); ++c) {
    const EventCells::CellList& l = cells.lists_[c];
    for (size_t i = 0; fits && i < l.size; ++i) fits = static_cast<uint32_t>(l.data[i * stride]) < event_ids;
  }
  for (size_t c = 0; fits && c < cells.distinct_.size(); ++c)
    for (const EventCells::Distinct& x : cells.distinct_[c])
      fits = fits && static_cast<uint32_t>(x.key) < event_ids && x.value < d.values.size() && x.slot < d.plan.text.size();
  for (size_t c = 0; fits && c < cells.history_.size(); ++c)
    for (const auto& step : cells.history_[c]) fits = fits && step.first < event_ids;
  if (!fits) return fail("does not hold together (damaged, or read with another model)");
  if (!g.fatal_.empty() && s->errors_.empty()) s->errors_ = g.fatal_;
  return s;
}

std::string SavePart(const ScoreSession& part) { return PartImage::Save(part); }

std::unique_ptr<ScoreSession> LoadPart(const ScoreModel& model, const SessionOptions& options, std::string_view image,
                                       std::string* error) {
  return PartImage::Load(model, options, image, error);
}

}  // namespace ces
