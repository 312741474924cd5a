#include "web_platform_services.h"

#include <cstdint>

#include "wasm_boundary.h"

namespace ces::web {

void WebPlatformServices::RequestOpenFile() { ces_js_open_file_picker(); }

void WebPlatformServices::OfferDownload(std::string_view fileName, std::string_view mimeType,
                                        std::string_view bytes) {
  ces_js_download(std::string(fileName).c_str(), std::string(mimeType).c_str(),
                  reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

void WebPlatformServices::CopyToClipboard(std::string_view text) {
  lastCopied_ = text;
  ces_js_copy_text(lastCopied_.data(), lastCopied_.size());
}

}  // namespace ces::web
