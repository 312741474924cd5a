// Times the in-memory re-score (ScoreSession::SetModel) after the edits a user makes
// while tuning a model: a weight, the window length, the as-of date, a half-life, a
// bin (v2 1.1) and a group weight (v2 1.3); and a history of 13 weekly dates (v2
// section 2: ComputeScoresOnDate 13 times, the CSV not written). The model is read
// as version 2 (a superset: only the segment rule differs) so the v2 edits re-score.
//   ces_rescore_bench MODEL.json EVENTS.csv [REPEAT=9]
// Loads the file once (no pruning, as the browser app does), then times REPEAT edits of
// each kind, each from the base model to one of two variants (and back, untimed).
// Prints one JSON object on stdout (bench/run reads it); times in milliseconds.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/model/model.h"
#include "engine/score/scoring.h"
#include "engine/session.h"

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// The first activity of a measure, for edits that only apply to some measures.
ces::Activity* FirstOf(ces::ScoreModel& model, ces::Measure a, ces::Measure b) {
  for (ces::Activity& act : model.activities)
    if (act.measure == a || act.measure == b) return &act;
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: ces_rescore_bench MODEL.json EVENTS.csv [REPEAT=9]\n");
    return 2;
  }
  const int repeat = argc > 3 ? std::max(1, std::atoi(argv[3])) : 9;
  std::ifstream model_file(argv[1]);
  std::stringstream model_text;
  model_text << model_file.rdbuf();
  ces::ModelLoadResult loaded = ces::LoadModel(model_text.str());
  if (!loaded.ok()) {
    for (const ces::ModelError& e : loaded.errors) std::fprintf(stderr, "%s: %s\n", argv[1], e.ToString().c_str());
    return 2;
  }
  ces::ScoreModel base = *loaded.model;
  base.version = 2;

  // Load once, the way the app does: everything kept for re-scoring.
  const Clock::time_point load_start = Clock::now();
  ces::ScoreSession session(base);
  std::FILE* csv = std::fopen(argv[2], "rb");
  if (!csv) {
    std::perror(argv[2]);
    return 2;
  }
  std::vector<char> chunk(1 << 20);
  size_t n;
  while ((n = std::fread(chunk.data(), 1, chunk.size(), csv)) > 0)
    if (!session.Feed(chunk.data(), n)) break;
  std::fclose(csv);
  if (!session.Finish()) {
    for (const std::string& e : session.errors()) std::fprintf(stderr, "%s\n", e.c_str());
    return 2;
  }
  const double load_ms = MsSince(load_start);
  const int32_t as_of = session.table().as_of.value_or(0);

  // Each edit: a function that makes variant 0 or 1 of the model.
  struct Edit {
    const char* name;
    std::function<bool(ces::ScoreModel&, int)> apply;  // false: the model has nothing to edit
  };
  const std::vector<Edit> edits = {
      {"weight", [](ces::ScoreModel& m, int v) { m.activities[0].weight = v ? 2.5 : 1.5; return true; }},
      {"window", [](ces::ScoreModel& m, int v) { m.window.days = v ? 60 : 30; return true; }},
      {"as_of", [as_of](ces::ScoreModel& m, int v) { m.window.as_of = as_of - (v ? 7 : 14); return true; }},
      {"half_life",
       [](ces::ScoreModel& m, int v) {
         ces::Activity* a = FirstOf(m, ces::Measure::kCount, ces::Measure::kSum);
         if (!a) return false;
         a->half_life_days = v ? 14.0 : 30.0;
         return true;
       }},
      {"bins",
       [](ces::ScoreModel& m, int v) {
         m.activities[0].bins = {{1.0, 0}, {v ? 5.0 : 4.0, 10}, {std::nullopt, 25}};
         return true;
       }},
      {"group_weight",
       [](ces::ScoreModel& m, int v) {
         // Two groups: the first activity alone, the rest together.
         m.groups = {{"First", v ? 60.0 : 40.0, std::nullopt}, {"Rest", 50.0, std::nullopt}};
         for (size_t a = 0; a < m.activities.size(); ++a) m.activities[a].group = a == 0 ? "First" : "Rest";
         return m.activities.size() > 1;
       }},
  };

  std::string json = "{\"customers\": " + std::to_string(session.table().customers) +
                     ", \"rows\": " + std::to_string(session.dataset().rows) +
                     ", \"as_of_day\": " + std::to_string(as_of) + ", \"load_ms\": " + std::to_string(load_ms);
  for (const Edit& edit : edits) {
    std::vector<double> times;
    bool rescored = true;
    for (int i = 0; i < repeat && rescored; ++i) {
      ces::ScoreModel model = base;
      if (!edit.apply(model, i % 2)) break;
      const Clock::time_point start = Clock::now();
      rescored = session.SetModel(model) == ces::ScoreSession::ModelChange::kRescored;
      times.push_back(MsSince(start));
      session.SetModel(base);  // back, untimed: the next edit starts from the same model
    }
    json += ", \"" + std::string(edit.name) + "_ms\": ";
    json += !rescored ? "\"needs re-read\"" : times.empty() ? "null" : std::to_string(Median(times));
  }
  {
    std::vector<double> times;
    ces::ScoreTable table;
    for (int i = 0; i < std::max(1, repeat / 3); ++i) {
      const Clock::time_point start = Clock::now();
      for (int k = 12; k >= 0; --k) ces::ComputeScoresOnDate(session.dataset(), base, as_of - 7 * k, &table);
      times.push_back(MsSince(start));
    }
    json += ", \"history_13_ms\": " + std::to_string(Median(times));
  }
  json += ", \"peak_rss_kb\": " + std::to_string(PeakRssKb()) + "}";
  std::printf("%s\n", json.c_str());
  return 0;
}
