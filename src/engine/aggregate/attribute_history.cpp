// Change points of segment and carried values while reading (attribute_history.h).
#include "engine/aggregate/attribute_history.h"

#include <algorithm>
#include <utility>

#include "engine/aggregate/event_cells.h"
#include "engine/base/engine_limits.h"
#include "engine/csv/value_parse.h"

namespace ces {

static_assert(1 + kMaxCarry <= 32, "DayLatest keeps the attribute in 5 bits");

void AttributeHistory::AddCustomer() {
  file_order_.emplace_back();
  if (undecided_) file_order_day_first_.emplace_back();
  if (by_time_) latest_.emplace_back();
}

// A row later in the file than every row so far sets `attribute` from `day` on.
void AttributeHistory::SetFromDay(FileOrder& steps, int32_t day, uint32_t attribute, uint32_t value) {
  size_t i = steps.size();
  while (i > 0 && steps[i - 1].attribute != attribute) --i;
  if (i > 0 && steps[i - 1].day < day) {  // the usual case: a later day than the last change
    if (steps[i - 1].value != value) steps.push_back({day, attribute, value});
    return;
  }
  if (i > 0) {  // a row of the last change's day or earlier (out of time order): cut back to `day`
    steps.erase(std::remove_if(steps.begin(), steps.end(),
                               [&](const FileOrderStep& s) { return s.attribute == attribute && s.day >= day; }),
                steps.end());
    i = steps.size();
    while (i > 0 && steps[i - 1].attribute != attribute) --i;
  }
  if (i == 0 || steps[i - 1].value != value) steps.push_back({day, attribute, value});
}

void AttributeHistory::AddLatest(uint32_t c, uint32_t attribute, int32_t day, int32_t ms, uint32_t value) {
  std::vector<DayLatest>& days = latest_[c];
  // A customer's rows of one day usually come together: look a few entries back.
  for (size_t back = 0; back < days.size() && back < 4; ++back) {
    DayLatest& d = days[days.size() - 1 - back];
    if (d.day != day || (d.ms_attribute & 31u) != attribute) continue;
    if (static_cast<uint32_t>(ms) >= d.ms_attribute >> 5) {  // a tie goes to the later row
      d.ms_attribute = static_cast<uint32_t>(ms) << 5 | attribute;
      d.value = value;
    }
    return;
  }
  days.push_back({day, static_cast<uint32_t>(ms) << 5 | attribute, value});
}

void AttributeHistory::Add(uint32_t c, uint32_t attribute, int32_t day, int32_t ms, uint32_t value) {
  SetFromDay(file_order_[c], day, attribute, value);
  if (undecided_) SetFromDay(file_order_day_first_[c], day, attribute, value);
  if (by_time_) AddLatest(c, attribute, day, ms, value);
}

void AttributeHistory::AddUndecided(uint32_t c, uint32_t attribute, int32_t key, int32_t day_md, int32_t day_dm,
                                    int32_t ms, uint32_t value) {
  if (!undecided_) {  // the first such date: from here the two readings may differ
    undecided_ = true;
    file_order_day_first_ = file_order_;
  }
  SetFromDay(file_order_[c], day_md, attribute, value);
  SetFromDay(file_order_day_first_[c], day_dm, attribute, value);
  if (by_time_) AddLatest(c, attribute, key, ms, value);
}

void AttributeHistory::DecideDateOrder(bool day_first) {
  if (!undecided_) return;
  if (day_first) file_order_.swap(file_order_day_first_);
  std::vector<FileOrder>().swap(file_order_day_first_);
  undecided_ = false;
}

void AttributeHistory::Finish(bool day_first, std::vector<AttributeStep>* steps, std::vector<uint32_t>* start) {
  FinishCustomers(0, UINT32_MAX, day_first, steps, start);
}

uint32_t AttributeHistory::FinishCustomers(uint32_t from, uint32_t count, bool day_first,
                                           std::vector<AttributeStep>* steps, std::vector<uint32_t>* start) {
  const size_t customers = file_order_.size();  // kept until the last call frees it
  if (from == 0) {
    DecideDateOrder(day_first);
    steps->clear();
    start->assign(customers + 1, 0);
    std::fill(std::begin(finish_file_order_), std::end(finish_file_order_), 0u);
    std::fill(std::begin(finish_by_time_), std::end(finish_by_time_), 0u);
  }
  const size_t end = std::min<size_t>(customers, static_cast<size_t>(from) + count);
  auto step_order = [](const FileOrderStep& a, const FileOrderStep& b) {
    return a.day != b.day ? a.day < b.day : a.attribute < b.attribute;
  };
  auto day_order = [](const DayLatest& a, const DayLatest& b) {
    return a.day != b.day ? a.day < b.day : (a.ms_attribute & 31u) < (b.ms_attribute & 31u);
  };
  uint32_t* file_order = finish_file_order_;
  uint32_t* by_time = finish_by_time_;
  bool started[32] = {};
  for (size_t c = from; c < end; ++c) {
    FileOrder& fo = file_order_[c];
    if (!std::is_sorted(fo.begin(), fo.end(), step_order)) std::stable_sort(fo.begin(), fo.end(), step_order);
    std::vector<DayLatest> no_days;
    std::vector<DayLatest>& days = by_time_ ? latest_[c] : no_days;
    for (DayLatest& d : days) {
      if (d.day < EventCells::kPendingDay) continue;
      const int code = d.day - EventCells::kPendingDay;
      SlashDateDay(code / 100 % 100, code % 100, code / 10000, day_first, &d.day);
    }
    // Stable: entries of one (day, attribute) stay in file order, so a later one wins a tie of times.
    if (!std::is_sorted(days.begin(), days.end(), day_order)) std::stable_sort(days.begin(), days.end(), day_order);
    std::fill(std::begin(started), std::end(started), false);
    // Walk the change points by file order and the days by time together, in (day, attribute)
    // order; a step is kept where either rule's value changes.
    size_t f = 0, t = 0;
    while (f < fo.size() || t < days.size()) {
      int32_t day;
      uint32_t attribute;
      if (t == days.size() || (f < fo.size() && (fo[f].day < days[t].day ||
                                                 (fo[f].day == days[t].day && fo[f].attribute <= (days[t].ms_attribute & 31u))))) {
        day = fo[f].day;
        attribute = fo[f].attribute;
      } else {
        day = days[t].day;
        attribute = days[t].ms_attribute & 31u;
      }
      const uint32_t was_file_order = file_order[attribute], was_by_time = by_time[attribute];
      if (f < fo.size() && fo[f].day == day && fo[f].attribute == attribute) file_order[attribute] = fo[f++].value;
      uint32_t best_ms = 0;
      bool any_day = false;
      for (; t < days.size() && days[t].day == day && (days[t].ms_attribute & 31u) == attribute; ++t) {
        const uint32_t ms = days[t].ms_attribute >> 5;
        if (!any_day || ms >= best_ms) {
          best_ms = ms;
          by_time[attribute] = days[t].value;
        }
        any_day = true;
      }
      if (!by_time_) by_time[attribute] = file_order[attribute];
      if (!started[attribute] || file_order[attribute] != was_file_order || by_time[attribute] != was_by_time)
        steps->push_back({day, attribute, file_order[attribute], by_time[attribute]});
      started[attribute] = true;
    }
    FileOrder().swap(fo);
    std::vector<DayLatest>().swap(days);
    (*start)[c + 1] = static_cast<uint32_t>(steps->size());
  }
  if (end < customers) return static_cast<uint32_t>(end);
  std::vector<FileOrder>().swap(file_order_);
  std::vector<std::vector<DayLatest>>().swap(latest_);
  steps->shrink_to_fit();
  return static_cast<uint32_t>(customers);
}

}  // namespace ces
