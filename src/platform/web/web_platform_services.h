// PlatformServices for the browser: each call goes out through wasm_boundary.h to
// web/library_ces.js.
#pragma once

#include <string>
#include <string_view>

#include "app/platform_services.h"

namespace ces::web {

class WebPlatformServices final : public app::PlatformServices {
 public:
  void RequestOpenFile() override;
  void RequestOpenModelFile() override;
  void RequestReread() override;
  void OpenBytesAsFile(std::string_view fileName, std::string_view bytes, bool gzipped) override;
  void OfferDownload(std::string_view fileName, std::string_view mimeType,
                     std::string_view bytes) override;
  void CopyToClipboard(std::string_view text) override;
  void SaveSetting(std::string_view key, std::string_view value) override;

  // What was last copied: ImGui pastes this, as reading the system clipboard needs an
  // asynchronous permission prompt that a frame cannot wait for.
  const char* lastCopiedText() const { return lastCopied_.c_str(); }

 private:
  std::string lastCopied_;
};

}  // namespace ces::web
