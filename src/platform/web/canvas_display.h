// Maps between the page's CSS pixels and the canvas's physical pixels.
//
// The canvas fills the window (CSS); its backing store is kept at CSS size x
// devicePixelRatio so WebGL draws every physical pixel. ImGui works in CSS pixels
// (DisplaySize) and renders at DisplayFramebufferScale, so layouts do not depend on
// the screen and text, rasterised at the physical size (ui_fonts.h), stays crisp.
// Emscripten 3.1.6's GLFW knows nothing of devicePixelRatio: it reports the pointer
// in backing-store pixels, so the pointer callbacks are rescaled here.
#pragma once

struct GLFWwindow;
struct ImGuiIO;

namespace ces::web {

class CanvasDisplay {
 public:
  explicit CanvasDisplay(const char* selector);  // CSS selector of the canvas; must outlive this

  // Reads the canvas's CSS size and devicePixelRatio (once per frame) and resizes the
  // backing store to match. Returns true when the pixel ratio changed (fonts must follow).
  bool Update();

  // Routes GLFW's pointer callbacks through this display. Call after ImGui_ImplGlfw_Init*.
  void InstallPointerScaling(GLFWwindow* window);

  // Overrides what ImGui_ImplGlfw_NewFrame set from GLFW's unscaled sizes. Call between
  // ImGui_ImplGlfw_NewFrame and ImGui::NewFrame.
  void ApplyTo(ImGuiIO& io) const;

  float pixelRatio() const { return static_cast<float>(pixelRatio_); }
  int framebufferWidth() const { return framebufferWidth_; }
  int framebufferHeight() const { return framebufferHeight_; }

 private:
  static void OnCursorPos(GLFWwindow* window, double x, double y);
  static void OnCursorEnter(GLFWwindow* window, int entered);

  const char* selector_;
  GLFWwindow* window_ = nullptr;
  double cssWidth_ = 0.0;
  double cssHeight_ = 0.0;
  double pixelRatio_ = 0.0;
  int framebufferWidth_ = 1;
  int framebufferHeight_ = 1;
  bool pointerInside_ = false;
};

}  // namespace ces::web
