// The query generator; see sql_query.h. Index:
//   [SECTION] round6 in SQL
//   [SECTION] Checks: what a table cannot hold, names a dialect cannot keep
//   [SECTION] The query: CTE chain, one stage per step of spec v1 section 3
#include "engine/sql/sql_query.h"

#include <map>
#include <set>
#include <utility>

namespace ces {

namespace {

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

}  // namespace

// [SECTION] round6 in SQL
//
// No engine's ROUND rounds the exact binary value half to even. With a = |x|:
// P = a·1e6 in doubles is off from the exact product by Q, and Dekker's product
// (split a in two halves of 26 bits; 1e6 has 20) gives Q exactly: a·1e6 = P + Q.
// With r = floor(P) and d = (P − r) − 0.5 (both exact where it matters), the exact
// fraction beyond r is above, below or exactly one half as d is above, below or
// equal to −Q; exactly one half goes to the even neighbour. Then n / 1e6 is the
// double nearest the rounded decimal, as the engine's RoundTo6 returns.
std::string Round6Sql(SqlDialect d, const std::string& x) {
  auto L = [&](double v) { return DoubleLiteral(d, v); };
  const std::string a = "abs(" + x + ")";
  const std::string p = "(" + a + " * " + L(1e6) + ")";
  const std::string c = "(" + L(134217729.0) + " * " + a + ")";
  const std::string hi = "(" + c + " - (" + c + " - " + a + "))";
  const std::string lo = "(" + a + " - " + hi + ")";
  const std::string q = "((" + hi + " * " + L(1e6) + " - " + p + ") + " + lo + " * " + L(1e6) + ")";
  const std::string r = "floor(" + p + ")";
  const std::string dd = "((" + p + " - " + r + ") - " + L(0.5) + ")";
  const std::string up = "CASE WHEN " + dd + " > -" + q + " THEN 1 WHEN " + dd + " < -" + q + " THEN 0 WHEN " + r +
                         " - 2 * floor(" + r + " / 2) = 0 THEN 0 ELSE 1 END";
  return "(sign(" + x + ") * ((" + r + " + " + up + ") / " + L(1e6) + "))";
}

namespace {

// [SECTION] Checks

enum class ColumnKind { kNumber, kText, kTime };

const char* KindName(ColumnKind k) {
  switch (k) {
    case ColumnKind::kNumber: return "a number";
    case ColumnKind::kText: return "text";
    case ColumnKind::kTime: return "a timestamp";
  }
  return "";
}

struct ColumnUse {
  ColumnKind kind;
  std::string who;   // `activity "Spend" (sum)` or `data.segment`
  std::string path;  // field path for the error
};

std::string ActivityWho(const Activity& a) {
  return std::string("activity \"") + a.name + "\" (" + MeasureName(a.measure) + ")";
}

// Every column the table must have, with how it is read; a column read two ways is refused.
void CheckColumns(const ScoreModel& m, std::vector<ModelError>* errors, std::vector<std::string>* columns) {
  std::map<std::string, std::vector<ColumnUse>> uses;
  std::vector<std::string> order;
  auto use = [&](const std::string& col, ColumnKind k, std::string who, std::string path) {
    if (col.empty()) return;
    if (!uses.count(col)) order.push_back(col);
    uses[col].push_back({k, std::move(who), std::move(path)});
  };
  use(m.data.customer, ColumnKind::kText, "data.customer", "data.customer");
  if (m.data.shape == Shape::kEvents) {
    use(m.data.time, ColumnKind::kTime, "data.time", "data.time");
    use(m.data.event, ColumnKind::kText, "data.event", "data.event");
  }
  use(m.data.segment, ColumnKind::kText, "data.segment", "data.segment");
  for (size_t i = 0; i < m.data.carry.size(); ++i)
    use(m.data.carry[i], ColumnKind::kText, "data.carry[" + std::to_string(i) + "]",
        "data.carry[" + std::to_string(i) + "]");
  for (size_t i = 0; i < m.activities.size(); ++i) {
    const Activity& a = m.activities[i];
    const std::string path = "activities[" + std::to_string(i) + "].column";
    if (a.measure == Measure::kSum || a.measure == Measure::kValue) use(a.column, ColumnKind::kNumber, ActivityWho(a), path);
    if (a.measure == Measure::kDistinctValues) use(a.column, ColumnKind::kText, ActivityWho(a), path);
  }
  for (const std::string& col : order) {
    const std::vector<ColumnUse>& u = uses[col];
    for (size_t j = 1; j < u.size(); ++j) {
      if (u[j].kind == u[0].kind) continue;
      errors->push_back({u[j].path, "column \"" + col + "\" is read as " + KindName(u[0].kind) + " by " + u[0].who +
                                        " and as " + KindName(u[j].kind) + " by " + u[j].who +
                                        ": a SQL table needs two columns for that (copy the column under another "
                                        "name in the CSV and the model)"});
      break;
    }
  }
  *columns = order;
}

// The results table's column names (v1 section 5, v2 1.3 and 1.6), in order.
std::vector<std::string> OutputNames(const ScoreModel& m) {
  std::vector<std::string> names = {"customer", "score", "raw", "tier", "segment"};
  for (const std::string& c : m.data.carry) names.push_back(c);
  for (const Group& g : m.groups) {
    names.push_back(g.name + " points");
    names.push_back(g.name + " score");
  }
  for (const Activity& a : m.activities) {
    names.push_back(a.name + " value");
    names.push_back(a.name + " points");
  }
  return names;
}

void CheckIdentifierLengths(SqlDialect d, const std::vector<std::string>& table_parts,
                            const std::vector<std::string>& columns, const std::vector<std::string>& outputs,
                            std::vector<ModelError>* errors) {
  const size_t limit = MaxIdentifierBytes(d);
  if (!limit) return;
  auto check = [&](const std::vector<std::string>& names, const std::string& what) {
    std::vector<std::string> too_long;
    for (const std::string& n : names)
      if (n.size() > limit) too_long.push_back("\"" + n + "\" (" + std::to_string(n.size()) + " bytes)");
    if (!too_long.empty())
      errors->push_back({"", std::string(SqlDialectName(d)) + " keeps identifiers of at most " +
                                 std::to_string(limit) + " bytes; these " + what + " are longer: " +
                                 Join(too_long, ", ") + " (shorten the names in the model)"});
  };
  check(table_parts, "table name parts");
  check(columns, "input column names");
  check(outputs, "output column names");
}

// [SECTION] The query

class QueryBuilder {
 public:
  QueryBuilder(const ScoreModel& m, SqlDialect d) : m_(m), d_(d), events_(m.data.shape == Shape::kEvents) {}

  std::string Build(const std::string& table_sql) {
    Source(table_sql);
    PerCustomer();
    Values();
    Points();
    if (m_.groups.empty()) Raw();
    else GroupsToRaw();
    Score();
    return Finish();
  }

 private:
  std::string L(double v) const { return DoubleLiteral(d_, v); }
  std::string Q(const std::string& name) const { return QuoteIdentifier(d_, name); }
  std::string T(const std::string& col) const { return "ces_t." + Q(col); }
  // A text column: an empty string counts as the NULL the contract asks for, so a
  // ClickHouse table loaded without Nullable columns gives the same results.
  std::string Text(const std::string& col) const { return "NULLIF(" + T(col) + ", '')"; }
  std::string Idx(const char* prefix, size_t i) const { return prefix + std::to_string(i); }

  // A stage: every column of the previous one plus `columns`.
  void Stage(const std::vector<std::string>& columns) {
    const std::string name = "ces_s" + std::to_string(ctes_.size());
    ctes_.push_back({name, "SELECT *, " + Join(columns, ", ") + " FROM " + last_});
    last_ = name;
  }
  void Cte(const std::string& name, const std::string& body) {
    ctes_.push_back({name, body});
    last_ = name;
  }

  size_t Slot(std::vector<std::string>& slots, const std::string& col) {
    for (size_t i = 0; i < slots.size(); ++i)
      if (slots[i] == col) return i;
    slots.push_back(col);
    return slots.size() - 1;
  }

  // "Latest" row of a customer holding a non-empty `col`: by line in v1 and for the
  // customers shape; by instant (to the millisecond), then line, for v2 events (1.5).
  std::string LatestRank(const std::string& col) const {
    std::string keys = "CASE WHEN " + Text(col) + " IS NULL THEN 1 ELSE 0 END";
    if (events_ && m_.version >= 2) keys += ", " + TruncToMillis(d_, T(m_.data.time)) + " DESC";
    keys += ", " + T("_line") + " DESC";
    return "row_number() OVER (PARTITION BY " + T(m_.data.customer) + " ORDER BY " + keys + ")";
  }

  // Stage 0: the table's rows under internal names.
  void Source(const std::string& table_sql) {
    std::vector<std::string> cols = {T(m_.data.customer) + " AS ces_c"};
    if (events_) {
      cols.push_back(EpochDay(d_, T(m_.data.time)) + " AS ces_day");
      if (!m_.data.event.empty()) cols.push_back(Text(m_.data.event) + " AS ces_ev");
    }
    for (const Activity& a : m_.activities) {
      if (a.measure == Measure::kSum || a.measure == Measure::kValue) Slot(numeric_, a.column);
      if (a.measure == Measure::kDistinctValues) Slot(text_, a.column);
    }
    for (size_t i = 0; i < numeric_.size(); ++i) cols.push_back(ToDouble(d_, T(numeric_[i])) + " AS " + Idx("ces_n", i));
    for (size_t i = 0; i < text_.size(); ++i) cols.push_back(Text(text_[i]) + " AS " + Idx("ces_x", i));
    if (!m_.data.segment.empty()) {
      cols.push_back(Text(m_.data.segment) + " AS ces_seg");
      cols.push_back(LatestRank(m_.data.segment) + " AS ces_segr");
    }
    for (size_t i = 0; i < m_.data.carry.size(); ++i) {
      cols.push_back(Text(m_.data.carry[i]) + " AS " + Idx("ces_k", i));
      cols.push_back(LatestRank(m_.data.carry[i]) + " AS " + Idx("ces_kr", i));
    }
    Cte("ces_src", "SELECT " + Join(cols, ", ") + " FROM " + table_sql + " AS ces_t WHERE " + Text(m_.data.customer) +
                       " IS NOT NULL");
    if (events_) {
      // as_of "auto": the latest UTC day in the table (v2 section 5).
      const std::string as_of =
          m_.window.as_of ? std::to_string(*m_.window.as_of) : "(SELECT MAX(ces_day) FROM ces_src)";
      Cte("ces_aged", "SELECT *, " + as_of + " - ces_day AS ces_age FROM ces_src");
    }
  }

  std::string Matches(const Activity& a) const {
    if (a.events.empty()) return "1 = 1";
    std::vector<std::string> names;
    for (const std::string& e : a.events) names.push_back(QuoteText(d_, e));
    return "ces_ev IN (" + Join(names, ", ") + ")";
  }

  // Stage: one row per customer with each activity's measure (v1 section 3).
  void PerCustomer() {
    std::vector<std::string> cols = {"ces_c"};
    const std::string window = "ces_age >= 0 AND ces_age < " + std::to_string(m_.window.days);
    for (size_t i = 0; i < m_.activities.size(); ++i) {
      const Activity& a = m_.activities[i];
      const std::string match = Matches(a);
      const std::string m = Idx("ces_m", i);
      const std::string decay =
          a.half_life_days ? " * " + Power(d_, L(0.5), ToDouble(d_, "ces_age") + " / " + L(*a.half_life_days)) : "";
      switch (a.measure) {
        case Measure::kCount:
          cols.push_back("SUM(CASE WHEN " + match + " AND " + window + " THEN " + L(1) + decay + " ELSE " + L(0) +
                         " END) AS " + m);
          break;
        case Measure::kSum: {
          const std::string n = Idx("ces_n", Slot(numeric_, a.column));
          cols.push_back("SUM(CASE WHEN " + match + " AND " + window + " AND " + n + " IS NOT NULL THEN " + n + decay +
                         " ELSE " + L(0) + " END) AS " + m);
          break;
        }
        case Measure::kDistinctDays:
          cols.push_back("COUNT(DISTINCT CASE WHEN " + match + " AND " + window + " THEN ces_day END) AS " + m);
          break;
        case Measure::kDistinctValues: {
          const std::string x = Idx("ces_x", Slot(text_, a.column));
          cols.push_back("COUNT(DISTINCT CASE WHEN " + match + " AND " + window + " THEN " + x + " END) AS " + m);
          break;
        }
        case Measure::kDaysSinceLast:
          cols.push_back("MIN(CASE WHEN " + match + " AND ces_age >= 0 THEN ces_age END) AS " + m);
          break;
        case Measure::kValue: {
          const std::string n = Idx("ces_n", Slot(numeric_, a.column));
          cols.push_back("SUM(" + n + ") AS " + m);
          cols.push_back("COUNT(" + n + ") AS " + Idx("ces_cnt", i));  // 0: the value is missing (v2 1.2)
          break;
        }
      }
    }
    if (!m_.data.segment.empty()) cols.push_back("MAX(CASE WHEN ces_segr = 1 THEN ces_seg END) AS ces_segv");
    for (size_t i = 0; i < m_.data.carry.size(); ++i)
      cols.push_back("MAX(CASE WHEN " + Idx("ces_kr", i) + " = 1 THEN " + Idx("ces_k", i) + " END) AS " +
                     Idx("ces_kv", i));
    Cte("ces_cust", "SELECT " + Join(cols, ", ") + " FROM " + last_ + " GROUP BY ces_c");
  }

  bool Skippable(const Activity& a) const { return a.measure == Measure::kValue && a.missing == Missing::kSkip; }

  // Stages: x = measure, capped (ces_y), then transformed (ces_v).
  void Values() {
    std::vector<std::string> capped;
    for (size_t i = 0; i < m_.activities.size(); ++i) {
      const Activity& a = m_.activities[i];
      const std::string m = Idx("ces_m", i);
      std::string x = ToDouble(d_, m);
      if (a.measure == Measure::kDaysSinceLast) x = "COALESCE(" + x + ", " + L(m_.window.days) + ")";
      if (a.measure == Measure::kValue) {
        const std::string cnt = Idx("ces_cnt", i);
        std::string fill = L(0);
        if (a.missing == Missing::kSkip) fill = "NULL";
        if (a.missing == Missing::kMean)  // exact sum / count of the customers with a value, before cap and transform
          fill = "(SELECT COALESCE(SUM(CASE WHEN " + cnt + " > 0 THEN " + m + " END) / NULLIF(" +
                 ToDouble(d_, "SUM(CASE WHEN " + cnt + " > 0 THEN 1 ELSE 0 END)") + ", " + L(0) + "), " + L(0) +
                 ") FROM ces_cust)";
        x = "CASE WHEN " + cnt + " = 0 THEN " + fill + " ELSE " + x + " END";
      }
      if (a.cap) x = "CASE WHEN " + x + " > " + L(*a.cap) + " THEN " + L(*a.cap) + " ELSE " + x + " END";
      capped.push_back(x + " AS " + Idx("ces_y", i));
    }
    Stage(capped);
    std::vector<std::string> values;
    for (size_t i = 0; i < m_.activities.size(); ++i) {
      const std::string y = Idx("ces_y", i);
      std::string v = y;
      switch (m_.activities[i].transform) {
        case Transform::kNone: break;
        case Transform::kLog:
          v = "CASE WHEN " + y + " = 0 THEN " + L(0) + " ELSE sign(" + y + ") * " +
              NaturalLog(d_, L(1) + " + abs(" + y + ")") + " END";
          break;
        case Transform::kSqrt:
          v = "CASE WHEN " + y + " = 0 THEN " + L(0) + " ELSE sign(" + y + ") * sqrt(abs(" + y + ")) END";
          break;
      }
      values.push_back(v + " AS " + Idx("ces_v", i));
    }
    Stage(values);
  }

  // Stage: points = weight × value, or the bin's points (v2 1.1); NULL when skipped.
  void Points() {
    std::vector<std::string> points;
    for (size_t i = 0; i < m_.activities.size(); ++i) {
      const Activity& a = m_.activities[i];
      const std::string v = Idx("ces_v", i);
      std::string p;
      if (a.bins.empty()) {
        p = L(a.weight) + " * " + v;
      } else {
        p = "CASE WHEN " + v + " IS NULL THEN NULL";
        for (const Bin& b : a.bins) {
          if (b.below) p += " WHEN " + v + " < " + L(*b.below) + " THEN " + L(b.points);
          else p += " ELSE " + L(b.points);
        }
        p += " END";
      }
      points.push_back(p + " AS " + Idx("ces_p", i));
    }
    Stage(points);
  }

  std::string PointsSum(const std::vector<size_t>& which) const {
    std::vector<std::string> terms;
    for (size_t i : which) {
      const std::string p = Idx("ces_p", i);
      terms.push_back(Skippable(m_.activities[i]) ? "COALESCE(" + p + ", " + L(0) + ")" : p);
    }
    return terms.empty() ? L(0) : "(" + Join(terms, " + ") + ")";
  }

  // raw = round6(Σ points) (v1 section 3).
  void Raw() {
    std::vector<size_t> all;
    for (size_t i = 0; i < m_.activities.size(); ++i) all.push_back(i);
    Stage({PointsSum(all) + " AS ces_rawu"});
    Stage({Round6Sql(d_, "ces_rawu") + " AS ces_raw"});
  }

  // A scale (v1 section 3, v2 1.4) applied to the double column `col` over the rows where it is not NULL.
  std::string Scaled(const ScaleSpec& s, const std::string& col) const {
    const std::string seg = "COALESCE(ces_segv, '')";
    const std::string part = s.by_segment && !m_.data.segment.empty() ? "PARTITION BY " + seg : "";
    const std::string over = "OVER (" + part + ")";
    switch (s.method) {
      case ScaleMethod::kRaw: return col;
      case ScaleMethod::kMinMax: {
        const std::string lo = "MIN(" + col + ") " + over, hi = "MAX(" + col + ") " + over;
        return "CASE WHEN " + col + " IS NULL THEN NULL WHEN " + hi + " = " + lo + " THEN " + L(50) + " ELSE " +
               L(100) + " * (" + col + " - " + lo + ") / (" + hi + " - " + lo + ") END";
      }
      case ScaleMethod::kPercentile: {
        // L + E: customers at or below (RANGE frames take every peer); E: those equal.
        const std::string le = "COUNT(" + col + ") OVER (" + part + " ORDER BY " + col +
                               " RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)";
        const std::string e = "COUNT(" + col + ") OVER (PARTITION BY " + (part.empty() ? "" : seg + ", ") + col + ")";
        const std::string n = "COUNT(" + col + ") " + over;
        return "CASE WHEN " + col + " IS NULL THEN NULL ELSE " + L(100) + " * (" + ToDouble(d_, le + " - " + e) +
               " + " + L(0.5) + " * " + ToDouble(d_, e) + ") / " + ToDouble(d_, n) + " END";
      }
      case ScaleMethod::kTarget: {
        std::string target = L(s.target);
        if (!s.target_by_segment.empty() && !m_.data.segment.empty()) {
          target = "CASE " + seg;
          for (const auto& [name, t] : s.target_by_segment) target += " WHEN " + QuoteText(d_, name) + " THEN " + L(t);
          target += " ELSE " + L(s.target) + " END";
        }
        const std::string v = "(" + L(100) + " * " + col + " / " + target + ")";
        return "CASE WHEN " + v + " < " + L(0) + " THEN " + L(0) + " WHEN " + v + " > " + L(100) + " THEN " + L(100) +
               " ELSE " + v + " END";
      }
    }
    return col;
  }

  // Groups (v2 1.3): points and score per group, then raw = their weighted mean.
  void GroupsToRaw() {
    std::vector<std::string> sums, rounded, scaled, scores;
    std::vector<std::string> num, den;
    for (size_t g = 0; g < m_.groups.size(); ++g) {
      std::vector<size_t> members;
      std::vector<std::string> skipped;
      bool can_be_absent = true;
      for (size_t i = 0; i < m_.activities.size(); ++i) {
        if (m_.activities[i].group != m_.groups[g].name) continue;
        members.push_back(i);
        if (Skippable(m_.activities[i])) skipped.push_back(Idx("ces_p", i) + " IS NULL");
        else can_be_absent = false;
      }
      std::string sum = PointsSum(members);
      if (can_be_absent && !skipped.empty()) sum = "CASE WHEN " + Join(skipped, " AND ") + " THEN NULL ELSE " + sum + " END";
      sums.push_back(sum + " AS " + Idx("ces_gpu", g));
      rounded.push_back(Round6Sql(d_, Idx("ces_gpu", g)) + " AS " + Idx("ces_gp", g));
      const ScaleSpec& s = m_.groups[g].scale ? *m_.groups[g].scale : m_.scale;
      scaled.push_back(Scaled(s, Idx("ces_gp", g)) + " AS " + Idx("ces_gsu", g));
      scores.push_back(Round6Sql(d_, Idx("ces_gsu", g)) + " AS " + Idx("ces_gs", g));
      const std::string gs = Idx("ces_gs", g), w = L(m_.groups[g].weight);
      num.push_back("COALESCE(" + w + " * " + gs + ", " + L(0) + ")");
      den.push_back("CASE WHEN " + gs + " IS NULL THEN " + L(0) + " ELSE " + w + " END");
    }
    Stage(sums);
    Stage(rounded);
    Stage(scaled);
    Stage(scores);
    Stage({"(" + Join(num, " + ") + ") AS ces_num", "(" + Join(den, " + ") + ") AS ces_den"});
    Stage({"CASE WHEN ces_den = 0 THEN " + L(0) + " ELSE ces_num / ces_den END AS ces_rawu"});
    Stage({Round6Sql(d_, "ces_rawu") + " AS ces_raw"});
  }

  void Score() {
    // With groups the score is the raw (a weighted mean of group scores), not scaled again.
    Stage({(m_.groups.empty() ? Scaled(m_.scale, "ces_raw") : "ces_raw") + " AS ces_scoreu"});
    Stage({Round6Sql(d_, "ces_scoreu") + " AS ces_score"});
  }

  std::string Finish() {
    std::string tier = "''";
    if (!m_.tiers.empty()) {
      tier = "CASE";
      for (const Tier& t : m_.tiers) {
        if (t.below) tier += " WHEN ces_score < " + L(*t.below) + " THEN " + QuoteText(d_, t.name);
        else tier += " ELSE " + QuoteText(d_, t.name);
      }
      tier += " END";
    }
    std::vector<std::string> cols = {"ces_c AS " + Q("customer"), "ces_score AS " + Q("score"), "ces_raw AS " + Q("raw"),
                                     tier + " AS " + Q("tier")};
    cols.push_back((m_.data.segment.empty() ? "''" : "COALESCE(ces_segv, '')") + std::string(" AS ") + Q("segment"));
    for (size_t i = 0; i < m_.data.carry.size(); ++i)
      cols.push_back("COALESCE(" + Idx("ces_kv", i) + ", '') AS " + Q(m_.data.carry[i]));
    for (size_t g = 0; g < m_.groups.size(); ++g) {
      cols.push_back(Idx("ces_gp", g) + " AS " + Q(m_.groups[g].name + " points"));
      cols.push_back(Idx("ces_gs", g) + " AS " + Q(m_.groups[g].name + " score"));
    }
    for (size_t i = 0; i < m_.activities.size(); ++i) {
      cols.push_back(Idx("ces_v", i) + " AS " + Q(m_.activities[i].name + " value"));
      cols.push_back(Idx("ces_p", i) + " AS " + Q(m_.activities[i].name + " points"));
    }
    std::string sql = "-- " + std::string(SqlDialectName(d_)) + " query generated by `ces sql`";
    if (!m_.name.empty()) {
      std::string name;  // a comment ends at a line break: keep the name on one line
      for (char c : m_.name) name += (c == '\n' || c == '\r') ? ' ' : c;
      sql += " for the model \"" + name + "\"";
    }
    sql += "\nWITH\n";
    for (size_t i = 0; i < ctes_.size(); ++i)
      sql += ctes_[i].first + " " + CteAs(d_) + " (\n  " + ctes_[i].second + "\n)" + (i + 1 < ctes_.size() ? ",\n" : "\n");
    sql += "SELECT\n  " + Join(cols, ",\n  ") + "\nFROM " + last_ + "\nORDER BY ces_score DESC, " +
           ByteOrder(d_, "ces_c") + "\n";
    return sql;
  }

  const ScoreModel& m_;
  SqlDialect d_;
  bool events_;
  std::vector<std::pair<std::string, std::string>> ctes_;
  std::string last_;
  std::vector<std::string> numeric_, text_;  // table columns read as numbers / as text by activities
};

}  // namespace

std::string DefaultSqlTable(const ScoreModel& model) {
  return model.data.shape == Shape::kEvents ? "events" : "customers";
}

SqlResult GenerateSql(const ScoreModel& model, SqlDialect dialect, const std::string& table) {
  SqlResult out;
  const std::string name = table.empty() ? DefaultSqlTable(model) : table;
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {  // `schema.table`: each part quoted on its own
    const size_t dot = name.find('.', start);
    parts.push_back(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (parts.size() > 3)
    out.errors.push_back({"--table", "\"" + name + "\" has more than three dot-separated parts"});
  for (const std::string& p : parts)
    if (p.empty()) {
      out.errors.push_back({"--table", "\"" + name + "\" has an empty name part"});
      break;
    }
  std::vector<std::string> columns;
  CheckColumns(model, &out.errors, &columns);
  columns.push_back("_line");
  CheckIdentifierLengths(dialect, parts, columns, OutputNames(model), &out.errors);
  // Checks the model file's loader makes too, repeated for models built in code.
  if (model.activities.empty()) out.errors.push_back({"activities", "needs at least one activity"});
  if ((model.scale.by_segment || !model.scale.target_by_segment.empty()) && model.data.segment.empty())
    out.errors.push_back({"scale", "scaling by segment needs data.segment"});
  if (!out.errors.empty()) return out;
  std::vector<std::string> quoted;
  for (const std::string& p : parts) quoted.push_back(QuoteIdentifier(dialect, p));
  out.sql = QueryBuilder(model, dialect).Build(Join(quoted, "."));
  return out;
}

}  // namespace ces
