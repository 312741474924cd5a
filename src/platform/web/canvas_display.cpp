#include "canvas_display.h"

#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <cmath>

namespace ces::web {

CanvasDisplay::CanvasDisplay(const char* selector) : selector_(selector) {}

bool CanvasDisplay::Update() {
  double cssWidth = 0.0, cssHeight = 0.0;
  emscripten_get_element_css_size(selector_, &cssWidth, &cssHeight);
  double ratio = emscripten_get_device_pixel_ratio();
  if (!(ratio > 0.0)) ratio = 1.0;

  cssWidth_ = std::max(cssWidth, 1.0);
  cssHeight_ = std::max(cssHeight, 1.0);
  framebufferWidth_ = std::max(1, static_cast<int>(std::lround(cssWidth_ * ratio)));
  framebufferHeight_ = std::max(1, static_cast<int>(std::lround(cssHeight_ * ratio)));

  int currentWidth = 0, currentHeight = 0;
  emscripten_get_canvas_element_size(selector_, &currentWidth, &currentHeight);
  // Set directly, not with glfwSetWindowSize: that one requests fullscreen whenever
  // the size equals the screen's (TOOLCHAIN.md pitfall 10).
  if (currentWidth != framebufferWidth_ || currentHeight != framebufferHeight_) {
    emscripten_set_canvas_element_size(selector_, framebufferWidth_, framebufferHeight_);
  }

  const bool ratioChanged = ratio != pixelRatio_;
  pixelRatio_ = ratio;
  return ratioChanged;
}

void CanvasDisplay::InstallPointerScaling(GLFWwindow* window) {
  window_ = window;
  glfwSetWindowUserPointer(window, this);
  glfwSetCursorPosCallback(window, &CanvasDisplay::OnCursorPos);
  glfwSetCursorEnterCallback(window, &CanvasDisplay::OnCursorEnter);
}

void CanvasDisplay::ApplyTo(ImGuiIO& io) const {
  io.DisplaySize = ImVec2(static_cast<float>(cssWidth_), static_cast<float>(cssHeight_));
  io.DisplayFramebufferScale = ImVec2(static_cast<float>(framebufferWidth_ / cssWidth_),
                                      static_cast<float>(framebufferHeight_ / cssHeight_));
  // Outside the canvas (or for touches, which send no enter event) the GLFW backend
  // just queued the raw pointer position; queue the scaled one after it.
  if (!pointerInside_ && window_ != nullptr) {
    double x = 0.0, y = 0.0;
    glfwGetCursorPos(window_, &x, &y);
    io.AddMousePosEvent(static_cast<float>(x * cssWidth_ / framebufferWidth_),
                        static_cast<float>(y * cssHeight_ / framebufferHeight_));
  }
}

void CanvasDisplay::OnCursorPos(GLFWwindow* window, double x, double y) {
  const auto* self = static_cast<const CanvasDisplay*>(glfwGetWindowUserPointer(window));
  ImGui_ImplGlfw_CursorPosCallback(window, x * self->cssWidth_ / self->framebufferWidth_,
                                   y * self->cssHeight_ / self->framebufferHeight_);
}

void CanvasDisplay::OnCursorEnter(GLFWwindow* window, int entered) {
  static_cast<CanvasDisplay*>(glfwGetWindowUserPointer(window))->pointerInside_ = entered != 0;
  ImGui_ImplGlfw_CursorEnterCallback(window, entered);
}

}  // namespace ces::web
