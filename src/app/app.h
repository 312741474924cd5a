// The CES user interface, independent of where it runs. The platform owns the main
// loop and the ImGui context and calls in; the app calls out only through
// PlatformServices. No browser, GL or Emscripten code belongs here.
//
// File import protocol (one file at a time, bytes in order):
//   OnFileBegin, then OnFileChunk for each slice, then OnFileEnd when every byte was
//   delivered, or OnFileError if reading failed. Once OnFileChunk returns false the
//   platform stops reading that file and sends nothing more for it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/file_import.h"

namespace ces::app {

class PlatformServices;

class App {
 public:
  explicit App(PlatformServices& platform);  // needs a current ImGui context

  void OnFileBegin(std::string_view name, std::uint64_t size);   // a new file; replaces the last
  bool OnFileChunk(const std::uint8_t* data, std::size_t size);  // false = stop reading
  void OnFileEnd();                                              // all bytes were delivered
  void OnFileError(std::string_view message);                    // shown to the user as is

  void Frame();                     // this frame's UI, between ImGui::NewFrame and Render
  std::string SummaryJson() const;  // the state the JavaScript API reports, as JSON

 private:
  void DrawToolbar();
  void DrawImport();

  PlatformServices& platform_;
  FileImport import_;  // PLACEHOLDER: becomes the engine session
};

}  // namespace ces::app
