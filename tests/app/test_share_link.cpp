// Share links (src/app/core/share_link.h) are untrusted input: whatever a URL
// fragment holds, decoding never crashes, never takes a bad model, and says why.
#include <doctest/doctest.h>

#include <string>

#include "app/core/scoring_flow.h"
#include "app/core/share_link.h"
#include "engine/base/engine_limits.h"
#include "fake_platform.h"

using namespace ces::app;

namespace {

constexpr char kModel[] = R"({"ces_model":1,"name":"Shared","data":{"shape":"events","customer":"user_id","time":"timestamp","event":"event"},"activities":[{"name":"Logins","events":["login"],"measure":"count","weight":1}],"scale":{"method":"raw"}})";

// What opening the page with `fragment` does: the model it ends with and the notices.
struct Opened {
  std::string model_name;
  bool pinned;
  std::vector<Notice> notices;
};
Opened OpenWith(std::string_view fragment) {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  flow.OnStart("", fragment);
  return {flow.model().last_valid().name, flow.model().pinned, flow.TakeNotices()};
}

bool HasError(const Opened& o, std::string_view text) {
  for (const Notice& n : o.notices)
    if (n.kind == Notice::kError && n.text.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("base64url round trip, with and without padding and the standard alphabet") {
  for (std::string text : {std::string(), std::string("a"), std::string("ab"), std::string("abc"), std::string("\xff\xfe\x00\x01", 4), std::string(kModel)}) {
    const std::string encoded = Base64UrlEncode(text);
    CHECK(encoded.find('=') == std::string::npos);
    CHECK(encoded.find('+') == std::string::npos);
    CHECK(encoded.find('/') == std::string::npos);
    CHECK(Base64UrlDecode(encoded) == text);
  }
  CHECK(Base64UrlDecode("YWI=") == std::string("ab"));   // padding is accepted
  CHECK(Base64UrlDecode("-_8") == Base64UrlDecode("+/8"));  // so is the standard alphabet
}

TEST_CASE("a share link opens the model it carries, pinned") {
  const Opened o = OpenWith("#" + ShareFragment(kModel));
  CHECK(o.model_name == "Shared");
  CHECK(o.pinned);
  REQUIRE(o.notices.size() == 1);
  CHECK(o.notices[0].kind == Notice::kInfo);
  // Without the '#', as the page passes a hashchange.
  CHECK(OpenWith(ShareFragment(kModel)).model_name == "Shared");
}

TEST_CASE("fragments that are not share links are ignored silently") {
  for (const char* fragment : {"", "#", "#other=1", "#<img src=x onerror=alert(1)>", "#MODEL=abc", "model"}) {
    const Opened o = OpenWith(fragment);
    CHECK(o.model_name == DefaultModel().name);
    CHECK(o.notices.empty());
    std::string error;
    CHECK_FALSE(ModelFromFragment(fragment, &error).has_value());
    CHECK(error.empty());
  }
}

TEST_CASE("hostile share links: the default model stays and the user is told why") {
  const std::string good = ShareFragment(kModel);
  SUBCASE("not base64url") {
    const Opened o = OpenWith("#model=javascript:window.pwned=1");
    CHECK(o.model_name == DefaultModel().name);
    CHECK(HasError(o, "not valid base64url"));
  }
  SUBCASE("truncated at every length") {
    for (size_t n = 6; n < good.size(); n += 7) {
      const Opened o = OpenWith("#" + good.substr(0, n));
      CAPTURE(n);
      CHECK(o.model_name == DefaultModel().name);
      CHECK_FALSE(o.pinned);
      CHECK(o.notices.size() == 1);
      CHECK(o.notices[0].kind == Notice::kError);
    }
  }
  SUBCASE("a lone trailing character cannot come from whole bytes") {
    std::string error;
    CHECK_FALSE(ModelFromFragment("model=QUJD" "R", &error).has_value());
    CHECK(error.find("base64url") != std::string::npos);
  }
  SUBCASE("larger than any model may be") {
    const Opened o = OpenWith("#model=" + std::string(ces::kMaxModelBytes / 3 * 4 + 8, 'A'));
    CHECK(o.model_name == DefaultModel().name);
    CHECK(HasError(o, "larger than"));
  }
  SUBCASE("just below the size limit, but not a model") {
    const Opened o = OpenWith("#model=" + std::string(ces::kMaxModelBytes / 3 * 4, 'A'));
    CHECK(o.model_name == DefaultModel().name);
    CHECK(HasError(o, "not valid"));
  }
  SUBCASE("wrong version") {
    std::string json = kModel;
    json.replace(json.find("\"ces_model\":1"), 13, "\"ces_model\":99");
    const Opened o = OpenWith("#" + ShareFragment(json));
    CHECK(o.model_name == DefaultModel().name);
    CHECK(HasError(o, "ces_model"));
  }
  SUBCASE("invalid JSON and JSON that is not an object") {
    for (const char* text : {"<script>window.pwned=5</script>", "{\"ces_model\":1,", "[]", "42", "null", "\"model\""}) {
      const Opened o = OpenWith("#" + ShareFragment(text));
      CAPTURE(text);
      CHECK(o.model_name == DefaultModel().name);
      CHECK(HasError(o, "not valid"));
    }
  }
  SUBCASE("control characters and invalid UTF-8") {
    std::string raw = kModel;
    raw.replace(raw.find("Shared"), 6, std::string("Sh\x00\x1b[31m\x07red", 11));  // raw control bytes: not JSON
    CHECK(HasError(OpenWith("#" + ShareFragment(raw)), "not valid"));
    std::string bad_utf8 = kModel;
    bad_utf8.replace(bad_utf8.find("Shared"), 6, "Sh\xC3\x28red\xFF");
    const Opened o = OpenWith("#" + ShareFragment(bad_utf8));
    CHECK(o.model_name == DefaultModel().name);
    // Escaped control characters are valid JSON, but no name may hold one (as in `ces validate`).
    std::string escaped = kModel;
    escaped.replace(escaped.find("Shared"), 6, "Sh\\u0000\\u001b[31m");
    const Opened e = OpenWith("#" + ShareFragment(escaped));
    CHECK(e.model_name == DefaultModel().name);
    CHECK(HasError(e, "control character"));
  }
  SUBCASE("prototype keys are just unknown fields") {
    const Opened o = OpenWith("#" + ShareFragment(R"({"ces_model":1,"__proto__":{"x":1},"constructor":{"prototype":{}}})"));
    CHECK(o.model_name == DefaultModel().name);
    CHECK(HasError(o, "not valid"));
  }
}
