// Fuzz target: the model loader.
//
// Input: a model file, any bytes. LoadModel must never throw or crash; a rejected
// model lists at least one problem, each with a message; an accepted model written
// back with ModelToJson loads again and writes the same text (a fixed point), so the
// app's "save model" never produces a file it cannot open.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "engine/model/model.h"
#include "engine/base/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ces::ModelLoadResult r = ces::LoadModel(text);
  FUZZ_CHECK(r.ok() == r.errors.empty(), "a model loads exactly when no problem is listed");
  for (const ces::ModelError& e : r.errors) {
    FUZZ_CHECK(!e.message.empty(), "every problem says what is wrong");
    FUZZ_CHECK(ces::IsValidUtf8(e.ToString()), "messages are UTF-8 (the page shows them): " + ces_fuzz::Show(e.ToString()));
  }
  if (!r.ok()) return 0;

  const std::string json = ces::ModelToJson(*r.model);
  const ces::ModelLoadResult again = ces::LoadModel(json);
  std::string why;
  for (const ces::ModelError& e : again.errors) why += e.ToString() + "; ";
  FUZZ_CHECK(again.ok(), "a saved model loads again: " + why + "\n" + json);
  const std::string json2 = ces::ModelToJson(*again.model);
  FUZZ_CHECK(json2 == json, "saving a reloaded model gives the same text:\n" + json + "\nvs\n" + json2);
  return 0;
}
