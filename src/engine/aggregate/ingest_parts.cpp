// Reading one file in parts (Ingestor::AbsorbPart, ingest.h): `ces score --threads`
// cuts a file into byte ranges that start on record boundaries, reads each with its
// own reader and ingestor, and adds the later parts to the first, in file order.
//
// What makes the result the one a single reader gives:
//   - customers, event names, segment and carried values and distinct values are
//     numbered by first appearance: adding each part's, in its own order, after the
//     earlier parts' keeps that order;
//   - row errors keep file order (their lines shifted by the part's first line);
//     each part listed its own first kMaxListedRowErrors, enough for the first ones;
//   - "last non-empty in file order" takes the later part's value when it has one;
//     "latest by time" takes it when its instant is not earlier (a tie goes to the later line);
//   - counts add exactly. Sums of numbers add exactly only when every number is an
//     integer (below 2^26, with under 2^27 rows); otherwise each part must hold whole
//     days after every day of the earlier parts and no bucket split by a row far out
//     of order, so that every bucket's sum is made of the same additions; a customer
//     table's sums, that no customer with rows in both parts has two in the later one;
// Whatever depends on rows across parts in other ways refuses (the caller reads the
// file in one part): slash dates (the first date that shows the M/D order decides for
// the file), a switch to Windows-1252, the event-name, customer and value limits.
#include <algorithm>

#include "engine/aggregate/ingest.h"
#include "engine/base/engine_limits.h"

namespace ces {

uint32_t Ingestor::MergedEventId(std::string_view raw, bool* overflow) {
  const uint32_t pool_id = out_->events.Find(raw);
  if (pool_id != StringPool::kNotFound) return pool_id + 1;
  if (out_->events.size() >= kMaxEventNames) {
    *overflow = true;
    return Dataset::kOtherEvent;
  }
  const uint32_t id = out_->events.Intern(raw) + 1;
  out_->event_rows.push_back(0);
  for (auto& m : numeric_match_) m.push_back(0);
  for (auto& m : text_match_) m.push_back(0);
  ComputeEventMatches(id);
  return id;
}

namespace {
// Why parts cannot merge when some amounts were held as exact decimals and a later one
// could not be (DecimalSums): neither exact nor plain row-order sums.
constexpr const char* kInexactDecimals = "amounts with decimals, then one with more than 6 decimals or too large to add exactly";
}  // namespace

const char* Ingestor::RulesOutParts() const {
  if (!fatal_.empty()) return "a part could not be read";
  if (windows1252_ || reader_->encoding() != TextEncoding::kUtf8) return "the file is not all UTF-8";
  if (slash_dates_seen_) return "slash dates: their order is decided by the whole file";
  if (out_->events_overflowed) return "too many event names";
  if (plan_.numeric.empty()) return nullptr;
  const DecimalSums::Facts& sums = decimal_sums_.facts();
  // Amounts held scaled, then one that could not be: this part's sums are neither exact
  // nor what plain row-order adding gives (SpansRuleOut would refuse any pair).
  if (!sums.exact && sums.scaled) return kInexactDecimals;
  // Plain sums make any merge inexact, so a bucket split in two cannot be merged.
  if (!sums.exact && out_->cells.appended_out_of_order()) return "rows far out of time order with fractional numbers";
  return nullptr;
}

Ingestor::StoredSpan Ingestor::stored_span() const {
  StoredSpan span{stored_min_day_, stored_max_day_, out_->rows, decimal_sums_.facts()};
  if (plan_.shape != Shape::kEvents) {  // a customer table: plain sums, exact while integers
    span.sums = DecimalSums::Facts();
    span.sums.exact = sums_integral_;
    span.sums.held = out_->rows;
  }
  return span;
}

void Ingestor::StoredSpan::Join(const StoredSpan& o) {
  min_day = std::min(min_day, o.min_day);
  max_day = std::max(max_day, o.max_day);
  sums.Join(o.sums);
  rows += o.rows;
}

bool Ingestor::StoredSpan::SumsExactWith(const StoredSpan& o) const { return sums.AddsExactlyWith(o.sums); }

const char* Ingestor::SpansRuleOut(const StoredSpan& earlier, const StoredSpan& later) const {
  if (plan_.numeric.empty() || earlier.SumsExactWith(later)) return nullptr;
  // Not exact together: only plain sums (no part held decimals scaled) add as one reader
  // adds them, and then only where no day is in both.
  if (earlier.sums.scaled || later.sums.scaled) return kInexactDecimals;
  if (later.min_day != INT32_MAX && earlier.max_day != INT32_MIN && later.min_day <= earlier.max_day)
    return "parts overlap in time with fractional numbers";
  return nullptr;
}

bool Ingestor::AbsorbPart(Ingestor& later, int64_t line_offset, std::string* why_not) {
  auto refuse = [&](const char* why) {
    *why_not = why;
    return false;
  };
  Dataset& d = *out_;
  Dataset& p = *later.out_;
  if (!fatal_.empty() || !later.fatal_.empty()) return refuse("a part could not be read");
  FlushDeferred(true);
  later.FlushDeferred(true);
  if (!header_done_ || !later.header_done_ || !(col_ == later.col_) || expected_fields_ != later.expected_fields_)
    return refuse("the parts read different headers");
  if (const char* why = RulesOutParts()) return refuse(why);
  if (const char* why = later.RulesOutParts()) return refuse(why);
  const bool exact_sums = stored_span().SumsExactWith(later.stored_span());
  if (!exact_sums && !plan_.numeric.empty() && (d.cells.appended_out_of_order() || p.cells.appended_out_of_order()))
    return refuse("rows far out of time order with fractional numbers");
  if (const char* why = SpansRuleOut(stored_span(), later.stored_span())) return refuse(why);
  // Both parts' amounts at one scale (exact), or both plain already (SpansRuleOut).
  if (exact_sums) decimal_sums_.Align(later.decimal_sums_, d.cells, p.cells);
  else decimal_sums_.JoinPlain(later.decimal_sums_);

  // ---- The file's facts ----
  d.rows += p.rows;
  d.row_errors += p.row_errors;
  for (size_t s = 0; s < d.numeric_errors.size(); ++s) d.numeric_errors[s] += p.numeric_errors[s];
  for (const ces::RowError& e : p.errors) {
    if (d.errors.size() >= kMaxListedRowErrors) break;
    d.errors.push_back({e.line + line_offset, e.message});
  }
  if (p.max_day && (!d.max_day || *p.max_day > *d.max_day)) d.max_day = p.max_day;
  if (plan_.prune && !plan_.as_of && d.max_day) d.cells.SetRetainFrom(*d.max_day - plan_.window_days + 1);
  stored_min_day_ = std::min(stored_min_day_, later.stored_min_day_);
  stored_max_day_ = std::max(stored_max_day_, later.stored_max_day_);
  sums_integral_ = sums_integral_ && later.sums_integral_;
  // Rows per day (for the thin late tail that sets as_of "auto") add up; slash dates
  // refused above, so only the other timestamps are counted.
  other_time_rows_ += later.other_time_rows_;
  if (later.run_rows_) later.day_rows_[later.run_day_] += later.run_rows_;
  later.run_rows_ = 0;
  for (const auto& [day, rows] : later.day_rows_) day_rows_[day] += rows;
  // Currencies beside the amounts: the codes and signs of both, in file order.
  for (size_t i = 0; i < currency_codes_.size() && i < later.currency_codes_.size(); ++i)
    currency_codes_[i].Merge(later.currency_codes_[i]);
  for (size_t i = 0; i < currency_signs_.size() && i < later.currency_signs_.size(); ++i)
    currency_signs_[i].Merge(later.currency_signs_[i]);

  // ---- Names, numbered by first appearance ----
  const bool events = plan_.shape == Shape::kEvents;
  std::vector<uint32_t> event_map(p.event_rows.size(), Dataset::kOtherEvent);
  if (events) {
    bool overflow = false;
    for (uint32_t id = 1; id < p.event_rows.size(); ++id) event_map[id] = MergedEventId(p.events.Get(id - 1), &overflow);
    if (overflow) return refuse("too many event names");
    for (uint32_t id = 0; id < p.event_rows.size(); ++id) d.event_rows[event_map[id]] += p.event_rows[id];
  }
  auto remap = [](const StringPool& from, StringPool* into) {
    std::vector<uint32_t> map(from.size());
    for (uint32_t id = 0; id < from.size(); ++id) map[id] = into->Intern(from.Get(id));
    return map;
  };
  const std::vector<uint32_t> value_map = remap(p.values, &d.values);
  if (d.values.size() > kMaxDistinctValues) return refuse("too many distinct values");
  const std::vector<uint32_t> segment_map = remap(p.segments, &d.segments);
  const std::vector<uint32_t> carried_map = remap(p.carried, &d.carried);

  // ---- Customers, in the later part's order of first appearance ----
  const size_t n = attribute_columns_.size();
  const bool has_segment = col_.segment >= 0;
  const size_t carried = plan_.carry.size();
  const size_t slots = plan_.numeric.size();
  auto attribute_value = [&](size_t j, uint32_t v) {  // id + 1 in the later part -> id + 1 here
    if (!v) return 0u;
    return (has_segment && j == 0 ? segment_map[v - 1] : carried_map[v - 1]) + 1;
  };
  bool inexact = false;
  // Each later customer is looked up in this side's id table and both sides' buckets
  // read, all at random addresses: fetch ahead in stages so that the misses overlap.
  // kAhead customers ahead the id's slot and the later list's header; half that, the
  // id found (its slot loaded by then) and the front of both lists, where the merge
  // starts reading. What the look-up ahead finds stands: the later part's ids are
  // unique, so no customer merged in between can be that id; only one not found is
  // interned (added) when its turn comes.
  // Against the later list's newest bucket alone, 8 ahead: merging 1M customers' parts
  // 214-285 -> 202-222 ms (4 alternating pairs; 235-301 against 298-378 in 3 more);
  // with 100k customers level (56-66 against 60-63 ms).
  constexpr uint32_t kAhead = 16, kNear = kAhead / 2;
  const auto later_customers = static_cast<uint32_t>(p.customers.size());
  uint64_t hashes[kAhead];
  uint32_t found[kAhead];  // this side's number of the id, or kNotFound
  auto look_ahead = [&](uint32_t pc) {
    if (pc < later_customers) {
      const std::string_view id = p.customers.Get(pc);
      hashes[pc % kAhead] = HashBytes(id.data(), id.size());
      d.customers.PrefetchSlot(hashes[pc % kAhead]);
      if (events) p.cells.PrefetchHeader(pc);
    }
    const uint32_t near = pc - kNear;
    if (pc < kNear || near >= later_customers) return;
    const uint32_t c = found[near % kAhead] = d.customers.Find(p.customers.Get(near), hashes[near % kAhead]);
    if (!events) return;
    p.cells.PrefetchFront(near);
    if (c != StringPool::kNotFound) {
      d.cells.PrefetchHeader(c);
      d.cells.PrefetchFront(c);
    }
  };
  for (uint32_t pc = 0; pc < kAhead; ++pc) look_ahead(pc);
  for (uint32_t pc = 0; pc < later_customers; ++pc) {
    bool added = false;
    uint32_t c = found[pc % kAhead];
    if (c == StringPool::kNotFound) c = d.customers.Intern(p.customers.Get(pc), hashes[pc % kAhead], &added);
    look_ahead(pc + kAhead);
    if (added) {
      if (d.customers.size() > kMaxCustomers) return refuse("too many customers");
      AddCustomerState();
    }
    if (p.segment[pc]) d.segment[c] = segment_map[p.segment[pc] - 1] + 1;
    for (size_t k = 0; k < carried; ++k)
      if (const uint32_t v = p.carry[pc * carried + k]) d.carry[c * carried + k] = carried_map[v - 1] + 1;
    if (events) {
      d.cells.AbsorbCustomer(c, p.cells, pc, event_map, value_map, exact_sums, &inexact);
      if (plan_.attributes_by_time) {
        for (size_t j = 0; j < n; ++j) {  // no slash dates: one reading
          const LatestSeen& theirs = later.latest_md_[pc * n + j];
          if (theirs.value)
            latest_md_[c * n + j].Offer(theirs.instant, theirs.line + line_offset, attribute_value(j, theirs.value));
        }
      }
      if (plan_.attribute_history)
        history_.Absorb(c, later.history_, pc, [&](uint32_t j, uint32_t v) { return attribute_value(j, v); });
    } else {
      for (size_t s = 0; s < slots; ++s) {
        double& mine = d.profile[c * slots + s];
        const double theirs = p.profile[pc * slots + s];
        // The customer's rows in both parts: mine + theirs is the row-by-row sum when the
        // later part had one row for it (0 + v is v); with more, the grouping differs.
        // (Exports list a customer once, but a few repeat across a cut: refusing for those
        // read a 1.6M-row contact list twice.)
        if (!exact_sums && !added && p.profile_rows[pc] > 1) inexact = true;
        mine += theirs;
        d.profile_filled[c * slots + s] |= p.profile_filled[pc * slots + s];
      }
      d.profile_rows[c] += p.profile_rows[pc];
    }
    if (inexact) return refuse("a sum of fractional numbers spans two parts");
  }
  return true;
}

}  // namespace ces
