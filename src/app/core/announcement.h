// What a screen reader hears about the page's state (the page's ARIA live region,
// PlatformServices::Announce): the canvas itself says nothing to assistive technology.
// One sentence for the state that matters: a file read and scored (customers, mean,
// tier counts), a failure and why, a model with errors. Notices are announced as shown.
#pragma once

#include <string>

namespace ces::app {

class ScoringFlow;

// "" while nothing worth saying has happened (no file yet, a pass still running).
std::string StatusAnnouncement(const ScoringFlow& flow);
// The customer selected in the table, and why (customer_explanation.h): "Customer alice:
// score 72.5, tier Engaged. Raw score 34 points: Logins 40 (measured 12), Refunds
// minus 6 (measured 2); 1 more activity." ("" when none).
std::string SelectionAnnouncement(const ScoringFlow& flow);

}  // namespace ces::app
