#include "engine/evaluate/movers.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <nlohmann/json.hpp>

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
    side.ids.push_back(data.customer_id(c));
    side.scores.push_back(table.score[c]);
    const int tier = c < table.tier.size() ? table.tier[c] : -1;
    side.tiers.push_back(tier < static_cast<int>(model.tiers.size()) ? tier : -1);
  }
  if (data.by_id.size() == data.customer_count()) {
    constexpr uint32_t kAbsent = UINT32_MAX;
    std::vector<uint32_t> position(data.customer_count(), kAbsent);
    for (uint32_t i = 0; i < table.order.size(); ++i) position[table.order[i]] = i;
    side.by_id.reserve(table.order.size());
    for (uint32_t c : data.by_id)
      if (position[c] != kAbsent) side.by_id.push_back(position[c]);
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

namespace {

// Positions of a side's entries by id in byte order (string_view compares bytes as
// unsigned char), the first of any repeated id only: the side's own by_id (not a copy),
// or sorted into `sorted`.
const std::vector<uint32_t>& ById(const ScoredSide& side, std::vector<uint32_t>* sorted) {
  if (!side.by_id.empty() || side.size() == 0) return side.by_id;
  std::vector<uint32_t>& idx = *sorted;
  idx.resize(side.size());
  std::iota(idx.begin(), idx.end(), 0u);
  std::stable_sort(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) { return side.ids[a] < side.ids[b]; });
  idx.erase(std::unique(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) { return side.ids[a] == side.ids[b]; }),
            idx.end());
  return idx;
}

}  // namespace

std::vector<MoverRow> ComputeMovers(const ScoredSide& before, const ScoredSide& after) {
  std::vector<uint32_t> sorted_b, sorted_a;
  const std::vector<uint32_t>& b = ById(before, &sorted_b);
  const std::vector<uint32_t>& a = ById(after, &sorted_a);
  std::vector<MoverRow> moved, added, gone;
  moved.reserve(std::min(b.size(), a.size()));
  size_t i = 0, j = 0;
  // A merge of the two id orders: new and gone rows come out in id order.
  while (i < b.size() || j < a.size()) {
    MoverRow r;
    if (j == a.size() || (i < b.size() && before.ids[b[i]] < after.ids[a[j]])) {
      r.before = b[i++];
      r.status = MoverStatus::kGone;
      gone.push_back(r);
    } else if (i == b.size() || after.ids[a[j]] < before.ids[b[i]]) {
      r.after = a[j++];
      r.status = MoverStatus::kNew;
      added.push_back(r);
    } else {
      r.before = b[i++];
      r.after = a[j++];
      r.change = RoundTo6(after.scores[r.after] - before.scores[r.before]);
      moved.push_back(r);
    }
  }
  // Moved rows are in id order already: sorted by (change, that position), equal changes
  // keep it. Small keys sorted in place: a stable sort of the rows took ~20 ms of a
  // 100k-customer end in the page.
  struct Key {
    double change;
    uint32_t at;
  };
  std::vector<Key> keys(moved.size());
  for (uint32_t k = 0; k < keys.size(); ++k) keys[k] = {moved[k].change, k};
  std::sort(keys.begin(), keys.end(),
            [](const Key& x, const Key& y) { return x.change != y.change ? x.change < y.change : x.at < y.at; });
  std::vector<MoverRow> rows;
  rows.reserve(moved.size() + added.size() + gone.size());
  for (const Key& k : keys) rows.push_back(moved[k.at]);
  rows.insert(rows.end(), added.begin(), added.end());
  rows.insert(rows.end(), gone.begin(), gone.end());
  return rows;
}

bool WriteMoversCsv(const ScoredSide& before, const ScoredSide& after, const std::vector<MoverRow>& rows,
                    const std::function<bool(std::string_view)>& write, size_t piece_bytes) {
  std::string out = "customer,status,score_before,score_after,change,tier_before,tier_after\n";
  for (const MoverRow& r : rows) {
    const bool has_before = r.before != MoverRow::kNone, has_after = r.after != MoverRow::kNone;
    AppendTextCell(has_before ? before.ids[r.before] : after.ids[r.after], out);
    out.push_back(',');
    out += MoverStatusName(r.status);
    out.push_back(',');
    if (has_before) AppendNumber(before.scores[r.before], out);
    out.push_back(',');
    if (has_after) AppendNumber(after.scores[r.after], out);
    out.push_back(',');
    if (has_before && has_after) AppendNumber(r.change, out);
    out.push_back(',');
    if (has_before) AppendTextCell(before.TierName(r.before), out);
    out.push_back(',');
    if (has_after) AppendTextCell(after.TierName(r.after), out);
    out.push_back('\n');
    if (out.size() >= piece_bytes) {
      if (!write(out)) return false;
      out.clear();
    }
  }
  return out.empty() || write(out);
}

std::string MoversCsv(const ScoredSide& before, const ScoredSide& after, const std::vector<MoverRow>& rows) {
  return WholeText([&](const auto& write) { return WriteMoversCsv(before, after, rows, write); });
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
  auto side_json = [](const ScoredSide& s, const std::vector<MoverRow>& all, bool is_before, size_t customers) {
    std::vector<uint64_t> counts(s.tier_order.size(), 0);
    for (const MoverRow& r : all) {
      const uint32_t k = is_before ? r.before : r.after;
      if (k != MoverRow::kNone && s.tiers[k] >= 0) ++counts[static_cast<size_t>(s.tiers[k])];
    }
    Json tiers = Json::object();
    for (size_t t = 0; t < s.tier_order.size(); ++t) tiers[s.tier_order[t]] = counts[t];
    Json j;
    j["customers"] = customers;
    j["tiers"] = tiers;
    return j;
  };
  size_t moved = 0, added = 0, gone = 0;
  double abs_sum = 0;
  std::vector<double> xs, ys;
  // (before tier, after tier) → customers; -1 (no tiers) placed after the named tiers.
  std::map<std::pair<size_t, size_t>, uint64_t> pairs;
  for (const MoverRow& r : rows) {
    if (r.status == MoverStatus::kNew) ++added;
    if (r.status == MoverStatus::kGone) ++gone;
    if (r.status != MoverStatus::kMoved) continue;
    ++moved;
    abs_sum += std::fabs(r.change);
    xs.push_back(before.scores[r.before]);
    ys.push_back(after.scores[r.after]);
    const int tb = before.tiers[r.before], ta = after.tiers[r.after];
    ++pairs[{tb < 0 ? before.tier_order.size() : static_cast<size_t>(tb),
             ta < 0 ? after.tier_order.size() : static_cast<size_t>(ta)}];
  }
  Json j;
  j["before"] = side_json(before, rows, true, moved + gone);
  j["after"] = side_json(after, rows, false, moved + added);
  j["moved"] = moved;
  j["new"] = added;
  j["gone"] = gone;
  j["mean_abs_change"] = moved ? RoundTo6(abs_sum / static_cast<double>(moved)) : 0.0;
  const std::optional<double> rho = SpearmanCorrelation(xs, ys);
  j["spearman"] = rho ? Json(RoundTo6(*rho)) : Json(nullptr);
  auto name = [](const ScoredSide& s, size_t t) { return t < s.tier_order.size() ? s.tier_order[t] : std::string(); };
  Json moves = Json::array();
  for (const auto& [key, n] : pairs)
    moves.push_back({{"from", name(before, key.first)}, {"to", name(after, key.second)}, {"customers", n}});
  j["tier_moves"] = moves;
  return j.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

}  // namespace ces
