#include "engine/inspect/event_words.h"

#include <algorithm>
#include <cctype>

namespace ces {

namespace {

bool IsSeparator(char c) { return c == '.' || c == '_' || c == '-' || c == '/' || c == ':' || c == ' ' || c == '\t'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

// Whole words (with their usual inflections) that mean a customer is leaving, paying
// less, or having trouble. Listed word by word rather than matched as substrings, so
// that "preferred", "canceller" or "errand" do not match by accident.
const char* const kTroubleWords[] = {
    "cancel", "cancels", "canceled", "cancelled", "canceling", "cancelling", "cancellation", "cancellations",
    "cancelation", "delete", "deletes", "deleted", "deleting", "deletion", "churn", "churns", "churned",
    "churning", "fail", "fails", "failed", "failing", "failure", "failures", "refund", "refunds", "refunded",
    "refunding", "chargeback", "chargebacks", "unsubscribe", "unsubscribes", "unsubscribed", "unsubscribing",
    "unsubscription", "optout", "bounce", "bounces", "bounced", "hardbounce", "complaint", "complaints",
    "complain", "complained", "downgrade", "downgrades", "downgraded", "downgrading", "error", "errors",
    "errored", "dispute", "disputes", "disputed", "pastdue", "overdue", "delinquent", "unpaid", "uninstall",
    "uninstalls", "uninstalled", "expire", "expires", "expired", "expiration", "decline", "declines",
    "declined", "reject", "rejects", "rejected", "rejection", "lapse", "lapsed", "abandon", "abandons",
    "abandoned", "spam", "suspend", "suspends", "suspended", "suspension", "revoke", "revoked",
    "terminate", "terminated", "termination", "deactivate", "deactivated", "deactivation", "crash",
    "crashes", "crashed", "ticket", "tickets", "escalation", "escalated", "lost",
};
// Words that mean the system announced or planned the event: not something the customer did.
const char* const kScheduledWords[] = {
    "upcoming", "scheduled", "reminder", "reminders", "forecast", "forecasted", "projected", "will",
};
// Two words that mean trouble together and nothing alone.
const char* const kTroublePairs[][2] = {{"past", "due"}, {"opt", "out"}, {"opted", "out"}, {"closed", "lost"}};

}  // namespace

std::vector<std::string> NameWords(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(word);
    word.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (IsSeparator(c)) {
      flush();
      continue;
    }
    // camelCase: a capital after a small letter starts a word ("paymentFailed"), as does
    // the last capital of a run followed by a small letter ("HTTPError" → http, error).
    if (IsUpper(c) && !word.empty() &&
        (IsLower(name[i - 1]) || (IsUpper(name[i - 1]) && i + 1 < name.size() && IsLower(name[i + 1]))))
      flush();
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  flush();
  return words;
}

std::string TroubleWord(std::string_view event_name) {
  const std::vector<std::string> words = NameWords(event_name);
  for (size_t i = 0; i + 1 < words.size(); ++i)
    for (const auto& pair : kTroublePairs)
      if (words[i] == pair[0] && words[i + 1] == pair[1]) return words[i] + " " + words[i + 1];
  for (const std::string& w : words)
    if (std::find(std::begin(kTroubleWords), std::end(kTroubleWords), w) != std::end(kTroubleWords)) return w;
  return "";
}

std::string ScheduledWord(std::string_view event_name) {
  for (const std::string& w : NameWords(event_name))
    if (std::find(std::begin(kScheduledWords), std::end(kScheduledWords), w) != std::end(kScheduledWords)) return w;
  return "";
}

bool IsCurrencyColumnName(std::string_view column_name) {
  for (const std::string& w : NameWords(column_name))
    if (w == "currency" || w == "ccy") return true;
  return false;
}

}  // namespace ces
