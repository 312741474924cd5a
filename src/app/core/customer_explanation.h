// One customer's score, explained: what the customer view draws and the live region
// says, from the same figures. Per activity what was measured, what the cap and curve
// made of it and the points it gave (the engine's ScoreTable, read, never recomputed);
// and which activities moved the score most.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ces {
class ScoreSession;
}

namespace ces::app {

struct ActivityPart {
  size_t activity = 0;       // index in the model
  double measured = 0;       // the measure, before cap and curve
  double value = 0;          // after them
  double points = 0;         // weight × value (or the range's points); 0 when left out
  bool left_out = false;     // missing "skip": no value, so the activity does not count for this customer
};

struct CustomerExplanation {
  std::vector<ActivityPart> parts;          // in the model's order
  double most_positive = 0, most_negative = 0;  // the extremes of the points, 0 included (the bars' scale)

  // The parts that gave or took points, largest |points| first (ties: the model's
  // order), at most `n`: indexes into `parts`.
  std::vector<size_t> Top(size_t n) const;
  size_t WithPoints() const;                // how many parts gave or took points
};

CustomerExplanation ExplainCustomer(const ScoreSession& session, uint32_t customer);

}  // namespace ces::app
