// The engine's RangeRunner (score/scoring.h) on threads: `ces score --threads N`
// measures its customers on N threads once the parts are merged.
#pragma once

#include "engine/score/scoring.h"

namespace ces::cli {

// Cuts [0, count) into up to `threads` ranges of about equal size; runs the first on
// the calling thread and each other on a thread of its own, and returns once all are
// done. Where no thread can be started, that range runs on the calling thread. An
// exception thrown by work (std::bad_alloc) reaches the caller after every thread is
// joined.
RangeRunner ThreadRanges(int threads);

}  // namespace ces::cli
