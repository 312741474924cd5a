// The score model (spec section 2): what engagement means, as data.
// LoadModel parses and validates a model file and reports every problem with its
// field path; ModelToJson writes a model back in the same format.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/csv/value_parse.h"

namespace ces {

enum class Shape { kEvents, kCustomers };
enum class Measure { kCount, kSum, kDistinctDays, kDistinctValues, kDaysSinceLast, kValue };
enum class Transform { kNone, kLog, kSqrt };
enum class ScaleMethod { kRaw, kMinMax, kPercentile, kTarget };

struct DataSpec {
  Shape shape = Shape::kEvents;
  std::string customer;                         // required
  std::string time;                             // events only (required there)
  std::string event;                            // optional ("" = none)
  std::string segment;                          // optional ("" = none)
  TimeFormat time_format = TimeFormat::kAuto;
  char delimiter = 0;                           // 0 = auto
};

struct WindowSpec {
  int days = 90;
  std::optional<int32_t> as_of;                 // day number; nullopt = "auto"
};

struct Activity {
  std::string name;
  std::vector<std::string> events;              // trimmed names; empty = every event
  Measure measure = Measure::kCount;
  std::string column;                           // sum, distinct_values and value
  double weight = 0;
  std::optional<double> cap;
  std::optional<double> half_life_days;         // count and sum only
  Transform transform = Transform::kNone;
};

struct ScaleSpec {
  ScaleMethod method = ScaleMethod::kPercentile;
  double target = 0;                            // method target only (> 0)
};

struct Tier {
  std::string name;
  std::optional<double> below;                  // absent on the last tier
  std::string color;                            // "#rrggbb" or "" (UI only; an extension to v1)
};

struct ScoreModel {
  std::string name;
  DataSpec data;
  WindowSpec window;
  std::vector<Activity> activities;
  ScaleSpec scale;
  std::vector<Tier> tiers;
};

// One problem in a model file: where (a field path such as `activities[2].weight`,
// empty for the file as a whole) and what.
struct ModelError {
  std::string path;
  std::string message;
  std::string ToString() const { return path.empty() ? message : path + ": " + message; }
};

struct ModelLoadResult {
  std::optional<ScoreModel> model;              // set when errors is empty
  std::vector<ModelError> errors;
  bool ok() const { return model.has_value(); }
};

// Parses and validates a model (JSON text). Never throws.
ModelLoadResult LoadModel(std::string_view json_text);

// Writes a model as JSON (two-space indented, fields in the spec's order).
std::string ModelToJson(const ScoreModel& model);

const char* MeasureName(Measure m);
const char* TransformName(Transform t);
const char* ScaleMethodName(ScaleMethod m);
const char* TimeFormatName(TimeFormat f);
const char* ShapeName(Shape s);

}  // namespace ces
