// Browser entry point: WebGL 2 through Emscripten's GLFW, Dear ImGui, the app, and
// the frame loop driven by requestAnimationFrame.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>  // ErrorCheckEndFrameRecover

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>

#include "app/app.h"
#include "canvas_display.h"
#include "ui_fonts.h"
#include "wasm_boundary.h"
#include "web_platform_services.h"

namespace ces::web {
namespace {

constexpr char kCanvasSelector[] = "#canvas";

// Everything that lives as long as the page. Allocated once and never freed: the
// frame loop outlives main(), and the page is its only owner.
struct Page {
  explicit Page(GLFWwindow* window, CanvasDisplay& display) : window(window), display(display) {}
  GLFWwindow* window;
  CanvasDisplay& display;
  WebPlatformServices services;
  app::App app{services};
  double lastFrameMs = 0;
  double lastActivityMs = 0;
  std::uint64_t seenChange = 0;
  bool softwareGl = false;  // WebGL drawn on the CPU: frames are expensive
};

constexpr double kIdleAfterMs = 1500.0;  // no input and no news for this long: the page is idle
constexpr double kIdleFrameMs = 250.0;   // idle, it draws 4 frames a second (notices expire, carets blink)
// Without a GPU (SwiftShader in headless Chromium) a frame costs the main thread ~40 ms;
// drawn 20 times a second while reading, frames made a 490 MB load 1.7x slower. There
// the app draws 5 frames a second while busy; with a GPU, the app's own 20.
constexpr double kSoftwareBusyFrameMs = 200.0;
// There the app's background work (a history replayed, a re-read of its copy) runs in
// the animation frames that are not drawn, this long each, so that no task on the
// page's thread is a drawn frame and a slice of work together (App::WorkBetweenFrames).
constexpr double kWorkSliceMs = 40.0;

// Whether this animation frame should draw. A skipped frame costs nothing: the canvas
// keeps showing the last one. Frames are drawn at full rate while something happens
// (input for ImGui, news from the app, a resize), rationed while a file is read (each
// frame drawn is time taken from reading), and slowed right down when the page is idle.
bool ShouldDraw(Page& page, double now, bool resized) {
  const std::uint64_t change = page.app.ChangeCount();
  const bool input = ImGui::GetCurrentContext()->InputEventsQueue.Size > 0;
  if (resized || change != page.seenChange || input) page.lastActivityMs = now;
  page.seenChange = change;
  double interval = page.app.MinFrameIntervalMs();
  if (page.app.Working()) interval = std::max(interval, kSoftwareBusyFrameMs);  // only where WebGL is on the CPU
  if (now - page.lastActivityMs > kIdleAfterMs) interval = std::max(interval, kIdleFrameMs);
  // Input waiting is drawn now: a click while frames are rationed answers at once.
  return resized || input || now - page.lastFrameMs >= interval;
}

void RunFrame(void* arg) {
  Page& page = *static_cast<Page*>(arg);
  const int width = page.display.framebufferWidth(), height = page.display.framebufferHeight();
  const bool ratioChanged = page.display.Update();
  if (ratioChanged) {  // the pixel ratio changed (zoom, other screen)
    LoadUiFont(page.display.pixelRatio());
    RebuildFontTexture();
  }
  // A resized canvas has lost its pixels: it must be drawn this frame.
  const bool resized = ratioChanged || width != page.display.framebufferWidth() || height != page.display.framebufferHeight();
  const double now = emscripten_get_now();
  if (!ShouldDraw(page, now, resized)) {
    if (page.app.Working()) {
      try {
        page.app.Work(kWorkSliceMs);
      } catch (const std::exception& e) {  // as a frame's: keep the page alive and say why
        std::fprintf(stderr, "CES: work between frames failed: %s\n", e.what());
      }
    }
    return;
  }
  page.lastFrameMs = now;

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  page.display.ApplyTo(ImGui::GetIO());
  ImGui::NewFrame();
  try {
    page.app.Frame();
  } catch (const std::exception& e) {  // keep the page alive; close what the frame left open
    std::fprintf(stderr, "CES: frame failed: %s\n", e.what());
    ImGui::ErrorCheckEndFrameRecover(nullptr);
  }
  ImGui::Render();

  glViewport(0, 0, page.display.framebufferWidth(), page.display.framebufferHeight());
  glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// ImGui's GLFW backend listens for the wheel on the whole document and cancels the
// event, which Chrome refuses there (document-level wheel listeners are passive) and
// reports as a console error on every turn of the wheel. Listen on the canvas instead,
// with the backend's own step sizes.
EM_BOOL OnWheel(int, const EmscriptenWheelEvent* event, void*) {
  if (event->mouse.ctrlKey) return EM_FALSE;  // Ctrl+wheel (and a pinch) zooms the page: the browser's
  float step = 0.0f;
  if (event->deltaMode == DOM_DELTA_PIXEL) step = 1.0f / 100.0f;     // 100 pixels make one step
  else if (event->deltaMode == DOM_DELTA_LINE) step = 1.0f / 3.0f;   // 3 lines make one step
  else if (event->deltaMode == DOM_DELTA_PAGE) step = 80.0f;         // a page makes 80
  ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(event->deltaX) * -step, static_cast<float>(event->deltaY) * -step);
  return EM_TRUE;  // the page itself never scrolls
}

void InstallWheel() {
  emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, nullptr);
  emscripten_set_wheel_callback(kCanvasSelector, nullptr, false, &OnWheel);
}

void InstallClipboard(WebPlatformServices& services) {
  // Emscripten 3.1.6's GLFW has no clipboard; route ImGui's copy and paste to the page.
  ImGuiIO& io = ImGui::GetIO();
  io.ClipboardUserData = &services;
  io.SetClipboardTextFn = [](void* services, const char* text) {
    static_cast<WebPlatformServices*>(services)->CopyToClipboard(text);
  };
  io.GetClipboardTextFn = [](void* services) {
    return static_cast<WebPlatformServices*>(services)->lastCopiedText();
  };
}

int Start() {
  if (!glfwInit()) {
    ces_js_fatal("The page could not start its window system (GLFW).");
    return 1;
  }
  auto* display = new CanvasDisplay(kCanvasSelector);
  display->Update();

  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  GLFWwindow* window = glfwCreateWindow(display->framebufferWidth(), display->framebufferHeight(),
                                        "CES", nullptr, nullptr);
  if (window == nullptr) {
    ces_js_fatal("This page needs WebGL 2, which this browser does not provide here. "
                 "Check that hardware acceleration (or WebGL) is turned on.");
    return 1;
  }
  glfwMakeContextCurrent(window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no file system in the page; nothing to persist yet
  io.LogFilename = nullptr;
  // The keyboard reaches every control: Tab and arrows move, Enter and Space activate,
  // Escape closes popups (the canvas has the page's focus, see web/ces_page.js).
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  display->InstallPointerScaling(window);
  InstallWheel();
  ImGui_ImplOpenGL3_Init("#version 300 es");
  LoadUiFont(display->pixelRatio());

  auto* page = new Page(window, *display);
  page->softwareGl = ces_js_software_gl() != 0;
  page->app.WorkBetweenFrames(page->softwareGl);
  InstallClipboard(page->services);
  ConnectBoundary(page->app, page->services);

  emscripten_set_main_loop_arg(&RunFrame, page, 0, false);  // returns; frames follow
  ces_js_ready();
  return 0;
}

}  // namespace
}  // namespace ces::web

int main() { return ces::web::Start(); }
