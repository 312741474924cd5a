// A session's summary as JSON: the object `ces.summary()` returns in the browser
// (spec section 6), also written by `ces score --summary-json`.
#pragma once
#include <string>
#include <string_view>

#include "engine/session.h"

namespace ces {

// `status` is the caller's word for where things stand ("empty", "loading",
// "scored", "error", "cancelled"); `session` may be null before any file.
std::string SummaryJson(const ScoreSession* session, std::string_view status, std::string_view file_name);

}  // namespace ces
