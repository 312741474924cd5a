#include "app/core/customer_explanation.h"

#include <algorithm>
#include <cmath>

#include "engine/session.h"

namespace ces::app {

CustomerExplanation ExplainCustomer(const ScoreSession& s, uint32_t c) {
  const ScoreTable& t = s.table();
  CustomerExplanation e;
  const size_t activities = s.model().activities.size();
  e.parts.reserve(activities);
  for (size_t a = 0; a < activities; ++a) {
    ActivityPart p;
    p.activity = a;
    p.measured = t.Measure(c, a);
    p.value = t.Value(c, a);
    const double points = t.Points(c, a);
    p.left_out = std::isnan(points);  // missing "skip" (v2): no points, not zero points
    p.points = p.left_out ? 0.0 : points;
    e.most_positive = std::max(e.most_positive, p.points);
    e.most_negative = std::min(e.most_negative, p.points);
    e.parts.push_back(p);
  }
  return e;
}

std::vector<size_t> CustomerExplanation::Top(size_t n) const {
  std::vector<size_t> order;
  for (size_t i = 0; i < parts.size(); ++i)
    if (!parts[i].left_out && parts[i].points != 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return std::fabs(parts[a].points) > std::fabs(parts[b].points); });
  if (order.size() > n) order.resize(n);
  return order;
}

size_t CustomerExplanation::WithPoints() const {
  return static_cast<size_t>(
      std::count_if(parts.begin(), parts.end(), [](const ActivityPart& p) { return !p.left_out && p.points != 0; }));
}

}  // namespace ces::app
