#include "app/core/share_link.h"

#include "engine/base/engine_limits.h"

namespace ces::app {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kPrefix = "model=";

int SextetOf(char ch) {
  if (ch >= 'A' && ch <= 'Z') return ch - 'A';
  if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
  if (ch >= '0' && ch <= '9') return ch - '0' + 52;
  if (ch == '-' || ch == '+') return 62;
  if (ch == '_' || ch == '/') return 63;
  return -1;
}
}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    for (int k = 3; k >= 0; --k) out += kAlphabet[(v >> (6 * k)) & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    if (rest == 2) out += kAlphabet[(v >> 6) & 63];
  }
  return out;  // no padding: '=' would need escaping in some places a link travels
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t bits = 0;
  int count = 0;
  for (char ch : text) {
    const int v = SextetOf(ch);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  if (count >= 6) return std::nullopt;  // a lone trailing sextet cannot come from whole bytes
  return out;
}

std::string ShareFragment(std::string_view model_json) { return std::string(kPrefix) + Base64UrlEncode(model_json); }

std::optional<std::string> ModelFromFragment(std::string_view fragment, std::string* error) {
  if (!fragment.empty() && fragment.front() == '#') fragment.remove_prefix(1);
  if (fragment.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  fragment.remove_prefix(kPrefix.size());
  // Base64 grows text by a third: anything longer cannot hold a model LoadModel accepts.
  if (fragment.size() > kMaxModelBytes / 3 * 4 + 4) {
    *error = "The link's model is larger than the 1 MiB a model may be.";
    return std::nullopt;
  }
  std::optional<std::string> json = Base64UrlDecode(fragment);
  if (!json) *error = "The link is damaged: its model part is not valid base64url text.";
  return json;
}

}  // namespace ces::app
