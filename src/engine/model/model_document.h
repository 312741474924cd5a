// A model file's JSON text to a document, with the checks nlohmann's parser does not
// make (the same key twice in one object, nesting depth), numbers too large for a double
// kept so the validator can name them, and every syntax error named by its path.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/model.h"

namespace ces {

using ModelJson = nlohmann::ordered_json;   // keeps the file's key order (messages follow it)

// Parses `text` into `root`; false when it is not JSON. Problems are added to `errors`
// (a repeated key keeps its first value and the document stays whole).
bool ParseModelDocument(std::string_view text, ModelJson* root, std::vector<ModelError>* errors);

// A key for an error path: at most 80 bytes, cut between characters.
std::string ShortKey(const std::string& key);

}  // namespace ces
