// The scored table as CSV (spec section 5), byte for byte the same in every build:
// columns customer, score, raw, tier, segment, then value and points per activity;
// numbers with up to 6 decimals; RFC 4180 quoting; a formula guard on text cells.
#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "engine/aggregate/dataset.h"
#include "engine/model/model.h"
#include "engine/score/scoring.h"

namespace ces {

// Appends a text cell: a leading ' when it starts with = + - @ and is not a number
// (so spreadsheets do not run it), then quotes when it holds , " CR or LF.
void AppendTextCell(std::string_view text, std::string& out);

// True for [+-]digits[.digits][e[+-]digits] (also ".5" and "5."), nothing around it.
bool LooksLikeNumber(std::string_view text);

// The whole text of a writer that hands out pieces (WriteResultsCsv and its kin),
// for callers that want one string: `WholeText([&](auto write) { return WriteX(..., write); })`.
template <class WritePieces>
std::string WholeText(WritePieces&& write_pieces) {
  std::string all;
  write_pieces([&](std::string_view piece) {
    all += piece;
    return true;
  });
  return all;
}

// The table in two steps, for writers that format rows on several threads: the
// header line, then the rows at positions [begin, end) of the output order
// (table.order), appended to `out` until it holds `piece_bytes` or more. Returns the
// position after the last row appended.
void AppendResultsHeader(const ScoreModel& model, std::string& out);
size_t AppendResultsRows(const Dataset& data, const ScoreModel& model, const ScoreTable& table, size_t begin,
                         size_t end, size_t piece_bytes, std::string& out);

// Writes the table in pieces of roughly `piece_bytes`; stops early when `write` returns false.
bool WriteResultsCsv(const Dataset& data, const ScoreModel& model, const ScoreTable& table,
                     const std::function<bool(std::string_view)>& write, size_t piece_bytes = 1 << 20);
std::string ResultsCsv(const Dataset& data, const ScoreModel& model, const ScoreTable& table);

}  // namespace ces
