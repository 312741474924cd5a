#include "engine/results/results_csv.h"

#include <algorithm>
#include <cmath>

#include "engine/base/number_format.h"

namespace ces {

bool LooksLikeNumber(std::string_view s) {
  size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == n;
}

void AppendTextCell(std::string_view text, std::string& out) {
  const bool guard = !text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@') &&
                     !LooksLikeNumber(text);
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quote) out.push_back('"');
  if (guard) out.push_back('\'');
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  if (quote) out.push_back('"');
}

void AppendResultsHeader(const ScoreModel& model, std::string& out) {
  out += "customer,score,raw,tier,segment";
  for (const std::string& name : model.data.carry) {  // v2 1.6
    out.push_back(',');
    AppendTextCell(name, out);
  }
  for (const Group& g : model.groups) {  // v2 1.3
    out.push_back(',');
    AppendTextCell(g.name + " points", out);
    out.push_back(',');
    AppendTextCell(g.name + " score", out);
  }
  for (const Activity& a : model.activities) {
    out.push_back(',');
    AppendTextCell(a.name + " value", out);
    out.push_back(',');
    AppendTextCell(a.name + " points", out);
  }
  out.push_back('\n');
}

size_t AppendResultsRows(const Dataset& data, const ScoreModel& model, const ScoreTable& t, size_t begin, size_t end,
                         size_t piece_bytes, std::string& out) {
  const size_t A = t.activities, G = t.groups, K = model.data.carry.size();
  auto number_or_empty = [&](double x) {  // NaN: a skipped activity or an absent group
    out.push_back(',');
    if (!std::isnan(x)) AppendNumber(x, out);
  };
  end = std::min(end, t.order.size());
  // Rows go out in score order, so each one's figures sit at a random place in the
  // per-customer arrays: fetch a few rows ahead, or a row waits on ~6 cache misses
  // (they were 60% of the time of writing a 100k-customer table).
  constexpr size_t kAhead = 8;
  size_t i = begin;
  for (; i < end && out.size() < piece_bytes; ++i) {
    if (i + 2 * kAhead < end) data.customers.PrefetchPlace(t.order[i + 2 * kAhead]);
    if (i + kAhead < end) {
      const uint32_t next = t.order[i + kAhead];
      data.customers.PrefetchText(next);
      __builtin_prefetch(&t.score[next]);
      __builtin_prefetch(&t.raw[next]);
      __builtin_prefetch(&t.tier[next]);
      __builtin_prefetch(&t.segment[next]);
      for (size_t k = 0; k < A; k += 8) {  // 8 doubles a cache line
        __builtin_prefetch(&t.value[next * A + k]);
        if (t.keep_points) __builtin_prefetch(&t.points[next * A + k]);
      }
    }
    const uint32_t c = t.order[i];
    AppendTextCell(data.customer_id(c), out);
    out.push_back(',');
    AppendNumber(t.score[c], out);
    out.push_back(',');
    AppendNumber(t.raw[c], out);
    out.push_back(',');
    if (t.tier[c] >= 0) AppendTextCell(model.tiers[static_cast<size_t>(t.tier[c])].name, out);
    out.push_back(',');
    AppendTextCell(data.segment_name(t.segment[c]), out);
    for (size_t j = 0; j < K; ++j) {
      out.push_back(',');
      AppendTextCell(data.carried_text(t.carry[c * K + j]), out);
    }
    for (size_t g = 0; g < G; ++g) {
      number_or_empty(t.group_points[c * G + g]);
      number_or_empty(t.group_score[c * G + g]);
    }
    for (size_t a = 0; a < A; ++a) {
      number_or_empty(t.value[c * A + a]);
      number_or_empty(t.Points(c, a));
    }
    out.push_back('\n');
  }
  return i;
}

bool WriteResultsCsv(const Dataset& data, const ScoreModel& model, const ScoreTable& t,
                     const std::function<bool(std::string_view)>& write, size_t piece_bytes) {
  std::string out;
  out.reserve(piece_bytes + 4096);
  AppendResultsHeader(model, out);
  for (size_t i = 0; i < t.order.size();) {
    i = AppendResultsRows(data, model, t, i, t.order.size(), piece_bytes, out);
    if (out.size() >= piece_bytes) {
      if (!write(out)) return false;
      out.clear();
    }
  }
  return out.empty() || write(out);
}

std::string ResultsCsv(const Dataset& data, const ScoreModel& model, const ScoreTable& table) {
  return WholeText([&](const auto& write) { return WriteResultsCsv(data, model, table, write); });
}

}  // namespace ces
