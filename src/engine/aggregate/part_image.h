// A part of a file read apart (session.h "One file read in parts"), as bytes: what
// one engine instance read, carried to another (the page's Web Workers each read a
// byte range in their own WebAssembly instance and post the image back; the page's
// instance loads each and adds it with ScoreSession::AbsorbPart, in file order).
//
// The image holds exactly what AbsorbPart reads of a later part: the part's Dataset
// so far (names, customers, (day, event) cells, row errors, counts) and the facts its
// Ingestor keeps for the merge. It is binary, for the same engine build on a
// little-endian machine (wasm and x86 alike), versioned and checked on load: a
// truncated or garbled image, or one read with another plan, is an error, never a crash.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "engine/session.h"

namespace ces {

// The image of a part session that EndPart ended (true). The part must not be
// finished (Finish) or absorbed into; it is left unchanged.
std::string SavePart(const ScoreSession& part);

// A part session equal, for AbsorbPart, to the one saved, made with the same
// `model` and `options` the part was read with. Null with *error set when the image
// is not a whole, intact image of a part read with this model's plan.
std::unique_ptr<ScoreSession> LoadPart(const ScoreModel& model, const SessionOptions& options, std::string_view image,
                                       std::string* error);

}  // namespace ces
