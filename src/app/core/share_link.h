// The model in a URL fragment ("#model=<base64url of the JSON>"): what "Copy share
// link" writes and what the page reads when opened with one. Only the model travels,
// never data. The fragment is untrusted input: it is decoded here and then
// validated by LoadModel like any model file; nothing in it is ever run.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ces::app {

// "model=..." (without the '#') for a model's JSON text.
std::string ShareFragment(std::string_view model_json);

// The model JSON text a fragment carries (with or without the leading '#'), or
// nullopt when it carries none (empty or another fragment). `*error` says why a
// fragment that looks like a share link could not be decoded.
std::optional<std::string> ModelFromFragment(std::string_view fragment, std::string* error);

std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);  // also accepts + / and padding

}  // namespace ces::app
