// A model file's JSON text to a document (see model_document.h).
#include "engine/model/model_document.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <unordered_set>

#include "engine/base/engine_limits.h"
#include "engine/base/text.h"

namespace ces {

using Json = ModelJson;

std::string ShortKey(const std::string& key) {
  if (key.size() <= 80) return key;
  size_t cut = 80;
  while (cut > 0 && (static_cast<unsigned char>(key[cut]) & 0xC0) == 0x80) --cut;
  return key.substr(0, cut) + "…";
}

namespace {

// Text for a message: bytes that are not UTF-8 become U+FFFD (nlohmann quotes them raw).
std::string ValidUtf8(const std::string& s) {
  if (IsValidUtf8(s)) return s;
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (len > 1 && i + len <= s.size() && IsValidUtf8(std::string_view(s).substr(i, len))) {
      out.append(s, i, len);
      i += len;
    } else if (c < 0x80) {
      out.push_back(s[i++]);
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// [SECTION] JSON to a document, with the checks nlohmann's parser does not make:
// the same key twice in one object, and nesting depth. Linear in the size of the
// file, whatever its shape (a 1 MiB object of 100,000 keys included).
class DomBuilder {
 public:
  DomBuilder(std::string_view text, std::vector<ModelError>* errors) : text_(text), errors_(errors) {}
  Json root;

  bool null() { return Add(Json(nullptr)); }
  bool boolean(bool v) { return Add(Json(v)); }
  bool number_integer(Json::number_integer_t v) { return Add(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return Add(Json(v)); }
  bool number_float(Json::number_float_t v, const std::string&) { return Add(Json(v)); }
  bool string(std::string& v) { return Add(Json(std::move(v))); }
  bool binary(Json::binary_t&) { return Add(Json(nullptr)); }
  bool start_object(std::size_t) { return Open(Json::object()); }
  bool start_array(std::size_t) { return Open(Json::array()); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(std::string& k) {
    duplicate_ = !keys_.back().insert(k).second;
    if (duplicate_) errors_->push_back({paths_.back(), "the key " + QuoteForMessage(k) + " appears twice"});
    key_ = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    std::string what = ex.what();
    size_t cut = what.find("] ");
    std::string message = "not valid JSON: " + ValidUtf8(cut == std::string::npos ? what : what.substr(cut + 2));
    const std::string_view around = text_.substr(position > 2 ? position - 2 : 0, 12);
    if (around.find("NaN") != std::string_view::npos || around.find("Inf") != std::string_view::npos)
      message += " (NaN and Infinity are not JSON numbers: every number must be finite)";
    errors_->push_back({stack_.empty() ? "" : ChildPath(), message});  // where the parser stopped
    return false;
  }

 private:
  std::string ChildPath() const {
    if (stack_.empty()) return "";
    const Json& top = *stack_.back();
    const std::string& base = paths_.back();
    if (top.is_array()) return base + "[" + std::to_string(top.size()) + "]";
    if (key_.empty()) return base;
    const std::string key = ShortKey(key_);
    return base.empty() ? key : base + "." + key;
  }
  Json* Place(Json&& v) {
    if (stack_.empty()) {
      root = std::move(v);
      return &root;
    }
    Json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
      return &top.back();
    }
    if (duplicate_) {  // reported already; the first value stays, this one goes aside
      duplicate_ = false;
      key_.clear();
      set_aside_.push_back(std::move(v));
      return &set_aside_.back();
    }
    // A new key (keys_ says so): append without ordered_map's linear search.
    Json::object_t& object = top.get_ref<Json::object_t&>();
    object.Json::object_t::Container::emplace_back(std::move(key_), std::move(v));
    key_.clear();  // until the next key, a parse error is about the object itself
    return &object.back().second;
  }
  bool Add(Json&& v) {
    Place(std::move(v));
    return true;
  }
  bool Open(Json&& v) {
    std::string path = ChildPath();
    if (static_cast<int>(stack_.size()) >= kMaxModelDepth) {
      errors_->push_back({path, "nested more than " + std::to_string(kMaxModelDepth) + " levels deep"});
      return false;
    }
    Json* placed = Place(std::move(v));
    stack_.push_back(placed);
    paths_.push_back(std::move(path));
    keys_.emplace_back();
    return true;
  }
  bool Close() {
    stack_.pop_back();
    paths_.pop_back();
    keys_.pop_back();
    return true;
  }

  std::string_view text_;
  std::vector<ModelError>* errors_;
  std::vector<Json*> stack_;
  std::vector<std::string> paths_;
  std::vector<std::unordered_set<std::string>> keys_;  // keys seen, per open container
  std::deque<Json> set_aside_;                          // values of repeated keys (stable addresses)
  std::string key_;
  bool duplicate_ = false;
};

// Numbers too large for a double stop nlohmann's parser ("number overflow"). They are
// rewritten, in place and at the same length, to 1e308 (finite, far past the model's
// limit), so the document still parses and the validator names each one by its path.
std::string TameOverflowingNumbers(std::string_view text) {
  std::string out(text);
  bool in_string = false;
  for (size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (c != '-' && (c < '0' || c > '9')) continue;
    size_t j = i + (c == '-');
    while (j < out.size() && (std::isdigit(static_cast<unsigned char>(out[j])) || out[j] == '.' || out[j] == 'e' ||
                              out[j] == 'E' || out[j] == '+' || out[j] == '-'))
      ++j;
    const std::string token = out.substr(i, j - i);
    char* end = nullptr;
    const double v = std::strtod(token.c_str(), &end);
    if (end == token.c_str() + token.size() && std::isinf(v) && token.size() >= 5) {  // 1e309 is the shortest
      const std::string big = c == '-' ? "-1e308" : "1e308";
      if (big.size() <= token.size()) {
        out.replace(i, big.size(), big);
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(i + big.size()), out.begin() + static_cast<std::ptrdiff_t>(j), ' ');
      }
    }
    i = j - 1;
  }
  return out;
}

}  // namespace

bool ParseModelDocument(std::string_view text, ModelJson* root, std::vector<ModelError>* errors) {
  const std::string json = TameOverflowingNumbers(text);
  DomBuilder dom(json, errors);
  const bool parsed = Json::sax_parse(json.begin(), json.end(), &dom, nlohmann::detail::input_format_t::json, true, false);
  *root = std::move(dom.root);
  return parsed;
}

}  // namespace ces
