// A data note on customer ids that are placeholders for a missing value ("null", "NULL",
// "N/A", "None"…). The contract decides what an id is (any non-empty text), so such rows
// are scored as one customer; the page says so, since an export that wrote its missing
// ids as text otherwise shows a "customer" called null near the top.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ces {
struct Dataset;
}

namespace ces::app {

// True for an id that spreadsheets and databases write for a missing value, in any case.
bool IsPlaceholderId(std::string_view id);

// One note per such id among the dataset's customers, with its row count:
// "12 rows have the customer id “null” — probably missing values in the export; …".
std::vector<std::string> PlaceholderIdNotes(const Dataset& data);

}  // namespace ces::app
