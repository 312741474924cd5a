// The `ces` command line (spec section 6): score, inspect, validate.
// Exit codes: 0 done (row errors included), 2 the model or the input cannot be used.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/inspect/inspect.h"
#include "engine/base/engine_limits.h"
#include "engine/model/model.h"
#include "engine/base/number_format.h"
#include "engine/results/results_csv.h"
#include "engine/session.h"
#include "engine/results/summary.h"
#include "engine/csv/value_parse.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUnusable = 2;
constexpr size_t kReadChunk = 1 << 20;

const char* kUsage =
    "ces - customer engagement scores from a CSV file and a score model\n"
    "\n"
    "usage:\n"
    "  ces score --model MODEL.json [--as-of YYYY-MM-DD] [-o OUT.csv] [--summary-json FILE] INPUT.csv\n"
    "      Scores every customer in INPUT.csv (\"-\" reads standard input) and writes the\n"
    "      scored table to OUT.csv or standard output. A summary goes to standard error.\n"
    "  ces inspect [--json] INPUT.csv\n"
    "      Shows the delimiter, encoding, row count and each column's likely type\n"
    "      (--json: as JSON, with the starter model the app would propose).\n"
    "  ces validate MODEL.json\n"
    "      Checks a model file: prints \"ok\", or every problem with its field path.\n"
    "  ces --help | ces --version\n"
    "\n"
    "exit status: 0 when done (rows with errors are skipped and listed), 2 when the\n"
    "model or the input cannot be used at all.\n"
    "The model format: docs/score-model.md.\n";

void Say(const std::string& line) { std::fprintf(stderr, "ces: %s\n", line.c_str()); }

std::string Thousands(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return v < 0 ? "-" + out : out;
}

bool ReadWholeFile(const std::string& path, std::string* out, std::string* error) {
  FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) {
    *error = path + ": " + std::strerror(errno);
    return false;
  }
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    out->append(buf, n);
    if (out->size() > ces::kMaxModelBytes + 16) break;  // the loader reports the size
  }
  bool ok = !std::ferror(f);
  if (!ok) *error = path + ": " + std::strerror(errno);
  if (f != stdin) std::fclose(f);
  return ok;
}

// Streams a file (or stdin) through `feed` in chunks; false on an I/O error or when feed stops.
template <class Feed>
bool StreamFile(const std::string& path, Feed feed, std::string* error) {
  FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) {
    *error = std::strerror(errno);
    return false;
  }
  std::vector<char> buf(kReadChunk);
  bool ok = true;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    if (!feed(buf.data(), n)) break;
  }
  if (std::ferror(f)) {
    *error = std::strerror(errno);
    ok = false;
  }
  if (f != stdin) std::fclose(f);
  return ok;
}

bool LoadModelFile(const std::string& path, ces::ScoreModel* model) {
  std::string text, error;
  if (!ReadWholeFile(path, &text, &error)) {
    Say(error);
    return false;
  }
  ces::ModelLoadResult r = ces::LoadModel(text);
  if (!r.ok()) {
    for (const ces::ModelError& e : r.errors) Say(path + ": " + e.ToString());
    return false;
  }
  *model = *r.model;
  return true;
}

// [SECTION] ces validate
int Validate(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    Say("validate takes one model file (see ces --help)");
    return kExitUnusable;
  }
  ces::ScoreModel model;
  if (!LoadModelFile(args[0], &model)) return kExitUnusable;
  std::printf("ok\n");
  return kExitOk;
}

// [SECTION] ces score
void PrintSummary(const std::string& input, const ces::ScoreSession& s, bool as_of_from_file) {
  const ces::Dataset& d = s.dataset();
  const ces::ScoreTable& t = s.table();
  std::string line = input + ": " + Thousands(d.rows) + (d.rows == 1 ? " row, " : " rows, ") +
                     Thousands(static_cast<int64_t>(d.customer_count())) +
                     (d.customer_count() == 1 ? " customer, " : " customers, ") + Thousands(d.row_errors) +
                     (d.row_errors == 1 ? " row error" : " row errors");
  if (t.as_of)
    line += "; as of " + ces::FormatDate(*t.as_of) + (as_of_from_file ? " (the latest date among valid rows)" : "");
  Say(line);
  for (const ces::RowError& e : d.errors) Say(input + ":" + std::to_string(e.line) + ": " + e.message);
  if (d.row_errors > static_cast<int64_t>(d.errors.size()))
    Say("… and " + Thousands(d.row_errors - static_cast<int64_t>(d.errors.size())) + " more row errors (the first " +
        std::to_string(ces::kMaxListedRowErrors) + " are listed)");
  for (const std::string& w : d.warnings) Say("warning: " + w);
  for (const std::string& n : d.notes) Say("note: " + n);
  const auto& tiers = s.model().tiers;
  if (!tiers.empty()) {
    std::string tl = "tiers:";
    for (size_t i = 0; i < tiers.size(); ++i)
      tl += (i ? ", " : " ") + tiers[i].name + " " + Thousands(static_cast<int64_t>(t.tier_counts[i]));
    Say(tl);
  }
  if (t.customers)
    Say("score: mean " + ces::FormatNumber(ces::RoundTo6(t.score_mean)) + ", median " +
        ces::FormatNumber(ces::RoundTo6(t.score_median)));
}

int Score(const std::vector<std::string>& args) {
  std::string model_path, out_path, input, as_of_text, summary_path;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* into) {
      if (i + 1 >= args.size()) return false;
      *into = args[++i];
      return true;
    };
    bool ok = true;
    if (a == "--model" || a == "-m") ok = value(&model_path);
    else if (a.rfind("--model=", 0) == 0) model_path = a.substr(8);
    else if (a == "--as-of") ok = value(&as_of_text);
    else if (a.rfind("--as-of=", 0) == 0) as_of_text = a.substr(8);
    else if (a == "-o" || a == "--output") ok = value(&out_path);
    else if (a.rfind("--output=", 0) == 0) out_path = a.substr(9);
    else if (a == "--summary-json") ok = value(&summary_path);
    else if (a.size() > 1 && a[0] == '-' && a != "-") {
      Say("unknown option " + a + " (see ces --help)");
      return kExitUnusable;
    } else if (input.empty()) input = a;
    else {
      Say("score reads one input file; got " + input + " and " + a);
      return kExitUnusable;
    }
    if (!ok) {
      Say(a + " needs a value (see ces --help)");
      return kExitUnusable;
    }
  }
  if (model_path.empty() || input.empty()) {
    Say("usage: ces score --model MODEL.json [--as-of YYYY-MM-DD] [-o OUT.csv] INPUT.csv");
    return kExitUnusable;
  }
  ces::ScoreModel model;
  if (!LoadModelFile(model_path, &model)) return kExitUnusable;
  if (!as_of_text.empty()) {
    int32_t day;
    if (!ces::ParseIsoDate(as_of_text, &day)) {
      Say("--as-of " + as_of_text + ": expected a date YYYY-MM-DD");
      return kExitUnusable;
    }
    if (model.data.shape == ces::Shape::kCustomers) Say("note: --as-of is ignored for the customers shape");
    model.window.as_of = day;
  }
  ces::SessionOptions options;
  options.prune = true;                   // one model, one pass: keep only what its window can use
  options.release_spare_memory = false;   // the process ends right after
  ces::ScoreSession session(model, options);
  std::string error;
  bool read_ok = StreamFile(input, [&](const char* p, size_t n) { return session.Feed(p, n); }, &error);
  if (!read_ok) {
    Say(input + ": " + error);
    return kExitUnusable;
  }
  if (!session.failed()) session.Finish();
  if (session.failed()) {
    for (const std::string& e : session.errors()) Say(input + ": " + e);
    return kExitUnusable;
  }
  FILE* out = stdout;
  if (!out_path.empty() && out_path != "-") {
    out = std::fopen(out_path.c_str(), "wb");
    if (!out) {
      Say(out_path + ": " + std::strerror(errno));
      return kExitUnusable;
    }
  }
  bool wrote = ces::WriteResultsCsv(session.dataset(), session.model(), session.table(), [&](std::string_view piece) {
    return std::fwrite(piece.data(), 1, piece.size(), out) == piece.size();
  });
  wrote = (std::fflush(out) == 0) && wrote;
  if (out != stdout) wrote = (std::fclose(out) == 0) && wrote;
  if (!wrote) {
    Say((out_path.empty() ? std::string("standard output") : out_path) + ": write failed: " + std::strerror(errno));
    return kExitUnusable;
  }
  if (!summary_path.empty()) {
    FILE* f = std::fopen(summary_path.c_str(), "wb");
    std::string json = ces::SummaryJson(&session, "scored", input) + "\n";
    if (!f || std::fwrite(json.data(), 1, json.size(), f) != json.size()) Say(summary_path + ": cannot write");
    if (f) std::fclose(f);
  }
  PrintSummary(input, session, model.data.shape == ces::Shape::kEvents && !model.window.as_of);
  return kExitOk;
}

// [SECTION] ces inspect
// The profile as JSON, with the starter model the app would propose (for tools and tests).
std::string ProfileJson(const ces::CsvProfile& p) {
  using Json = nlohmann::ordered_json;
  Json j;
  j["encoding"] = ces::EncodingName(p.encoding);
  j["delimiter"] = std::string(1, p.delimiter);
  j["rows"] = p.rows;
  j["ragged_rows"] = p.ragged_rows;
  Json columns = Json::array();
  for (const ces::ColumnProfile& c : p.columns)
    columns.push_back({{"name", c.name}, {"type", c.TypeName()}, {"filled", c.filled},
                       {"numeric", c.IsNumeric()}, {"timestamp", c.IsTimestamp()}});
  j["columns"] = columns;
  const ces::ColumnGuess g = ces::GuessColumns(p);
  j["guess"] = {{"shape", ces::ShapeName(g.shape)}, {"customer", g.customer}, {"time", g.time},
                {"event", g.event}, {"segment", g.segment}};
  j["starter_model"] = g.customer >= 0 ? Json::parse(ces::ModelToJson(ces::StarterModel(p, g)), nullptr, false) : Json();
  return j.dump(2, ' ', false, nlohmann::detail::error_handler_t::replace);
}

int Inspect(std::vector<std::string> args) {
  bool json = false;
  for (auto it = args.begin(); it != args.end();) {
    if (*it == "--json") {
      json = true;
      it = args.erase(it);
    } else {
      ++it;
    }
  }
  if (args.size() != 1) {
    Say("inspect takes one CSV file (see ces --help)");
    return kExitUnusable;
  }
  const std::string& input = args[0];
  ces::CsvReader reader;
  ces::CsvInspector inspector(&reader, 0);
  std::string error;
  if (!StreamFile(input, [&](const char* p, size_t n) { return reader.Feed(p, n, inspector); }, &error)) {
    Say(input + ": " + error);
    return kExitUnusable;
  }
  reader.Finish(inspector);
  const ces::CsvProfile& p = inspector.Result();
  if (p.header_too_long_line) {
    Say(input + ": " + ces::HeaderTooLongMessage(p.header_too_long_line));
    return kExitUnusable;
  }
  if (p.columns.empty()) {
    Say(input + ": the file is empty (no header line)");
    return kExitUnusable;
  }
  if (json) {
    std::printf("%s\n", ProfileJson(p).c_str());
    return kExitOk;
  }
  const char* delim_name = p.delimiter == ',' ? "comma" : p.delimiter == ';' ? "semicolon" : p.delimiter == '\t' ? "tab" : "pipe";
  std::printf("file        %s\n", input.c_str());
  std::printf("encoding    %s", ces::EncodingName(p.encoding));
  if (p.encoding == ces::TextEncoding::kWindows1252)
    std::printf(" (not valid UTF-8 from line %lld)", static_cast<long long>(p.first_invalid_utf8_line));
  std::printf("\ndelimiter   %s%s\n", delim_name, p.delimiter_sniffed ? " (sniffed from the header line)" : "");
  std::printf("rows        %s", Thousands(p.rows).c_str());
  if (p.ragged_rows)
    std::printf(" (%s with a different number of fields than the header, first on line %lld)",
                Thousands(p.ragged_rows).c_str(), static_cast<long long>(p.first_ragged_line));
  std::printf("\ncolumns     %zu\n\n", p.columns.size());
  size_t width = 4;
  for (const auto& c : p.columns) width = std::max(width, std::min<size_t>(c.name.size(), 32));
  std::printf("  #  %-*s  %-30s %7s  %s\n", static_cast<int>(width), "name", "type", "filled", "example");
  for (size_t i = 0; i < p.columns.size(); ++i) {
    const ces::ColumnProfile& c = p.columns[i];
    double filled = p.rows ? 100.0 * static_cast<double>(c.filled) / static_cast<double>(p.rows) : 0;
    std::printf("%3zu  %-*s  %-30s %6.0f%%  %s\n", i + 1, static_cast<int>(width), c.name.substr(0, 32).c_str(),
                c.TypeName().c_str(), filled, c.example.substr(0, 40).c_str());
  }
  ces::ColumnGuess g = ces::GuessColumns(p);
  auto name = [&](int i) { return i >= 0 ? p.columns[static_cast<size_t>(i)].name : std::string("-"); };
  std::printf("\nguess       shape %s, customer %s", ces::ShapeName(g.shape), name(g.customer).c_str());
  if (g.shape == ces::Shape::kEvents) std::printf(", time %s, event %s", name(g.time).c_str(), name(g.event).c_str());
  std::printf(", segment %s\n", name(g.segment).c_str());
  return kExitOk;
}

int Run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? kExitUnusable : kExitOk;
  }
  if (args[0] == "--version") {
    std::printf("ces 1.0.0 (score model v1)\n");
    return kExitOk;
  }
  std::string command = args[0];
  args.erase(args.begin());
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
  }
  if (command == "score") return Score(args);
  if (command == "inspect") return Inspect(args);
  if (command == "validate") return Validate(args);
  Say("unknown command \"" + command + "\" (commands: score, inspect, validate; see ces --help)");
  return kExitUnusable;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::bad_alloc&) {
    Say("out of memory: the input needs more memory than this machine has (see docs/limits.md)");
    return kExitUnusable;
  }
}
