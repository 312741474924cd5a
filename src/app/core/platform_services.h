// What the app asks of the platform it runs on. The app declares it, each platform
// (today only src/platform/web) implements it, so the app never sees the browser.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ces::app {

class PlatformServices {
 public:
  virtual ~PlatformServices() = default;

  // Shows the system file chooser. The chosen file arrives later through App::OnFile*.
  // Call it from a frame that handles a click: browsers only open choosers right after one.
  virtual void RequestOpenFile() = 0;

  // Shows a chooser for a model file (JSON); its text arrives through App::SetModelJson.
  virtual void RequestOpenModelFile() = 0;

  // Shows a chooser for a file a view needs beside the data (an outcomes CSV, a model to
  // compare with); `accept` is the chooser's filter. Its bytes arrive through
  // App::OnSideFile(purpose, name, bytes). Platforms without one ignore it.
  virtual void RequestOpenSideFile(std::string_view purpose, std::string_view accept) { (void)purpose, (void)accept; }

  // Reads the current file again from its first byte: App::OnFileBegin(reread = true),
  // then chunks as for a new file. Used when a model change needs other columns.
  virtual void RequestReread() = 0;

  // Reads bytes held by the app as if the user had opened a file of that name
  // (the bundled examples); `gzipped` bytes are inflated first. `ticket` (from
  // ScoringFlow::RequestFile) goes back with OnFileBegin, so a later request wins.
  virtual void OpenBytesAsFile(std::string_view fileName, std::string_view bytes, bool gzipped,
                               std::uint64_t ticket) = 0;

  // Hands bytes to the user as a downloaded file (the browser saves it, or asks where).
  virtual void OfferDownload(std::string_view fileName, std::string_view mimeType,
                             std::string_view bytes) = 0;

  // Puts text on the system clipboard; best effort, failures are only logged.
  virtual void CopyToClipboard(std::string_view text) = 0;

  // Keeps a small text across visits (the browser's localStorage); "" removes it.
  virtual void SaveSetting(std::string_view key, std::string_view value) = 0;
  // The text SaveSetting kept under `key`, or "" (none, or storage is disabled).
  virtual std::string LoadSetting(std::string_view key) = 0;

  // Tells assistive technology (a screen reader) what just happened: the page's live
  // region. The canvas cannot say it. Platforms without one ignore it.
  virtual void Announce(std::string_view /*text*/) {}
};

}  // namespace ces::app
