#include "app/core/field_words.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace ces::app {

namespace {

// "“name”" when the item has a name, else "".
std::string Named(const std::string& name) { return name.empty() ? std::string() : " \u201c" + name + "\u201d"; }

// Reads "[<digits>]" at `at`; the index, or -1.
long Index(const std::string& path, size_t* at) {
  if (*at >= path.size() || path[*at] != '[') return -1;
  const size_t close = path.find(']', *at);
  if (close == std::string::npos) return -1;
  const std::string digits = path.substr(*at + 1, close - *at - 1);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return -1;
  *at = close + 1;
  return std::strtol(digits.c_str(), nullptr, 10);
}

struct Word {
  const char* key;
  const char* words;
};
const Word kFieldWords[] = {
    {"name", "name"},       {"weight", "weight"},       {"events", "events"},   {"measure", "measure"},
    {"column", "column"},   {"cap", "cap"},             {"transform", "curve"}, {"half_life_days", "half-life"},
    {"missing", "missing values"}, {"group", "group"}, {"bins", "ranges"},      {"points", "points"},
    {"below", "limit"},     {"color", "colour"},        {"scale", "scale"},     {"method", "method"},
    {"target", "target"},   {"by_segment", "scale within segments"}, {"target_by_segment", "targets by segment"},
};
const Word kTopWords[] = {
    {"name", "Score name"},
    {"data", "Columns"},
    {"data.shape", "Shape of the file"},
    {"data.customer", "Customer column"},
    {"data.time", "Time column"},
    {"data.event", "Event column"},
    {"data.segment", "Segment column"},
    {"data.carry", "Carried columns"},
    {"data.time_format", "Date format"},
    {"data.delimiter", "Delimiter"},
    {"window", "Window"},
    {"window.days", "Window length"},
    {"window.as_of", "As-of date"},
    {"scale", "Scale"},
    {"scale.method", "Scale method"},
    {"scale.target", "Scale target"},
    {"scale.by_segment", "Scale within segments"},
    {"scale.target_by_segment", "Targets by segment"},
    {"activities", "Activities"},
    {"tiers", "Tiers"},
    {"groups", "Groups"},
};

std::string Lookup(const Word* begin, const Word* end, const std::string& key) {
  for (const Word* w = begin; w != end; ++w)
    if (key == w->key) return w->words;
  return "";
}

// The rest of a path after an item ("", ".weight", ".bins[1].below") in words.
std::string Rest(const std::string& rest) {
  std::string out;
  size_t at = 0;
  while (at < rest.size()) {
    if (rest[at] != '.') return out.empty() ? rest : out + " " + rest.substr(at);
    ++at;
    size_t end = at;
    while (end < rest.size() && rest[end] != '.' && rest[end] != '[') ++end;
    const std::string key = rest.substr(at, end - at);
    std::string words = Lookup(std::begin(kFieldWords), std::end(kFieldWords), key);
    if (words.empty()) words = key;
    at = end;
    const long i = Index(rest, &at);
    if (i >= 0) {
      if (key == "bins") words = "range " + std::to_string(i + 1);
      else if (key == "events") words = "event " + std::to_string(i + 1);
      else words += " " + std::to_string(i + 1);
    }
    out += (out.empty() ? "" : ", ") + words;
  }
  return out;
}

}  // namespace

std::string FieldInWords(const std::string& path, const ScoreModel& m) {
  const std::string top = Lookup(std::begin(kTopWords), std::end(kTopWords), path);
  if (!top.empty()) return top;
  auto item = [&](const char* prefix, const char* label, size_t count, auto name_of) -> std::string {
    const std::string p = prefix;
    if (path.compare(0, p.size() + 1, p + "[") != 0) return "";
    size_t at = p.size();
    const long i = Index(path, &at);
    if (i < 0) return "";
    std::string out = std::string(label) + " " + std::to_string(i + 1);
    if (static_cast<size_t>(i) < count) out += Named(name_of(static_cast<size_t>(i)));
    const std::string rest = Rest(path.substr(at));
    return rest.empty() ? out : out + ", " + rest;
  };
  std::string s = item("activities", "Activity", m.activities.size(), [&](size_t i) { return m.activities[i].name; });
  if (s.empty()) s = item("tiers", "Tier", m.tiers.size(), [&](size_t i) { return m.tiers[i].name; });
  if (s.empty()) s = item("groups", "Group", m.groups.size(), [&](size_t i) { return m.groups[i].name; });
  if (s.empty()) s = item("data.carry", "Carried column", m.data.carry.size(), [&](size_t i) { return m.data.carry[i]; });
  return s.empty() ? path : s;
}

std::string ErrorForPeople(const ModelError& e, const ScoreModel& m) {
  std::string message = e.message;
  // "must be greater than the previous tier's below (70)": the previous tier by number.
  auto previous = [&](const char* list, const char* what, const char* label) {
    const std::string phrase = std::string("the previous ") + what + "'s below";
    const size_t found = message.find(phrase);
    if (found == std::string::npos) return;
    const std::string needle = std::string(list) + "[";
    size_t open = e.path.rfind(needle);
    if (open == std::string::npos) return;
    size_t at = open + needle.size() - 1;
    const long i = Index(e.path, &at);
    if (i < 1) return;
    message.replace(found, phrase.size(), std::string(label) + " " + std::to_string(i) + "'s limit");
  };
  previous("tiers", "tier", "tier");
  previous("bins", "bin", "range");
  const std::string greater = "must be greater than";
  if (message.compare(0, greater.size(), greater) == 0) message.replace(0, greater.size(), "must be above");
  if (e.path.empty()) return message;
  return FieldInWords(e.path, m) + ": " + message;
}

std::string SessionErrorForPeople(const std::string& error, const ScoreModel& m) {
  std::string rest = error;
  const std::string header = "line 1: ";
  if (rest.compare(0, header.size(), header) == 0) rest.erase(0, header.size());
  const size_t colon = rest.find(": ");
  if (colon == std::string::npos) return rest;
  const std::string path = rest.substr(0, colon);
  const std::string words = FieldInWords(path, m);
  return words == path ? rest : words + rest.substr(colon);
}

std::string NextTierColor(const std::vector<Tier>& tiers) {
  static const char* const kPalette[] = {"#5bc0de", "#9b6fd6", "#1abc9c", "#e67e22", "#d96ca8", "#8fa3b8", "#f1c40f"};
  for (const char* c : kPalette)
    if (std::none_of(tiers.begin(), tiers.end(), [&](const Tier& t) { return t.color == c; })) return c;
  return kPalette[tiers.size() % std::size(kPalette)];
}

}  // namespace ces::app
