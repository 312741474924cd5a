// The example datasets bundled into the page (examples/<name>/data.csv and
// model.json, packed at build time by web/tools/pack_examples.mjs). They live in
// the program itself, so picking one makes no network request, also in the
// single-file page.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ces::app {

struct BundledExample {
  std::string_view id;           // folder name, e.g. "saas-events"
  std::string_view title;        // the model's name
  std::string_view description;  // first paragraph of the folder's README.md, or ""
  std::string_view model_json;
  std::string_view data_gzip;    // data.csv, gzip-compressed (the browser inflates it)
  std::uint64_t data_bytes;      // size of data.csv
  std::uint64_t data_rows;       // lines after the header
};

const BundledExample* BundledExamples();  // kBundledExampleCount entries, by id
std::size_t BundledExampleCount();

}  // namespace ces::app
