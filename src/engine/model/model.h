// The score model (spec section 2): what engagement means, as data.
// LoadModel parses and validates a model file and reports every problem with its
// field path; ModelToJson writes a model back in the same format.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/csv/value_parse.h"

namespace ces {

enum class Shape { kEvents, kCustomers };
enum class Measure { kCount, kSum, kDistinctDays, kDistinctValues, kDaysSinceLast, kValue };
enum class Transform { kNone, kLog, kSqrt };
enum class ScaleMethod { kRaw, kMinMax, kPercentile, kTarget };
enum class Missing { kZero, kSkip, kMean };    // v2 (1.2): an empty `value` cell

// v2 (1.1): points from ranges. The first bin whose `below` is greater than the
// value gives its points; the last bin (no `below`) otherwise.
struct Bin {
  std::optional<double> below;                  // absent on the last bin
  double points = 0;
};

struct DataSpec {
  Shape shape = Shape::kEvents;
  std::string customer;                         // required
  std::string time;                             // events only (required there)
  std::string event;                            // optional ("" = none)
  std::string segment;                          // optional ("" = none)
  TimeFormat time_format = TimeFormat::kAuto;
  char delimiter = 0;                           // 0 = auto
  std::vector<std::string> carry;               // v2 (1.6): columns carried into the results, as named
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
  double weight = 0;                            // used when `bins` is empty
  std::vector<Bin> bins;                        // v2: points by range instead of weight × value
  Missing missing = Missing::kZero;             // v2: measure `value` only
  std::string group;                            // v2: the group's name when the model has groups
  std::optional<double> cap;
  std::optional<double> half_life_days;         // count and sum only
  Transform transform = Transform::kNone;
};

struct ScaleSpec {
  ScaleMethod method = ScaleMethod::kPercentile;
  double target = 0;                            // method target only (> 0)
  bool by_segment = false;                      // v2 (1.4): percentile and minmax within each segment
  std::vector<std::pair<std::string, double>> target_by_segment;  // v2 (1.4): method target only
};

// v2 (1.3): a weighted group of activities with a sub-score of its own.
struct Group {
  std::string name;
  double weight = 1;                            // > 0
  std::optional<ScaleSpec> scale;               // absent: the model's scale
};

struct Tier {
  std::string name;
  std::optional<double> below;                  // absent on the last tier
  std::string color;                            // "#rrggbb" or "" (UI only; an extension to v1)
};

struct ScoreModel {
  int version = 1;                              // `ces_model`: 1 or 2 (2 allows the v2 fields)
  std::string name;
  DataSpec data;
  WindowSpec window;
  std::vector<Activity> activities;
  ScaleSpec scale;
  std::vector<Group> groups;                    // v2; empty = no groups
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

// Writes a model as JSON (two-space indented, fields in the spec's order), as version
// max(model.version, RequiredModelVersion(model)) so that what is written always loads.
std::string ModelToJson(const ScoreModel& model);

// 2 when the model uses a field of version 2 (bins, missing, groups, by_segment,
// target_by_segment, carry), else 1: the lowest `ces_model` the model can be saved as.
int RequiredModelVersion(const ScoreModel& model);

const char* MeasureName(Measure m);
const char* TransformName(Transform t);
const char* ScaleMethodName(ScaleMethod m);
const char* TimeFormatName(TimeFormat f);
const char* ShapeName(Shape s);
const char* MissingName(Missing m);

}  // namespace ces
