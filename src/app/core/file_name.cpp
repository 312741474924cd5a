#include "app/core/file_name.h"

#include <cctype>

namespace ces::app {

std::string FileSlug(const std::string& name, const char* fallback) {
  std::string out;
  for (char ch : name) {
    const unsigned char u = static_cast<unsigned char>(ch);
    if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? fallback : out.substr(0, 60);
}

}  // namespace ces::app
