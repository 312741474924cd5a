// The names of the model's enums as they appear in a model file: one table per enum,
// read by LoadModel and written by ModelToJson, so the two can never disagree.
#pragma once
#include <cstddef>
#include <cstring>

#include "engine/model/model.h"

namespace ces {

template <class E>
struct EnumName {
  const char* name;
  E value;
};

// Order matters: it is the order of the "expected one of" lists, and when two names
// give one value (the delimiter's "\t" and "tab") the first is the one written.
inline constexpr EnumName<Shape> kShapeNames[] = {{"events", Shape::kEvents}, {"customers", Shape::kCustomers}};
inline constexpr EnumName<Measure> kMeasureNames[] = {
    {"count", Measure::kCount},
    {"sum", Measure::kSum},
    {"distinct_days", Measure::kDistinctDays},
    {"distinct_values", Measure::kDistinctValues},
    {"days_since_last", Measure::kDaysSinceLast},
    {"value", Measure::kValue}};
inline constexpr EnumName<Transform> kTransformNames[] = {
    {"none", Transform::kNone}, {"log", Transform::kLog}, {"sqrt", Transform::kSqrt}};
inline constexpr EnumName<ScaleMethod> kScaleMethodNames[] = {
    {"raw", ScaleMethod::kRaw},
    {"minmax", ScaleMethod::kMinMax},
    {"percentile", ScaleMethod::kPercentile},
    {"target", ScaleMethod::kTarget}};
inline constexpr EnumName<TimeFormat> kTimeFormatNames[] = {
    {"auto", TimeFormat::kAuto},          {"iso8601", TimeFormat::kIso8601}, {"epoch_s", TimeFormat::kEpochSeconds},
    {"epoch_ms", TimeFormat::kEpochMillis}, {"mdy", TimeFormat::kMdy},         {"dmy", TimeFormat::kDmy}};
inline constexpr EnumName<Missing> kMissingNames[] = {
    {"zero", Missing::kZero}, {"skip", Missing::kSkip}, {"mean", Missing::kMean}};
// data.delimiter: the character itself; 0 is "auto".
inline constexpr EnumName<char> kDelimiterNames[] = {{"auto", '\0'}, {",", ','}, {";", ';'},
                                                     {"\t", '\t'},   {"tab", '\t'}, {"|", '|'}};

// The first name of `value` in `table` ("?" if none).
template <class E, size_t N>
constexpr const char* NameOf(const EnumName<E> (&table)[N], E value) {
  for (const EnumName<E>& entry : table)
    if (entry.value == value) return entry.name;
  return "?";
}

// The value named `text` in `table`; false if no entry has that name.
template <class E, size_t N>
bool ValueOf(const EnumName<E> (&table)[N], const char* text, size_t size, E* out) {
  for (const EnumName<E>& entry : table) {
    if (std::strlen(entry.name) == size && std::memcmp(entry.name, text, size) == 0) {
      *out = entry.value;
      return true;
    }
  }
  return false;
}

}  // namespace ces
