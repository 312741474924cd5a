// What every `ces` command shares: messages on standard error, reading the model
// and streaming the input file, argument parsing, exit codes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/model.h"

namespace ces::cli {

constexpr int kExitOk = 0;
constexpr int kExitUnusable = 2;
constexpr size_t kReadChunk = 1 << 20;

// One line on standard error, prefixed "ces: ".
void Say(const std::string& line);

// A whole file, or standard input for "-"; stops once more than `max_bytes` were read
// (a model file is refused by size after a little more than its limit).
bool ReadWholeFile(const std::string& path, std::string* out, std::string* error, size_t max_bytes = SIZE_MAX);
// Streams a file (or stdin for "-") through `feed` in chunks; false on an I/O error (feed may stop early).
bool StreamFile(const std::string& path, const std::function<bool(const char*, size_t)>& feed, std::string* error);
// Reads and validates a model file; every problem is said with the file name and field path.
bool LoadModelFile(const std::string& path, ScoreModel* model);

// Writes `text` to `path` ("" or "-" = standard output); says why when it cannot.
bool WriteOutput(const std::string& path, std::string_view text);
// The same for a writer that hands out pieces (WriteResultsCsv and its kin): it gets the
// function that writes one piece, and returns false when a piece could not be written.
using PieceWriter = std::function<bool(const std::function<bool(std::string_view)>& write)>;
bool WriteOutputPieces(const std::string& path, const PieceWriter& write_pieces);

// A whole number from the environment, for the knobs that tests and benchmarks turn
// (CES_THREADS_REPORT, CES_MIN_PART_BYTES, ...): `fallback` when unset, empty, zero or
// not a number, so a knob can never be set to nothing by mistake.
uint64_t EnvNumber(const char* name, uint64_t fallback);

// Options of one command: `--name value`, `--name=value`, flags and positional arguments.
class Args {
 public:
  // `with_value`: options that take a value; `flags`: options that do not.
  Args(const std::vector<std::string>& args, std::vector<std::string> with_value, std::vector<std::string> flags);
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  bool Has(const std::string& name) const;
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> GetAll(const std::string& name) const;   // an option given several times
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::vector<std::pair<std::string, std::string>> values_;
  std::vector<std::string> positional_;
  std::string error_;
};

}  // namespace ces::cli
