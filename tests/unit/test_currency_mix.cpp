// Amounts in several currencies (issue 14, point 6): a sum or value activity over an
// amount column whose rows carry different currency codes (in a column named
// "currency", "ccy"…) or different currency signs is added as it is; scoring says so,
// for the command line (standard error) and the page (ces.summary().warnings) alike.
#include <doctest/doctest.h>

#include <string>

#include "engine/csv/value_parse.h"
#include "engine/session.h"
#include "test_helpers.h"

using namespace ces;
using ces_test::ScoredSession;

namespace {

const char* kModel = R"({"ces_model":1,"name":"Pay","data":{"shape":"events","customer":"customer","time":"created","event":"type"},
  "activities":[{"name":"Spend","events":["charge.succeeded"],"measure":"sum","column":"amount","weight":1},
                {"name":"Charges","events":["charge.succeeded"],"weight":1}],"scale":{"method":"raw"}})";

std::vector<std::string> CurrencyWarnings(const ScoreSession& s) {
  std::vector<std::string> out;
  for (const std::string& w : s.table().warnings)
    if (w.find("currenc") != std::string::npos) out.push_back(w);
  for (const std::string& w : s.dataset().warnings)
    if (w.find("currenc") != std::string::npos) out.push_back(w);
  return out;
}

}  // namespace

TEST_CASE("the currency sign a number leads with, as the number parser skips it") {
  CHECK(NumberCurrencySign("$12.50") == "$");
  CHECK(NumberCurrencySign(" -$5") == "$");
  CHECK(NumberCurrencySign("\xE2\x82\xAC" "3") == "\u20ac");
  CHECK(NumberCurrencySign("\xC2\xA3" "1,200") == "\u00a3");
  CHECK(NumberCurrencySign("\x80" "7") == "\u20ac");  // Windows-1252
  CHECK(NumberCurrencySign("12") == "");
  CHECK(NumberCurrencySign("USD 12") == "");
}

TEST_CASE("a sum over amounts in three currency codes: one warning naming the activity, the codes and the column") {
  auto s = ScoredSession(kModel,
                  "customer,created,type,amount,Currency\n"
                  "cus_1,2025-01-01T10:00:00Z,charge.succeeded,1200,usd\n"
                  "cus_1,2025-01-01T11:00:00Z,charge.succeeded,100,usd\n"
                  "cus_2,2025-01-02T10:00:00Z,charge.succeeded,900,eur\n"
                  "cus_3,2025-01-03T10:00:00Z,charge.succeeded,500,GBP\n");
  const auto w = CurrencyWarnings(*s);
  REQUIRE(w.size() == 1);
  CHECK(w[0] ==
        "activity Spend: column amount mixes 3 currencies (USD, EUR, GBP in column Currency), added as they are, "
        "unconverted; convert them first, or score one currency at a time");
  // The figures themselves are the contract's: the amounts added as they are.
  CHECK(s->table().raw[0] + s->table().raw[1] + s->table().raw[2] == doctest::Approx(2700 + 4));
}

TEST_CASE("only the rows an activity adds count: another event's currency, a zero amount or an empty code do not") {
  auto s = ScoredSession(kModel,
                  "customer,created,type,amount,currency_code\n"
                  "cus_1,2025-01-01T10:00:00Z,charge.succeeded,1200,usd\n"
                  "cus_2,2025-01-02T10:00:00Z,charge.refunded,900,eur\n"     // not read by Spend
                  "cus_2,2025-01-02T11:00:00Z,charge.succeeded,0,gbp\n"      // adds nothing
                  "cus_3,2025-01-03T10:00:00Z,charge.succeeded,500,\n");     // no code
  CHECK(CurrencyWarnings(*s).empty());
  CHECK(s->dataset().currency_mix.size() == 1);
  CHECK(s->dataset().currency_mix[0].codes.empty());
}

TEST_CASE("amounts written with different currency signs in one column") {
  auto s = ScoredSession(kModel,
                  "customer,created,type,amount\n"
                  "cus_1,2025-01-01T10:00:00Z,charge.succeeded,$12\n"
                  "cus_2,2025-01-02T10:00:00Z,charge.succeeded,\xE2\x82\xAC" "9\n"
                  "cus_3,2025-01-03T10:00:00Z,charge.succeeded,7\n");
  const auto w = CurrencyWarnings(*s);
  REQUIRE(w.size() == 1);
  CHECK(w[0].find("activity Spend: column amount mixes amounts written with 2 currency signs ($, \u20ac)") == 0);
  // One sign throughout is one currency.
  auto one = ScoredSession(kModel, "customer,created,type,amount\nc1,2025-01-01,charge.succeeded,$1\nc2,2025-01-01,charge.succeeded,$2\n");
  CHECK(CurrencyWarnings(*one).empty());
}

TEST_CASE("many codes: the first six listed, and said to be more") {
  std::string csv = "customer,created,type,amount,ccy\n";
  for (const char* code : {"usd", "eur", "gbp", "jpy", "chf", "cad", "aud", "nzd"})
    csv += std::string("c_") + code + ",2025-01-01T10:00:00Z,charge.succeeded,10," + code + "\n";
  auto s = ScoredSession(kModel, csv);
  const auto w = CurrencyWarnings(*s);
  REQUIRE(w.size() == 1);
  CHECK(w[0].find("mixes more than 6 currencies (USD, EUR, GBP, JPY, CHF, CAD, \u2026 in column ccy)") != std::string::npos);
}

TEST_CASE("the customers shape and a value activity get the warning too; a model without amounts does not") {
  const char* value_model = R"({"ces_model":2,"name":"MRR","data":{"shape":"customers","customer":"id"},
    "activities":[{"name":"MRR","measure":"value","column":"mrr","weight":1}],"scale":{"method":"raw"}})";
  const std::string csv = "id,mrr,currency\na,10,usd\nb,20,eur\n";
  auto s = ScoredSession(value_model, csv);
  REQUIRE(CurrencyWarnings(*s).size() == 1);
  CHECK(CurrencyWarnings(*s)[0].find("activity MRR: column mrr mixes 2 currencies (USD, EUR") == 0);
  const char* count_model = R"({"ces_model":1,"name":"C","data":{"shape":"events","customer":"customer","time":"created","event":"type"},
    "activities":[{"name":"Charges","measure":"count","weight":1}],"scale":{"method":"raw"}})";
  auto c = ScoredSession(count_model, "customer,created,type,amount,currency\nc1,2025-01-01,x,1,usd\nc2,2025-01-01,x,2,eur\n");
  CHECK(CurrencyWarnings(*c).empty());
}

TEST_CASE("a file read in two parts (ces score --threads) finds the codes of both parts, in file order") {
  const std::string data =
      "customer,created,type,amount,currency\n"
      "c1,2025-01-01T10:00:00Z,charge.succeeded,10,usd\n"
      "c2,2025-01-02T10:00:00Z,charge.succeeded,20,usd\n"
      "c3,2025-01-03T10:00:00Z,charge.succeeded,30,eur\n";
  const ModelLoadResult m = LoadModel(kModel);
  REQUIRE(m.ok());
  const size_t header = data.find('\n') + 1, cut = data.find("c3");
  ScoreSession first(*m.model), second(*m.model);
  first.Feed(data.data(), cut);
  second.Feed(data.data(), header);
  const int64_t second_first_line = second.lines_read();
  second.Feed(data.data() + cut, data.size() - cut);
  REQUIRE(first.EndPart(false));
  REQUIRE(second.EndPart(true));
  std::string why;
  REQUIRE(first.AbsorbPart(second, first.lines_read() - second_first_line, header, &why));
  REQUIRE(first.Finish());
  const auto w = CurrencyWarnings(first);
  REQUIRE(w.size() == 1);
  CHECK(w[0].find("2 currencies (USD, EUR in column currency)") != std::string::npos);
}
