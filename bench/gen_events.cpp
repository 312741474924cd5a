// Deterministic generator of realistic event logs for benchmarks.
//   ces_gen_events ROWS [CUSTOMERS] [SEED] > events.csv
// Columns: user_id,timestamp,event,amount,minutes,plan. Customers' activity is
// heavy-tailed (a few users produce most rows); timestamps cover 2024 in ISO 8601
// (Z, or an offset on one row in eight); 8 event types; amounts on purchases,
// minutes on sessions; the plan changes now and then. Rows are in time order.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Rng {  // splitmix64: fast, deterministic everywhere
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Unit() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }
};

const char* kEvents[8] = {"login", "page_view", "feature_used", "session", "purchase", "support_ticket", "invite_sent", "logout"};
const double kEventWeights[8] = {0.14, 0.40, 0.12, 0.12, 0.04, 0.02, 0.02, 0.14};
const char* kPlans[4] = {"free", "starter", "pro", "enterprise"};

void CivilFromDays(int z, int* y, int* m, int* d) {
  z += 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe) + era * 400 + (*m <= 2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ces_gen_events ROWS [CUSTOMERS=100000] [SEED=1] > events.csv\n");
    return 2;
  }
  const uint64_t rows = std::strtoull(argv[1], nullptr, 10);
  const uint32_t customers = argc > 2 ? static_cast<uint32_t>(std::strtoul(argv[2], nullptr, 10)) : 100000;
  Rng rng{argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1};

  // Activity per customer ~ Pareto: a customer's chance of producing the next row.
  std::vector<double> cumulative(customers);
  std::vector<uint8_t> plan(customers);
  std::vector<int> first_day(customers), last_day(customers);
  double total = 0;
  for (uint32_t c = 0; c < customers; ++c) {
    total += std::pow(1.0 - rng.Unit(), -1.0 / 1.2);
    cumulative[c] = total;
    plan[c] = static_cast<uint8_t>(rng.Next() % 10 < 5 ? 0 : rng.Next() % 4);
    first_day[c] = static_cast<int>(rng.Next() % 300);                                // signed up during the year
    last_day[c] = rng.Next() % 4 == 0 ? first_day[c] + static_cast<int>(rng.Next() % 120) : 366;  // a quarter churn
  }
  const int base_day = 19723;  // 2024-01-01
  std::vector<char> out;
  out.reserve(1 << 22);
  const char* header = "user_id,timestamp,event,amount,minutes,plan\n";
  out.insert(out.end(), header, header + 44);
  char line[160];
  for (uint64_t i = 0; i < rows; ++i) {
    // Time advances with the row number: the log is in time order, about a year long.
    const double t = static_cast<double>(i) / static_cast<double>(rows) * 366.0 * 86400.0;
    int day = static_cast<int>(t / 86400.0);
    int secs = static_cast<int>(t - day * 86400.0);
    // Pick an active customer: sample by weight, retry a few times if churned or not yet signed up.
    uint32_t c = 0;
    for (int attempt = 0; attempt < 8; ++attempt) {
      double x = rng.Unit() * total;
      size_t lo = 0, hi = customers - 1;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cumulative[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      c = static_cast<uint32_t>(lo);
      if (day >= first_day[c] && day <= last_day[c]) break;
    }
    double u = rng.Unit();
    int e = 0;
    for (double acc = kEventWeights[0]; e < 7 && u > acc; acc += kEventWeights[++e]) {}
    if (rng.Next() % 2000 == 0 && plan[c] < 3) ++plan[c];  // upgrades
    char amount[32] = "", minutes[32] = "";
    if (e == 4) std::snprintf(amount, sizeof amount, "%.2f", 5.0 + std::floor(rng.Unit() * rng.Unit() * 50000) / 100);
    if (e == 3) std::snprintf(minutes, sizeof minutes, "%.1f", std::floor(rng.Unit() * 1200) / 10);
    int y, m, d;
    CivilFromDays(base_day + day, &y, &m, &d);
    int hh = secs / 3600, mm = secs / 60 % 60, ss = secs % 60;
    int n;
    if (i % 8 == 5) {  // a local time with its offset: same instant
      int local = secs + 2 * 3600;
      int ld = base_day + day + local / 86400;
      CivilFromDays(ld, &y, &m, &d);
      local %= 86400;
      n = std::snprintf(line, sizeof line, "u%06u,%04d-%02d-%02dT%02d:%02d:%02d+02:00,%s,%s,%s,%s\n", c, y, m, d,
                        local / 3600, local / 60 % 60, local % 60, kEvents[e], amount, minutes, kPlans[plan[c]]);
    } else {
      n = std::snprintf(line, sizeof line, "u%06u,%04d-%02d-%02dT%02d:%02d:%02dZ,%s,%s,%s,%s\n", c, y, m, d, hh, mm, ss,
                        kEvents[e], amount, minutes, kPlans[plan[c]]);
    }
    out.insert(out.end(), line, line + n);
    if (out.size() > (1 << 22) - 200) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
