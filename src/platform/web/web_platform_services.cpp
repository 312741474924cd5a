#include "web_platform_services.h"

#include <cstdint>
#include <cstdlib>

#include "wasm_boundary.h"

namespace ces::web {

namespace {
const std::uint8_t* Bytes(std::string_view text) { return reinterpret_cast<const std::uint8_t*>(text.data()); }
}  // namespace

void WebPlatformServices::RequestOpenFile() { ces_js_open_file_picker(); }

void WebPlatformServices::RequestOpenModelFile() { ces_js_open_model_picker(); }

void WebPlatformServices::RequestOpenSideFile(std::string_view purpose, std::string_view accept) {
  ces_js_open_side_file(std::string(purpose).c_str(), std::string(accept).c_str());
}

void WebPlatformServices::RequestReread() { ces_js_reread_file(); }

void WebPlatformServices::OpenBytesAsFile(std::string_view fileName, std::string_view bytes, bool gzipped,
                                          std::uint64_t ticket) {
  ces_js_open_bytes(std::string(fileName).c_str(), Bytes(bytes), bytes.size(), gzipped ? 1 : 0, static_cast<double>(ticket));
}

void WebPlatformServices::OfferDownload(std::string_view fileName, std::string_view mimeType,
                                        std::string_view bytes) {
  ces_js_download(std::string(fileName).c_str(), std::string(mimeType).c_str(), Bytes(bytes), bytes.size());
}

void WebPlatformServices::CopyToClipboard(std::string_view text) {
  lastCopied_ = text;
  ces_js_copy_text(lastCopied_.data(), lastCopied_.size());
}

void WebPlatformServices::SaveSetting(std::string_view key, std::string_view value) {
  ces_js_save_setting(std::string(key).c_str(), value.data(), value.size());
}

void WebPlatformServices::Announce(std::string_view text) { ces_js_announce(text.data(), text.size()); }

std::string WebPlatformServices::LoadSetting(std::string_view key) {
  char* text = ces_js_load_setting(std::string(key).c_str());
  if (text == nullptr) return {};
  std::string value(text);
  std::free(text);
  return value;
}

}  // namespace ces::web
