// An event log's amounts held as exact decimals (DecimalSums): the same sums in any
// order and grouping of adding, which is what lets a file read in parts merge.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "engine/aggregate/decimal_sums.h"
#include "engine/aggregate/event_cells.h"

using namespace ces;

namespace {

// The sum one bucket holds after adding `values` in this order, as the Ingestor adds
// them; `facts` gets the DecimalSums' facts.
double BucketSum(const std::vector<double>& values, DecimalSums::Facts* facts = nullptr) {
  EventCells cells;
  cells.Configure(1, false);
  cells.AddCustomer();
  DecimalSums sums;
  sums.Configure(1);
  for (double v : values) cells.Add(0, 100, 1, sums.Scaled(&v, cells));
  cells.CompactAll(false);
  sums.Unscale(cells);
  if (facts) *facts = sums.facts();
  REQUIRE(cells.cell_count(0) == 1);
  return EventCells::CellSum(cells.cells(0), 0);
}

double PlainSum(const std::vector<double>& values) {
  double s = 0;
  for (double v : values) s += v;
  return s;
}

}  // namespace

TEST_CASE("decimal amounts: the sum nearest the exact one, in any order") {
  // Plain adding gives 0.6000000000000001 one way and 0.6 the other.
  CHECK(PlainSum({0.1, 0.2, 0.3}) != PlainSum({0.3, 0.2, 0.1}));
  CHECK(BucketSum({0.1, 0.2, 0.3}) == 0.6);
  CHECK(BucketSum({0.3, 0.2, 0.1}) == 0.6);
  std::mt19937 rng(5);
  std::vector<double> amounts;
  // Each the double nearest a decimal of cents, as a file's text is read.
  for (int i = 0; i < 2000; ++i) amounts.push_back(static_cast<double>(static_cast<int>(rng() % 100000) - 30000) / 100.0);
  DecimalSums::Facts facts;
  const double first = BucketSum(amounts, &facts);
  CHECK(facts.exact);
  for (int k = 0; k < 5; ++k) {
    std::shuffle(amounts.begin(), amounts.end(), rng);
    CHECK(BucketSum(amounts) == first);
  }
}

TEST_CASE("a value with more decimals rescales what the buckets hold") {
  DecimalSums::Facts facts;
  CHECK(BucketSum({1.5, 2, 0.25, 7}, &facts) == 10.75);
  CHECK(facts.exact);
  CHECK(facts.scaled);
  CHECK(facts.scale == std::vector<int>{2});
  CHECK(facts.largest == std::vector<double>{7});
  CHECK(BucketSum({3, 4}, &facts) == 7);
  CHECK(facts.exact);
  CHECK_FALSE(facts.scaled);  // integers: exact and plain alike
}

TEST_CASE("an amount that is no short decimal turns the sums plain from its row on") {
  DecimalSums::Facts facts;
  // 0.1 + 0.2 held exactly (0.3), then plain adding from 0.1234567 (7 decimals) on.
  CHECK(BucketSum({0.1, 0.2, 0.1234567, 0.1}, &facts) == (0.3 + 0.1234567) + 0.1);
  CHECK_FALSE(facts.exact);
  CHECK(facts.scaled);
  // Too large for its cents: 700,000,025 hundredths pass 2^26.
  CHECK(BucketSum({7000000.25, 1}, &facts) == 7000001.25);
  CHECK_FALSE(facts.exact);
  CHECK_FALSE(facts.scaled);  // plain from the first amount: as plain adding
  // The amounts held so far would pass the limit at the scale a new one needs.
  BucketSum({700000, 0.5, 0.05}, &facts);
  CHECK_FALSE(facts.exact);
  CHECK(facts.scale == std::vector<int>{1});
}

TEST_CASE("two parts' sums add exactly when one scale holds both") {
  DecimalSums::Facts a, b;
  a.scale = {2};
  a.largest = {100};
  b.scale = {0};
  b.largest = {1e6};
  CHECK_FALSE(a.AddsExactlyWith(b));  // 1e6 in hundredths passes 2^26
  b.largest = {1e5};
  CHECK(a.AddsExactlyWith(b));
  CHECK(b.AddsExactlyWith(a));
  DecimalSums::Facts joined = a;
  joined.Join(b);
  CHECK(joined.exact);
  CHECK(joined.scale == std::vector<int>{2});
  CHECK(joined.largest == std::vector<double>{1e5});
  b.exact = false;
  CHECK_FALSE(a.AddsExactlyWith(b));
  joined.Join(b);
  CHECK_FALSE(joined.exact);
}
