#include "engine/evaluate/movers.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "engine/base/number_format.h"
#include "engine/results/results_csv.h"

namespace ces {

ScoredSide SideFromTable(const Dataset& data, const ScoreModel& model, const ScoreTable& table) {
  ScoredSide side;
  for (const Tier& t : model.tiers) side.tier_order.push_back(t.name);
  side.ids.reserve(table.order.size());
  side.scores.reserve(table.order.size());
  side.tiers.reserve(table.order.size());
  for (uint32_t c : table.order) {
    side.ids.emplace_back(data.customer_id(c));
    side.scores.push_back(table.score[c]);
    const int tier = c < table.tier.size() ? table.tier[c] : -1;
    side.tiers.push_back(tier >= 0 && static_cast<size_t>(tier) < model.tiers.size() ? model.tiers[tier].name
                                                                                      : std::string());
  }
  return side;
}

ScoredSide SideOnDate(const Dataset& data, const ScoreModel& model, int32_t day) {
  ScoreTable table;
  ComputeScoresOnDate(data, model, day, &table);
  return SideFromTable(data, model, table);
}

const char* MoverStatusName(MoverStatus s) {
  switch (s) {
    case MoverStatus::kMoved: return "moved";
    case MoverStatus::kNew: return "new";
    case MoverStatus::kGone: return "gone";
  }
  return "";
}

std::vector<MoverRow> ComputeMovers(const ScoredSide& before, const ScoredSide& after) {
  std::unordered_map<std::string_view, size_t> in_after;
  in_after.reserve(after.ids.size());
  for (size_t i = 0; i < after.ids.size(); ++i) in_after.emplace(after.ids[i], i);
  std::unordered_map<std::string_view, size_t> in_before;
  in_before.reserve(before.ids.size());

  std::vector<MoverRow> moved, added, gone;
  for (size_t i = 0; i < before.ids.size(); ++i) {
    if (!in_before.emplace(before.ids[i], i).second) continue;
    MoverRow r;
    r.customer = before.ids[i];
    r.score_before = before.scores[i];
    r.tier_before = before.tiers[i];
    auto it = in_after.find(before.ids[i]);
    if (it == in_after.end()) {
      r.status = MoverStatus::kGone;
      gone.push_back(std::move(r));
      continue;
    }
    r.score_after = after.scores[it->second];
    r.tier_after = after.tiers[it->second];
    r.change = RoundTo6(*r.score_after - *r.score_before);
    moved.push_back(std::move(r));
  }
  for (size_t i = 0; i < after.ids.size(); ++i) {
    if (in_before.count(after.ids[i]) || in_after.at(after.ids[i]) != i) continue;
    MoverRow r;
    r.customer = after.ids[i];
    r.status = MoverStatus::kNew;
    r.score_after = after.scores[i];
    r.tier_after = after.tiers[i];
    added.push_back(std::move(r));
  }
  // std::string compares bytes as unsigned char: the spec's byte order.
  std::sort(moved.begin(), moved.end(), [](const MoverRow& a, const MoverRow& b) {
    if (*a.change != *b.change) return *a.change < *b.change;
    return a.customer < b.customer;
  });
  auto by_id = [](const MoverRow& a, const MoverRow& b) { return a.customer < b.customer; };
  std::sort(added.begin(), added.end(), by_id);
  std::sort(gone.begin(), gone.end(), by_id);
  std::vector<MoverRow> rows = std::move(moved);
  rows.reserve(rows.size() + added.size() + gone.size());
  for (MoverRow& r : added) rows.push_back(std::move(r));
  for (MoverRow& r : gone) rows.push_back(std::move(r));
  return rows;
}

std::string MoversCsv(const std::vector<MoverRow>& rows) {
  std::string out = "customer,status,score_before,score_after,change,tier_before,tier_after\n";
  auto number = [&](const std::optional<double>& v) {
    out.push_back(',');
    if (v) AppendNumber(*v, out);
  };
  auto text = [&](const std::optional<std::string>& v) {
    out.push_back(',');
    if (v) AppendTextCell(*v, out);
  };
  for (const MoverRow& r : rows) {
    AppendTextCell(r.customer, out);
    out.push_back(',');
    out += MoverStatusName(r.status);
    number(r.score_before);
    number(r.score_after);
    number(r.change);
    text(r.tier_before);
    text(r.tier_after);
    out.push_back('\n');
  }
  return out;
}

namespace {

// Average ranks 1…n (ties share the mean of their positions), doubled so they stay integers.
std::vector<int64_t> DoubledAverageRanks(const std::vector<double>& v) {
  const size_t n = v.size();
  std::vector<size_t> idx(n);
  std::iota(idx.begin(), idx.end(), size_t{0});
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
  std::vector<int64_t> rank(n);
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && v[idx[j]] == v[idx[i]]) ++j;
    const int64_t doubled = static_cast<int64_t>(i + 1) + static_cast<int64_t>(j);  // (i+1 + j) / 2, times 2
    for (size_t k = i; k < j; ++k) rank[idx[k]] = doubled;
    i = j;
  }
  return rank;
}

}  // namespace

std::optional<double> SpearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  if (n < 2 || y.size() != n) return std::nullopt;
  const std::vector<int64_t> rx = DoubledAverageRanks(x), ry = DoubledAverageRanks(y);
  // Exact integer sums: the ranks are (half-)integers, so only the last division and
  // square root round, whatever the order of the customers.
  __int128 sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (size_t i = 0; i < n; ++i) {
    sx += rx[i];
    sy += ry[i];
    sxx += static_cast<__int128>(rx[i]) * rx[i];
    syy += static_cast<__int128>(ry[i]) * ry[i];
    sxy += static_cast<__int128>(rx[i]) * ry[i];
  }
  const __int128 N = static_cast<__int128>(n);
  const __int128 vx = N * sxx - sx * sx, vy = N * syy - sy * sy, cxy = N * sxy - sx * sy;
  if (vx == 0 || vy == 0) return std::nullopt;  // all values equal on one side
  const double r = static_cast<double>(cxy) / std::sqrt(static_cast<double>(vx) * static_cast<double>(vy));
  return std::max(-1.0, std::min(1.0, r));
}

std::string MoversSummaryJson(const ScoredSide& before, const ScoredSide& after, const std::vector<MoverRow>& rows) {
  using Json = nlohmann::ordered_json;
  auto side_json = [](const ScoredSide& s, size_t customers) {
    Json tiers = Json::object();
    for (const std::string& name : s.tier_order) tiers[name] = 0;
    for (const std::string& t : s.tiers)
      if (tiers.contains(t)) tiers[t] = tiers[t].get<uint64_t>() + 1;
    Json j;
    j["customers"] = customers;
    j["tiers"] = tiers;
    return j;
  };
  size_t moved = 0, added = 0, gone = 0;
  double abs_sum = 0;
  std::vector<double> xs, ys;
  for (const MoverRow& r : rows) {
    if (r.status == MoverStatus::kNew) ++added;
    if (r.status == MoverStatus::kGone) ++gone;
    if (r.status != MoverStatus::kMoved) continue;
    ++moved;
    abs_sum += std::fabs(*r.change);
    xs.push_back(*r.score_before);
    ys.push_back(*r.score_after);
  }
  Json j;
  j["before"] = side_json(before, moved + gone);
  j["after"] = side_json(after, moved + added);
  j["moved"] = moved;
  j["new"] = added;
  j["gone"] = gone;
  j["mean_abs_change"] = moved ? RoundTo6(abs_sum / static_cast<double>(moved)) : 0.0;
  const std::optional<double> rho = SpearmanCorrelation(xs, ys);
  j["spearman"] = rho ? Json(RoundTo6(*rho)) : Json(nullptr);

  // Pairs ordered by the before tier's place in the before model, then the after
  // tier's place in the after model; a tier missing from a model ("" without tiers)
  // sorts after its named tiers.
  auto place = [](const std::vector<std::string>& order, const std::string& name) {
    auto it = std::find(order.begin(), order.end(), name);
    return static_cast<size_t>(it - order.begin());
  };
  using PairKey = std::pair<std::pair<size_t, size_t>, std::pair<std::string, std::string>>;
  std::map<PairKey, uint64_t> pairs;
  for (const MoverRow& r : rows) {
    if (r.status != MoverStatus::kMoved) continue;
    ++pairs[{{place(before.tier_order, *r.tier_before), place(after.tier_order, *r.tier_after)},
             {*r.tier_before, *r.tier_after}}];
  }
  Json moves = Json::array();
  for (const auto& [key, n] : pairs)
    moves.push_back({{"from", key.second.first}, {"to", key.second.second}, {"customers", n}});
  j["tier_moves"] = moves;
  return j.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

}  // namespace ces
