#include <doctest/doctest.h>

#include <random>
#include <vector>

#include "engine/aggregate/attribute_history.h"
#include "engine/aggregate/event_cells.h"
#include "engine/csv/value_parse.h"

using namespace ces;

namespace {

struct Row {
  uint32_t customer, attribute;
  int32_t day, ms;
  uint32_t value;
};

// v2 section 2 read literally: on date D, among a customer's rows of one attribute up to D,
// the value of the row latest in the file, and of the row latest by (day, time), ties later in the file.
void Expected(const std::vector<Row>& rows, uint32_t c, uint32_t j, int32_t d, uint32_t* fo, uint32_t* bt) {
  *fo = *bt = 0;
  int32_t best_day = 0, best_ms = 0;
  for (const Row& r : rows) {
    if (r.customer != c || r.attribute != j || r.day > d) continue;
    *fo = r.value;
    if (!*bt || r.day > best_day || (r.day == best_day && r.ms >= best_ms)) {
      *bt = r.value;
      best_day = r.day;
      best_ms = r.ms;
    }
  }
}

// What the score on date D reads from the steps (scoring.cpp PopulationOnDate).
void FromSteps(const std::vector<AttributeStep>& steps, const std::vector<uint32_t>& start, uint32_t c, uint32_t j,
               int32_t d, uint32_t* fo, uint32_t* bt) {
  *fo = *bt = 0;
  for (uint32_t i = start[c]; i < start[c + 1]; ++i) {
    if (steps[i].day > d) break;
    if (steps[i].attribute != j) continue;
    *fo = steps[i].file_order_value;
    *bt = steps[i].by_time_value;
  }
}

void CheckAgainstDefinition(const std::vector<Row>& rows, const std::vector<AttributeStep>& steps,
                            const std::vector<uint32_t>& start, uint32_t customers, uint32_t attributes,
                            int32_t days, bool by_time) {
  REQUIRE(start.size() == customers + 1);
  for (uint32_t c = 0; c < customers; ++c) {
    for (uint32_t i = start[c]; i + 1 < start[c + 1]; ++i) {  // by day, then attribute
      const AttributeStep& a = steps[i];
      const AttributeStep& b = steps[i + 1];
      REQUIRE((a.day < b.day || (a.day == b.day && a.attribute < b.attribute)));
    }
    for (uint32_t j = 0; j < attributes; ++j) {
      uint32_t last_fo = 0, last_bt = 0;
      bool first = true;
      for (uint32_t i = start[c]; i < start[c + 1]; ++i) {  // change points only
        if (steps[i].attribute != j) continue;
        CHECK((first || steps[i].file_order_value != last_fo || steps[i].by_time_value != last_bt));
        first = false;
        last_fo = steps[i].file_order_value;
        last_bt = steps[i].by_time_value;
      }
      for (int32_t d = 0; d <= days + 1; ++d) {
        uint32_t want_fo, want_bt, got_fo, got_bt;
        Expected(rows, c, j, d, &want_fo, &want_bt);
        FromSteps(steps, start, c, j, d, &got_fo, &got_bt);
        CAPTURE(c);
        CAPTURE(j);
        CAPTURE(d);
        REQUIRE(got_fo == want_fo);
        REQUIRE(got_bt == (by_time ? want_bt : want_fo));
      }
    }
  }
}

std::vector<Row> RandomRows(std::mt19937& rng, uint32_t customers, uint32_t attributes, int32_t days, size_t n,
                            bool in_order) {
  std::vector<Row> rows;
  int32_t day = 1;
  for (size_t i = 0; i < n; ++i) {
    if (in_order) day += rng() % 3 == 0;
    else day = 1 + static_cast<int32_t>(rng() % static_cast<uint32_t>(days));
    // Few values and few times of day, so that equal values and tied times are common.
    rows.push_back({static_cast<uint32_t>(rng() % customers), static_cast<uint32_t>(rng() % attributes),
                    std::min(day, days), static_cast<int32_t>(rng() % 4) * 1000, 1 + static_cast<uint32_t>(rng() % 3)});
  }
  return rows;
}

}  // namespace

TEST_CASE("attribute history: change points give each rule's value on every date, rows in any order") {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    const uint32_t customers = 1 + rng() % 4, attributes = 1 + rng() % 3;
    const int32_t days = 2 + static_cast<int32_t>(rng() % 12);
    const bool by_time = round % 3 != 0, in_order = round % 4 == 0;
    const std::vector<Row> rows = RandomRows(rng, customers, attributes, days, rng() % 40, in_order);
    CAPTURE(round);
    AttributeHistory h;
    h.Configure(by_time);
    for (uint32_t c = 0; c < customers; ++c) h.AddCustomer();
    for (const Row& r : rows) h.Add(r.customer, r.attribute, r.day, r.ms, r.value);
    std::vector<AttributeStep> steps;
    std::vector<uint32_t> start;
    h.Finish(false, &steps, &start);
    CheckAgainstDefinition(rows, steps, start, customers, attributes, days, by_time);

    // The same history finished a few customers a call (the page's steps) gives the same steps.
    AttributeHistory cut;
    cut.Configure(by_time);
    for (uint32_t c = 0; c < customers; ++c) cut.AddCustomer();
    for (const Row& r : rows) cut.Add(r.customer, r.attribute, r.day, r.ms, r.value);
    const uint32_t per_call = 1 + static_cast<uint32_t>(round % 3);
    std::vector<AttributeStep> cut_steps;
    std::vector<uint32_t> cut_start;
    uint32_t next = 0;
    int calls = 0;
    do {
      next = cut.FinishCustomers(next, per_call, false, &cut_steps, &cut_start);
      ++calls;
    } while (next < customers);
    CHECK(calls == static_cast<int>((customers + per_call - 1) / per_call));
    CHECK(cut.customer_count() == 0);  // freed by the last call
    REQUIRE(cut_start == start);
    REQUIRE(cut_steps.size() == steps.size());
    for (size_t i = 0; i < steps.size(); ++i) {
      CHECK(cut_steps[i].day == steps[i].day);
      CHECK(cut_steps[i].attribute == steps[i].attribute);
      CHECK(cut_steps[i].file_order_value == steps[i].file_order_value);
      CHECK(cut_steps[i].by_time_value == steps[i].by_time_value);
    }
  }
}

TEST_CASE("attribute history: a file read in two parts gives the steps of one reader") {
  std::mt19937 rng(11);
  for (int round = 0; round < 200; ++round) {
    const uint32_t customers = 1 + rng() % 4, attributes = 1 + rng() % 3;
    const int32_t days = 2 + static_cast<int32_t>(rng() % 12);
    const bool by_time = round % 2 == 0;
    const std::vector<Row> rows = RandomRows(rng, customers, attributes, days, rng() % 40, round % 3 == 0);
    const size_t cut = rows.empty() ? 0 : rng() % rows.size();
    CAPTURE(round);
    // The later part numbers its customers and values its own way: reversed here.
    AttributeHistory first, later;
    first.Configure(by_time);
    later.Configure(by_time);
    for (uint32_t c = 0; c < customers; ++c) {
      first.AddCustomer();
      later.AddCustomer();
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      if (i < cut) first.Add(r.customer, r.attribute, r.day, r.ms, r.value);
      else later.Add(customers - 1 - r.customer, r.attribute, r.day, r.ms, 10 - r.value);
    }
    for (uint32_t pc = 0; pc < customers; ++pc)
      first.Absorb(customers - 1 - pc, later, pc, [](uint32_t, uint32_t v) { return 10 - v; });
    std::vector<AttributeStep> steps;
    std::vector<uint32_t> start;
    first.Finish(false, &steps, &start);
    CheckAgainstDefinition(rows, steps, start, customers, attributes, days, by_time);
  }
}

TEST_CASE("attribute history: slash dates of undecided order take the reading decided later") {
  // Dates like 3/4/2024 wait for the file's M/D order; rows before and after the decision.
  std::mt19937 rng(5);
  for (int round = 0; round < 200; ++round) {
    const bool day_first = round % 2 == 1, decide_in_file = round % 3 != 0;
    CAPTURE(round);
    AttributeHistory h;
    h.Configure(true);
    h.AddCustomer();
    h.AddCustomer();
    std::vector<Row> rows;  // with the days as finally read
    const size_t n = 1 + rng() % 30, decided_at = decide_in_file ? rng() % n : n;
    bool decided = false;
    for (size_t i = 0; i < n; ++i) {
      if (i == decided_at) {
        h.DecideDateOrder(day_first);
        decided = true;
      }
      const int first = 1 + static_cast<int>(rng() % 12), second = 1 + static_cast<int>(rng() % 12);
      int32_t md = 0, dm = 0;
      REQUIRE(SlashDateDay(first, second, 2024, false, &md));
      REQUIRE(SlashDateDay(first, second, 2024, true, &dm));
      const Row r{static_cast<uint32_t>(rng() % 2), 0, day_first ? dm : md, static_cast<int32_t>(rng() % 3),
                  1 + static_cast<uint32_t>(rng() % 3)};
      if (decided) {
        h.Add(r.customer, 0, r.day, r.ms, r.value);
      } else {
        const int32_t key = EventCells::kPendingDay + 2024 * 10000 + first * 100 + second;
        h.AddUndecided(r.customer, 0, key, md, dm, r.ms, r.value);
      }
      rows.push_back(r);
    }
    std::vector<AttributeStep> steps;
    std::vector<uint32_t> start;
    h.Finish(day_first, &steps, &start);
    int32_t lo = 0;
    REQUIRE(SlashDateDay(1, 1, 2024, false, &lo));
    std::vector<Row> shifted = rows;  // days from 0 for the check's loop over dates
    for (Row& r : shifted) r.day -= lo;
    for (AttributeStep& s : steps) s.day -= lo;
    CheckAgainstDefinition(shifted, steps, start, 2, 1, 366, true);
  }
}
