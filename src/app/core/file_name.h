// File names the page offers for downloads.
#pragma once
#include <string>

namespace ces::app {

// A file name from a model name: "SaaS engagement" -> "saas-engagement"; `fallback`
// when nothing is left.
std::string FileSlug(const std::string& name, const char* fallback);

}  // namespace ces::app
