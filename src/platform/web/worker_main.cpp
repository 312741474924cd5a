// The engine alone, for a Web Worker (web/ces_worker.js): reads one byte range of a
// file into its own session and hands back the part's image (part_image.h), which the
// page's instance absorbs. No ImGui, no app: the worker's wasm is only the engine.
//
//   ces_worker_buffer(n) -> where JavaScript copies n bytes (model text, header, slices)
//   ces_worker_begin(n)  -> a part session for the model JSON in the buffer; 0 = bad model
//   ces_worker_feed(n)   -> feeds n bytes; 0 = the part cannot be used (its image says why)
//   ces_worker_end(last) -> ends the part; 0 = it ended inside a record (a quoted line break at the cut)
//   ces_worker_image()   -> the image's address; ces_worker_image_size() its length
//   ces_worker_lines()   -> the session's line count (first line of the range, then after it)
#include <emscripten/emscripten.h>

#include <cstdint>
#include <memory>
#include <new>
#include <string>

#include "engine/aggregate/part_image.h"
#include "engine/model/model.h"
#include "engine/session.h"

namespace {

std::unique_ptr<std::uint8_t[]> g_buffer;
std::size_t g_capacity = 0;
std::unique_ptr<ces::ScoreSession> g_part;
std::string g_image;

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE std::uint8_t* ces_worker_buffer(std::size_t size) {
  if (size > g_capacity) {
    g_buffer.reset();
    g_capacity = 0;
    g_buffer.reset(new (std::nothrow) std::uint8_t[size]);
    if (!g_buffer) return nullptr;
    g_capacity = size;
  }
  return g_buffer.get();
}

EMSCRIPTEN_KEEPALIVE int ces_worker_begin(std::size_t model_size) {
  if (model_size > g_capacity) return 0;
  ces::ModelLoadResult loaded = ces::LoadModel({reinterpret_cast<const char*>(g_buffer.get()), model_size});
  if (!loaded.ok()) return 0;
  g_part = std::make_unique<ces::ScoreSession>(*loaded.model);  // the options the page's sessions use
  return 1;
}

EMSCRIPTEN_KEEPALIVE int ces_worker_feed(std::size_t size) {
  if (!g_part || size > g_capacity) return 0;
  try {
    return g_part->Feed(reinterpret_cast<const char*>(g_buffer.get()), size) ? 1 : 0;
  } catch (const std::bad_alloc&) {  // the page then reads the file in one part, which says it
    g_part.reset();
    return 0;
  }
}

EMSCRIPTEN_KEEPALIVE int ces_worker_end(int last) {
  if (!g_part) return 0;
  try {
    const bool ok = g_part->EndPart(last != 0);
    g_image = ces::SavePart(*g_part);  // also when not ok: the image then says the part failed
    return ok ? 1 : 0;
  } catch (const std::bad_alloc&) {
    g_part.reset();
    return 0;
  }
}

EMSCRIPTEN_KEEPALIVE double ces_worker_lines(void) { return g_part ? static_cast<double>(g_part->lines_read()) : 0; }

EMSCRIPTEN_KEEPALIVE const char* ces_worker_image(void) { return g_image.data(); }

EMSCRIPTEN_KEEPALIVE std::size_t ces_worker_image_size(void) { return g_image.size(); }

EMSCRIPTEN_KEEPALIVE void ces_worker_release(void) {
  g_part.reset();
  std::string().swap(g_image);
}

}  // extern "C"
