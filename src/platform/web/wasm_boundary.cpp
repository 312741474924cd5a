// JavaScript -> wasm entry points (declared, with the wasm -> JavaScript ones, in
// wasm_boundary.h). Each one catches what the app throws, so a std::bad_alloc in the
// middle of a file becomes a message on screen, not a dead page.
#include "wasm_boundary.h"

#include <emscripten/emscripten.h>

#include <imgui.h>

#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>

#include "api_ops.h"
#include "app/app.h"
#include "app/core/warm_up.h"
#include "web_platform_services.h"

namespace {

constexpr char kOutOfMemory[] =
    "Out of memory: this page can use at most 4 GB. Close other tabs or try a smaller file.";

// The staging area JavaScript copies bytes into: one block, grown on demand, reused.
class InputBuffer {
 public:
  std::uint8_t* Reserve(std::size_t size) {
    if (size == 0) size = 1;
    if (size > capacity_) {
      data_.reset();  // free first: the old and the new block need not fit together
      capacity_ = 0;
      data_.reset(new std::uint8_t[size]);
      capacity_ = size;
    }
    return data_.get();
  }
  bool Holds(std::size_t size) const { return size <= capacity_ && data_ != nullptr; }
  const std::uint8_t* data() const { return data_.get(); }
  std::string_view Text(std::size_t size) const {
    return {reinterpret_cast<const char*>(data_.get()), size};
  }

 private:
  std::unique_ptr<std::uint8_t[]> data_;
  std::size_t capacity_ = 0;
};

ces::app::App* g_app = nullptr;
ces::web::WebPlatformServices* g_services = nullptr;
InputBuffer g_input;
std::string g_output;  // the text the last output function returned

const char* Output(std::string text) {
  g_output = std::move(text);
  return g_output.c_str();
}

void ReportToApp(const char* prefix, const char* message) {
  try {
    g_app->flow().OnFileError(std::string(prefix) + message);
  } catch (const std::exception&) {  // nothing left to report with: at least say so
    std::fprintf(stderr, "CES: %s%s\n", prefix, message);
  }
}

// Runs body; on an exception, tells the app (as a file error) and returns `failed`.
template <typename Result, typename Body>
Result Guarded(Result failed, Body&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    ReportToApp("", kOutOfMemory);
  } catch (const std::exception& e) {
    ReportToApp("Internal error: ", e.what());
  }
  return failed;
}

}  // namespace

namespace ces::web {

void ConnectBoundary(app::App& app, WebPlatformServices& services) {
  g_app = &app;
  g_services = &services;
}

}  // namespace ces::web

extern "C" {

EMSCRIPTEN_KEEPALIVE std::uint8_t* ces_input_buffer(std::size_t size) {
  if (g_app == nullptr) return nullptr;
  return Guarded<std::uint8_t*>(nullptr, [&] { return g_input.Reserve(size); });
}

EMSCRIPTEN_KEEPALIVE double ces_file_request(void) {
  if (g_app == nullptr) return 0;
  return static_cast<double>(g_app->flow().RequestFile());
}

EMSCRIPTEN_KEEPALIVE int ces_file_begin(std::size_t name_size, double total_bytes, int reread, double ticket) {
  if (g_app == nullptr || !g_input.Holds(name_size)) return 0;
  const auto total = total_bytes > 0.0 ? static_cast<std::uint64_t>(total_bytes) : 0;
  const auto t = ticket > 0.0 ? static_cast<std::uint64_t>(ticket) : 0;
  return Guarded(0, [&] { return g_app->flow().OnFileBegin(g_input.Text(name_size), total, reread != 0, t) ? 1 : 0; });
}

EMSCRIPTEN_KEEPALIVE int ces_file_chunk(std::size_t size) {
  if (g_app == nullptr || !g_input.Holds(size)) return 0;
  return Guarded(0, [&] { return g_app->flow().OnFileChunk(g_input.data(), size) ? 1 : 0; });
}

// Scoring a large file takes a few hundred ms: the page calls the steps between frames,
// so none of them keeps the canvas from drawing for long (~12 ms each; issue 13).
constexpr double kFileEndStepMs = 12;

EMSCRIPTEN_KEEPALIVE int ces_file_end(void) {
  if (g_app == nullptr) return 0;
  return Guarded(0, [&] { return g_app->flow().OnFileEndInSteps(kFileEndStepMs) ? 1 : 0; });
}

EMSCRIPTEN_KEEPALIVE int ces_file_end_step(void) {
  if (g_app == nullptr) return 0;
  return Guarded(0, [&] { return g_app->flow().OnFileEndStep(kFileEndStepMs) ? 1 : 0; });
}

EMSCRIPTEN_KEEPALIVE void ces_file_fail(std::size_t message_size) {
  if (g_app == nullptr) return;
  const std::string_view message =
      g_input.Holds(message_size) ? g_input.Text(message_size) : "The file could not be read.";
  Guarded(0, [&] {
    g_app->flow().OnFileError(message);
    return 0;
  });
}

EMSCRIPTEN_KEEPALIVE void ces_cancel_read(void) {
  if (g_app == nullptr) return;
  Guarded(0, [&] {
    g_app->flow().CancelRead();
    return 0;
  });
}

EMSCRIPTEN_KEEPALIVE void ces_paste_text(std::size_t size) {
  if (g_services == nullptr || !g_input.Holds(size)) return;
  Guarded(0, [&] {
    g_services->SetPastedText(g_input.Text(size));
    return 0;
  });
}

EMSCRIPTEN_KEEPALIVE const char* ces_request(std::size_t request_size, std::size_t attachment_size) {
  if (g_app == nullptr || request_size > SIZE_MAX - attachment_size || !g_input.Holds(request_size + attachment_size))
    return nullptr;
  return Guarded<const char*>(nullptr, [&] {
    const std::string_view all = g_input.Text(request_size + attachment_size);
    return Output(ces::web::HandleApiRequest(*g_app, all.substr(0, request_size), all.substr(request_size),
                                             attachment_size > 0));
  });
}

// A large file read in parts by Web Workers (scoring_flow.h "[Files in parts]"); the
// bytes (the first MB, a window around a cut, a part's image) are in the input buffer.
EMSCRIPTEN_KEEPALIVE const char* ces_parts_begin(std::size_t head_size) {
  if (g_app == nullptr || !g_input.Holds(head_size)) return nullptr;
  return Guarded<const char*>(nullptr, [&] { return Output(g_app->flow().BeginParts(g_input.Text(head_size))); });
}

EMSCRIPTEN_KEEPALIVE double ces_parts_cut(std::size_t window_size) {
  if (g_app == nullptr || !g_input.Holds(window_size)) return -1;
  return static_cast<double>(g_app->flow().PartCut(g_input.Text(window_size)));
}

EMSCRIPTEN_KEEPALIVE int ces_parts_absorb(std::size_t image_size, double first_line, double end_line) {
  if (g_app == nullptr || !g_input.Holds(image_size)) return 0;
  return Guarded(0, [&] {
    std::string why;
    const bool ok = g_app->flow().AbsorbPartImage(g_input.Text(image_size), static_cast<std::int64_t>(first_line),
                                                  static_cast<std::int64_t>(end_line), &why);
    if (!ok && !why.empty()) std::fprintf(stderr, "CES: the file is read in one part: %s\n", why.c_str());
    return ok ? 1 : 0;
  });
}

EMSCRIPTEN_KEEPALIVE int ces_parts_progress(double bytes) {
  if (g_app == nullptr) return 0;
  return Guarded(0, [&] { return g_app->flow().OnPartsProgress(bytes > 0 ? static_cast<std::uint64_t>(bytes) : 0) ? 1 : 0; });
}

EMSCRIPTEN_KEEPALIVE int ces_parts_fallback(void) {
  if (g_app == nullptr) return 0;
  return Guarded(0, [&] { return g_app->flow().PartsFallback() ? 1 : 0; });
}

EMSCRIPTEN_KEEPALIVE int ces_frames_drawn(void) { return ImGui::GetCurrentContext() ? ImGui::GetFrameCount() : 0; }

// Nothing is reported: a failed warm-up costs the first file its compile time, no more.
EMSCRIPTEN_KEEPALIVE int ces_warm_up(void) {
  try {
    return static_cast<int>(ces::app::WarmUpEngine().customers);
  } catch (...) {
    return 0;
  }
}

EMSCRIPTEN_KEEPALIVE std::size_t ces_output_size(void) { return g_output.size(); }

EMSCRIPTEN_KEEPALIVE void ces_release_output(void) { std::string().swap(g_output); }

}  // extern "C"
