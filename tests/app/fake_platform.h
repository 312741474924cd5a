// A PlatformServices that records what the app asked for, for the tests of src/app/core.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "app/core/platform_services.h"

namespace ces_test {

class FakePlatform : public ces::app::PlatformServices {
 public:
  void RequestOpenFile() override { ++open_file; }
  void RequestOpenModelFile() override { ++open_model; }
  void RequestReread() override { ++rereads; }
  void OpenBytesAsFile(std::string_view name, std::string_view bytes, bool gzipped, std::uint64_t ticket) override {
    opened_ticket = ticket;
    opened_name = name;
    opened_bytes = bytes;
    opened_gzipped = gzipped;
  }
  void OfferDownload(std::string_view name, std::string_view, std::string_view bytes) override {
    downloads[std::string(name)] = bytes;
  }
  void CopyToClipboard(std::string_view text) override { clipboard = text; }
  void SaveSetting(std::string_view key, std::string_view value) override {
    if (value.empty()) settings.erase(std::string(key));
    else settings[std::string(key)] = value;
  }
  std::string LoadSetting(std::string_view key) override {
    auto it = settings.find(std::string(key));
    return it == settings.end() ? std::string() : it->second;
  }

  int open_file = 0, open_model = 0, rereads = 0;
  std::string opened_name, opened_bytes;
  bool opened_gzipped = false;
  std::uint64_t opened_ticket = 0;
  std::map<std::string, std::string> downloads, settings;
  std::string clipboard;
};

}  // namespace ces_test
