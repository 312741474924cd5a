// Notes on the data that only the page can give, from the profile of the file's first
// MB: sums over an amount whose rows carry different currency codes.
#pragma once

#include <string>
#include <vector>

#include "engine/inspect/inspect.h"
#include "engine/model/model.h"

namespace ces::app {

// One line per sum or value activity whose column sits beside a currency column
// (a column named "currency", "currency_code", …) holding several codes.
std::vector<std::string> CurrencyNotes(const CsvProfile& profile, const ScoreModel& model);

}  // namespace ces::app
