// Reading an event name as an analyst would: which names mean loss or trouble
// (a cancellation, a failed charge, a refund, an unsubscribe…). The starter model
// gives those a negative weight; the page says why.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ces {

// The words of a name, lower-cased: split on `.`, `_`, `-`, `/`, `:`, spaces and
// camelCase ("customer.subscription.deleted" → customer, subscription, deleted;
// "paymentFailed" → payment, failed).
std::vector<std::string> NameWords(std::string_view name);

// The word of `event_name` that marks it as loss or trouble ("deleted", "past due"), or
// "" when none does. Whole words only: "refunded" matches, "preferred" does not.
std::string TroubleWord(std::string_view event_name);

// The word of `event_name` that marks it as scheduled by the system rather than done by
// the customer ("invoice.upcoming", "payment_reminder", "trial_will_end"), or "" when
// none does. Such events are often dated in the future; counting them as engagement would
// reward a customer for an invoice not yet sent.
std::string ScheduledWord(std::string_view event_name);

// A column that names each row's currency: a word of its name is "currency" or "ccy"
// ("currency", "Currency Code", "converted_currency").
bool IsCurrencyColumnName(std::string_view column_name);

}  // namespace ces
