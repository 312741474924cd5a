// Model errors as the page shows them: the field named in words and counted from 1
// ("Tier 3 “Champion”, limit: must be above tier 2's limit (70)"). The command line and
// the JSON API keep the contract's paths (`tiers[2].below: …`); only the page says it so.
#pragma once

#include <string>

#include "engine/model/model.h"

namespace ces::app {

// The field at `path` in words, 1-based, naming the control ("Activity 2 “Refunds”, weight").
// The path itself when it is not one the page knows.
std::string FieldInWords(const std::string& path, const ScoreModel& model);

// The whole error for the page: the field in words, then the message in the same terms.
std::string ErrorForPeople(const ModelError& error, const ScoreModel& model);

// An engine session error for the page ("line 1: data.customer: column "user_id" is not in
// the file" -> "Customer column: column "user_id" is not in the file"): the header's line
// number says nothing to a person and the field is named in words; other lines stay.
std::string SessionErrorForPeople(const std::string& error, const ScoreModel& model);

// A colour for a tier added after `tiers`: the first of a palette that no tier uses yet
// (a new tier must not look like the one it was split from).
std::string NextTierColor(const std::vector<Tier>& tiers);

}  // namespace ces::app
