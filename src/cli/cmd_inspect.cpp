// `ces inspect` (spec section 6): the dialect, the columns and a guess of their roles.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/cli_io.h"
#include "cli/commands.h"
#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/base/engine_limits.h"
#include "engine/base/number_format.h"
#include "engine/csv/delimiters.h"
#include "engine/inspect/inspect.h"

namespace ces::cli {

namespace {

// The profile as JSON, with the starter model the app would propose (for tools and tests).
std::string ProfileJson(const CsvProfile& p) {
  using Json = nlohmann::ordered_json;
  Json j;
  j["encoding"] = EncodingName(p.encoding);
  j["delimiter"] = std::string(1, p.delimiter);
  j["rows"] = p.rows;
  j["ragged_rows"] = p.ragged_rows;
  Json columns = Json::array();
  for (const ColumnProfile& c : p.columns)
    columns.push_back({{"name", c.name}, {"type", c.TypeName()}, {"filled", c.filled},
                       {"numeric", c.IsNumeric()}, {"timestamp", c.IsTimestamp()}});
  j["columns"] = columns;
  const ColumnGuess g = GuessColumns(p);
  j["guess"] = {{"shape", ShapeName(g.shape)}, {"customer", g.customer}, {"time", g.time},
                {"event", g.event}, {"segment", g.segment}};
  std::vector<std::string> reasons;  // one line per starter activity: why it was chosen and weighted so
  j["starter_model"] = g.customer >= 0 ? Json::parse(ModelToJson(StarterModel(p, g, &reasons)), nullptr, false) : Json();
  j["starter_reasons"] = reasons;
  return j.dump(2, ' ', false, nlohmann::detail::error_handler_t::replace);
}

}  // namespace

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
  CsvReader reader;
  CsvInspector inspector(&reader, 0);
  std::string error;
  if (!StreamFile(input, [&](const char* p, size_t n) { return reader.Feed(p, n, inspector); }, &error)) {
    Say(input + ": " + error);
    return kExitUnusable;
  }
  reader.Finish(inspector);
  const CsvProfile& p = inspector.Result();
  if (p.header_too_long_line) {
    Say(input + ": " + HeaderTooLongMessage(p.header_too_long_line));
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
  std::printf("file        %s\n", input.c_str());
  std::printf("encoding    %s", EncodingName(p.encoding));
  if (p.encoding == TextEncoding::kWindows1252)
    std::printf(" (not valid UTF-8 from line %lld)", static_cast<long long>(p.first_invalid_utf8_line));
  std::printf("\ndelimiter   %s%s\n", DelimiterWord(p.delimiter), p.delimiter_sniffed ? " (sniffed from the header line)" : "");
  std::printf("rows        %s", FormatThousands(p.rows).c_str());
  if (p.ragged_rows)
    std::printf(" (%s with a different number of fields than the header, first on line %lld)",
                FormatThousands(p.ragged_rows).c_str(), static_cast<long long>(p.first_ragged_line));
  std::printf("\ncolumns     %zu\n\n", p.columns.size());
  size_t width = 4;
  for (const auto& c : p.columns) width = std::max(width, std::min<size_t>(c.name.size(), 32));
  std::printf("  #  %-*s  %-30s %7s  %s\n", static_cast<int>(width), "name", "type", "filled", "example");
  for (size_t i = 0; i < p.columns.size(); ++i) {
    const ColumnProfile& c = p.columns[i];
    double filled = p.rows ? 100.0 * static_cast<double>(c.filled) / static_cast<double>(p.rows) : 0;
    std::printf("%3zu  %-*s  %-30s %6.0f%%  %s\n", i + 1, static_cast<int>(width), c.name.substr(0, 32).c_str(),
                c.TypeName().c_str(), filled, c.example.substr(0, 40).c_str());
  }
  ColumnGuess g = GuessColumns(p);
  auto name = [&](int i) { return i >= 0 ? p.columns[static_cast<size_t>(i)].name : std::string("-"); };
  std::printf("\nguess       shape %s, customer %s", ShapeName(g.shape), name(g.customer).c_str());
  if (g.shape == Shape::kEvents) std::printf(", time %s, event %s", name(g.time).c_str(), name(g.event).c_str());
  std::printf(", segment %s\n", name(g.segment).c_str());
  return kExitOk;
}

}  // namespace ces::cli
