// Hard limits of the engine. Inputs beyond them get a clear error, never a crash
// or an out-of-memory. Documented for users in docs/limits.md.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace ces {

constexpr size_t kMaxModelBytes = 1 << 20;           // model file: 1 MiB (spec section 2)
constexpr int kMaxModelDepth = 64;                   // JSON nesting (spec section 2)
constexpr size_t kMaxNameChars = 200;                // every name in a model (spec section 2)
constexpr double kMaxModelNumber = 1e12;             // every number in a model (spec section 2)
constexpr int kMaxWindowDays = 36500;                // window.days and half_life_days (spec)
constexpr size_t kMaxActivities = 256;               // spec section 2
constexpr size_t kMaxTiers = 64;                     // more would not fit any screen
constexpr size_t kMaxBins = 64;                      // one activity's bins (v2 spec 1.1)
constexpr size_t kMaxGroups = 32;                    // v2 spec 1.3
constexpr size_t kMaxCarry = 16;                     // data.carry (v2 spec 1.6)

constexpr size_t kMaxRecordBytes = 64u << 20;        // one CSV row (all its fields): 64 MiB
constexpr size_t kMaxHeaderBytes = 16u << 20;        // the header line: 16 MiB
constexpr size_t kMaxColumns = 100000;               // columns in the header
constexpr size_t kMaxNumberChars = 256;              // a numeric cell longer than this is not a number
constexpr double kMaxDataNumber = 1e15;              // |value| of a numeric cell; keeps every sum finite
#ifndef CES_SMALL_LIMITS_FOR_TESTS
constexpr uint32_t kMaxEventNames = 100000;          // distinct event names tracked one by one
constexpr size_t kMaxCustomers = 50000000;           // distinct customer ids
constexpr size_t kMaxDistinctValues = 20000000;      // distinct values of distinct_values columns
#else  // tests/limits: the engine built once more with limits a unit test can reach quickly
constexpr uint32_t kMaxEventNames = 100;
constexpr size_t kMaxCustomers = 1000;
constexpr size_t kMaxDistinctValues = 1000;
#endif
constexpr size_t kMaxListedRowErrors = 100;          // row errors listed (all are counted; spec 4)

// The one message for a header beyond the row limits (scoring and `ces inspect` say it alike).
inline std::string HeaderTooLongMessage(int64_t line) {
  return "line " + std::to_string(line) + ": the header line is longer than 64 MiB or has more than " +
         std::to_string(kMaxColumns) + " columns (see docs/limits.md)";
}

}  // namespace ces
