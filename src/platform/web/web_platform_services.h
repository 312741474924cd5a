// PlatformServices for the browser: each call goes out through wasm_boundary.h to
// web/library_ces.js.
#pragma once

#include <string>
#include <string_view>

#include "app/core/platform_services.h"

namespace ces::web {

class WebPlatformServices final : public app::PlatformServices {
 public:
  void RequestOpenFile() override;
  void RequestOpenModelFile() override;
  void RequestReread() override;
  void RequestOpenSideFile(std::string_view purpose, std::string_view accept) override;

  void OpenBytesAsFile(std::string_view fileName, std::string_view bytes, bool gzipped, std::uint64_t ticket) override;
  void OfferDownload(std::string_view fileName, std::string_view mimeType,
                     std::string_view bytes) override;
  void CopyToClipboard(std::string_view text) override;
  void SaveSetting(std::string_view key, std::string_view value) override;
  std::string LoadSetting(std::string_view key) override;
  void Announce(std::string_view text) override;

  // What ImGui pastes: the text of the last DOM paste event (the page forwards it before
  // the frame that handles Ctrl+V), else what was last copied here. Reading the system
  // clipboard directly needs an asynchronous permission prompt a frame cannot wait for.
  const char* lastCopiedText() const { return lastCopied_.c_str(); }
  void SetPastedText(std::string_view text) { lastCopied_ = text; }

 private:
  std::string lastCopied_;
};

}  // namespace ces::web
