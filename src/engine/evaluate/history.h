// History (spec v2 section 2): the score on a series of past dates of one events
// file, as one long CSV `as_of,customer,score,raw,tier,segment`.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/aggregate/dataset.h"
#include "engine/model/model.h"
#include "engine/score/scoring.h"

namespace ces {

// Appends the rows of one date: the customers existing in `table` (the score on
// `day`), in its results order.
void AppendHistoryRows(const Dataset& data, const ScoreModel& model, const ScoreTable& table, int32_t day,
                       std::string& out);

// The whole CSV for `dates` (ascending; HistoryDates), scored one date at a time on
// `data` (read without pruning), written in pieces of roughly `piece_bytes`; stops
// early when `write` returns false.
bool WriteHistoryCsv(const Dataset& data, const ScoreModel& model, const std::vector<int32_t>& dates,
                     const std::function<bool(std::string_view)>& write, size_t piece_bytes = 1 << 20);
std::string HistoryCsv(const Dataset& data, const ScoreModel& model, const std::vector<int32_t>& dates);

}  // namespace ces
