// An event log's amounts added so that the sums come out the same in any order of
// adding: a file read in parts, on several threads, must score byte for byte as one
// reader does (issue 13), and a shuffled log splits its buckets in two at random (sums
// of plain fractions depend on the grouping: (a + b) + c != a + (b + c)).
//
// Amounts are decimals with a few digits after the point (29.72, 5, 0.125): each is
// held in the buckets as an integer, value * 10^scale of its column, and integers below
// 2^53 add exactly in any grouping. The sums become numbers once, after the last row
// (Unscale): each then the double nearest the exact sum of the decimals the file wrote,
// however its rows were grouped. An amount that is no such decimal (more than
// kMaxDecimals digits after the point, or too large: each integer stays below 2^26, and
// fewer than 2^27 are held, so that no sum passes 2^53) turns every column to plain
// sums from its row on,
// added in row order as before (the buckets' integers become numbers there). Parts then
// merge only where no bucket's rows were split (Ingestor::SpansRuleOut).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ces {

class EventCells;

class DecimalSums {
 public:
  static constexpr int kMaxDecimals = 6;
  static constexpr int64_t kMaxHeld = int64_t{1} << 27;  // each below 2^26: their sum below 2^53

  // What a part's sums are, for the merge's rules (Ingestor::StoredSpan).
  struct Facts {
    bool exact = true;    // every amount so far held as an integer: the sums are exact
    bool scaled = false;  // some column held its amounts scaled (10^scale > 1) while exact
    std::vector<int> scale;       // per column: the decimals its integers count
    std::vector<double> largest;  // per column: the largest |amount| held exactly
    int64_t held = 0;             // amounts held (non-zero ones: a 10 GB log has far fewer than rows)
    // Whether these sums and `later`'s, both exact, can be brought to one scale that
    // still holds every amount of both exactly: then adding them is exact, and one
    // reader of both would have held them the same way.
    bool AddsExactlyWith(const Facts& later) const;
    void Join(const Facts& later);  // becomes the facts of both (the merge's)
  };

  void Configure(size_t columns);
  // `values` (one per column) as the buckets add them. May first rewrite the sums
  // `cells` holds: to a larger scale when a value needs more decimals, or to plain
  // numbers when one is no such decimal.
  // Inline for the common row, whose columns are all empty or not summed for its event:
  // zero is zero at any scale (every row of a 10M-row log passes here).
  const double* Scaled(const double* values, EventCells& cells) {
    for (size_t s = 0; s < held_columns_; ++s)
      if (values[s] != 0) return ScaledSome(values, cells);
    return values;
  }
  // After the last row: the sums `cells` holds become plain numbers (each the nearest
  // double to the exact sum). The facts stay as they were.
  void Unscale(EventCells& cells);
  // Merging a later part (AddsExactlyWith was true): both parts' integers to the
  // larger scale of each column, then these facts become both's.
  void Align(DecimalSums& later, EventCells& mine, EventCells& theirs);
  // Merging a later part whose sums are not exact with these (both plain already).
  void JoinPlain(const DecimalSums& later);
  // A part's facts as its image carried them (part_image.cpp checks them first).
  void Restore(const Facts& facts);

  const Facts& facts() const { return facts_; }

 private:
  const double* ScaledSome(const double* values, EventCells& cells);
  bool Rescale(size_t column, double value, EventCells& cells);  // false: no scale holds it
  void Fallback(EventCells& cells);
  void Sync() { held_columns_ = facts_.exact ? out_.size() : 0; }

  Facts facts_;
  size_t held_columns_ = 0;  // the columns while the sums are exact; 0 once plain
  bool unscaled_ = false;
  std::vector<double> out_;
};

}  // namespace ces
