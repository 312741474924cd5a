// The ingest plan (what reading a file needs from a model, and when data read for one
// plan serves another) and the dataset's memory count (dataset.h).
#include "engine/aggregate/dataset.h"

#include <algorithm>

namespace ces {

bool IngestPlan::operator==(const IngestPlan& o) const {
  return shape == o.shape && delimiter == o.delimiter && time_format == o.time_format && customer == o.customer &&
         time == o.time && event == o.event && segment == o.segment && numeric == o.numeric && text == o.text &&
         carry == o.carry && attribute_history == o.attribute_history &&
         attributes_by_time == o.attributes_by_time && prune == o.prune && window_days == o.window_days && as_of == o.as_of && keep_history == o.keep_history;
}

namespace {

void AddUse(std::vector<IngestPlan::ColumnUse>& uses, const Activity& a, bool all_rows) {
  auto it = std::find_if(uses.begin(), uses.end(), [&](const IngestPlan::ColumnUse& u) { return u.column == a.column; });
  if (it == uses.end()) {
    uses.push_back({a.column, false, {}});
    it = uses.end() - 1;
  }
  if (all_rows || a.events.empty()) {
    it->all_events = true;
    it->events.clear();
  } else if (!it->all_events) {
    it->events.insert(it->events.end(), a.events.begin(), a.events.end());
    std::sort(it->events.begin(), it->events.end());
    it->events.erase(std::unique(it->events.begin(), it->events.end()), it->events.end());
  }
}

int SlotOf(const std::vector<IngestPlan::ColumnUse>& uses, const std::string& column) {
  for (size_t i = 0; i < uses.size(); ++i)
    if (uses[i].column == column) return static_cast<int>(i);
  return -1;
}

}  // namespace

bool PlanCovers(const IngestPlan& have, const IngestPlan& want, const std::vector<int64_t>& numeric_errors) {
  if (have.shape != want.shape || have.delimiter != want.delimiter || have.time_format != want.time_format ||
      have.customer != want.customer || have.time != want.time || have.event != want.event ||
      have.segment != want.segment || have.carry != want.carry ||
      (want.attribute_history && !have.attribute_history) ||
      (want.attributes_by_time && !have.attributes_by_time) || have.prune != want.prune || have.window_days != want.window_days ||
      have.as_of != want.as_of || have.keep_history != want.keep_history)
    return false;
  auto within = [](const IngestPlan::ColumnUse& small, const IngestPlan::ColumnUse& big) {
    if (big.all_events) return true;
    if (small.all_events) return false;
    return std::includes(big.events.begin(), big.events.end(), small.events.begin(), small.events.end());
  };
  for (const auto& w : want.numeric) {
    int slot = SlotOf(have.numeric, w.column);
    if (slot < 0 || !within(w, have.numeric[static_cast<size_t>(slot)])) return false;
  }
  for (const auto& w : want.text) {
    int slot = SlotOf(have.text, w.column);
    if (slot < 0 || !within(w, have.text[static_cast<size_t>(slot)])) return false;
  }
  // Rows rejected for a column the new model reads differently would be read otherwise now.
  for (size_t slot = 0; slot < have.numeric.size(); ++slot) {
    if (slot >= numeric_errors.size() || numeric_errors[slot] == 0) continue;
    int w = SlotOf(want.numeric, have.numeric[slot].column);
    if (w < 0 || !(want.numeric[static_cast<size_t>(w)] == have.numeric[slot])) return false;
  }
  return true;
}

IngestPlan MakeIngestPlan(const ScoreModel& model, bool prune) {
  IngestPlan p;
  const DataSpec& d = model.data;
  p.shape = d.shape;
  p.delimiter = d.delimiter;
  p.customer = d.customer;
  p.segment = d.segment;
  p.carry = d.carry;
  if (d.shape == Shape::kEvents) {
    p.time_format = d.time_format;
    p.time = d.time;
    p.event = d.event;
  }
  for (const Activity& a : model.activities) {
    if (a.measure == Measure::kSum || a.measure == Measure::kValue) AddUse(p.numeric, a, d.shape == Shape::kCustomers);
    if (a.measure == Measure::kDistinctValues) AddUse(p.text, a, false);
  }
  p.attribute_history = !prune && d.shape == Shape::kEvents;
  p.attributes_by_time = model.version >= 2 && d.shape == Shape::kEvents && !(d.segment.empty() && d.carry.empty());
  if (prune && d.shape == Shape::kEvents) {
    p.prune = true;
    p.window_days = model.window.days;
    p.as_of = model.window.as_of;
    for (const Activity& a : model.activities) p.keep_history |= a.measure == Measure::kDaysSinceLast;
  }
  return p;
}

int NumericSlot(const IngestPlan& plan, const Activity& a) {
  return (a.measure == Measure::kSum || a.measure == Measure::kValue) ? SlotOf(plan.numeric, a.column) : -1;
}
int TextSlot(const IngestPlan& plan, const Activity& a) {
  return a.measure == Measure::kDistinctValues ? SlotOf(plan.text, a.column) : -1;
}

size_t Dataset::MemoryBytes() const {
  return customers.MemoryBytes() + segments.MemoryBytes() + events.MemoryBytes() + values.MemoryBytes() +
         cells.MemoryBytes() + segment.capacity() * 4 + id_rank.capacity() * 4 + profile.capacity() * 8 +
         profile_rows.capacity() * 4 + event_rows.capacity() * 8 + segment_latest.capacity() * 4 +
         carried.MemoryBytes() + (carry.capacity() + carry_latest.capacity()) * 4 + profile_filled.capacity() +
         attribute_steps.capacity() * sizeof(AttributeStep) + attribute_step_start.capacity() * 4;
}

}  // namespace ces
