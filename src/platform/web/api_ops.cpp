// The operations of window.ces (spec v1 and v2, section 6), one handler each, and the
// table that names them. See api_ops.h for how to add one.
#include "api_ops.h"

#include "app/app.h"
#include "app/core/page_operations.h"
#include "web_platform_services.h"

namespace ces::web {

namespace {

using Json = nlohmann::json;

// The string option `key`; an error naming it when present and not a string.
bool StringOption(const ApiRequest& r, const char* key, std::string* out, ApiReply* error) {
  auto it = r.options.find(key);
  if (it == r.options.end() || it->is_null()) return true;
  if (!it->is_string()) {
    *error = ApiReply::Error(std::string("options.") + key + ": expected a string");
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

// [SECTION] The page's start and its address

ApiReply PageStart(const ApiRequest& r) {  // {fragment, pageUrl}
  std::string fragment, page_url;
  ApiReply error;
  if (!StringOption(r, "fragment", &fragment, &error) || !StringOption(r, "pageUrl", &page_url, &error)) return error;
  r.app.OnStart(fragment, page_url);
  return ApiReply::Json(nullptr);
}

ApiReply UrlFragment(const ApiRequest& r) {  // {fragment}: a share link opened in this tab
  std::string fragment;
  ApiReply error;
  if (!StringOption(r, "fragment", &fragment, &error)) return error;
  r.app.flow().OnUrlFragment(fragment);
  return ApiReply::Json(nullptr);
}

// [SECTION] Spec v1 section 6

ApiReply SetModel(const ApiRequest& r) {  // {model: JSON text, origin: "api" | "file"}
  std::string model, origin = "api";
  ApiReply error;
  if (!StringOption(r, "model", &model, &error) || !StringOption(r, "origin", &origin, &error)) return error;
  if (origin != "api" && origin != "file") return ApiReply::Error("options.origin: expected \"api\" or \"file\"");
  const app::SetModelResult result =
      r.app.flow().SetModelJson(model, origin == "file" ? app::ModelOrigin::kFile : app::ModelOrigin::kApi);
  Json answer = {{"ok", result.ok}};
  if (!result.ok) answer["errors"] = result.errors;
  return ApiReply::Json(answer);
}

ApiReply Summary(const ApiRequest& r) { return {ApiReply::kJson, r.app.flow().SummaryJson()}; }

ApiReply ResultsCsv(const ApiRequest& r) { return ApiReply::Text(r.app.flow().ResultsCsv()); }

// [SECTION] Spec v2 section 6: history, movers, compare, backtest, SQL

// The loaded, scored file the v2 operations work on; an error reply when there is none.
const ScoreSession* LoadedSession(const ApiRequest& r, ApiReply* error) {
  const ScoreSession* s = r.app.flow().Scored();
  if (!s) *error = ApiReply::Error("no file is loaded and scored yet: load one with ces.loadCsv first");
  return s;
}

ApiReply FromOperation(const app::OperationResult& result) {
  switch (result.kind) {
    case app::OperationResult::kText: return ApiReply::Text(result.body);
    case app::OperationResult::kJson: return {ApiReply::kJson, result.body};
    case app::OperationResult::kError: break;
  }
  // The page's JavaScript retries with the loaded file attached when asked to.
  return ApiReply::Error(result.needs_loaded_file ? "needs-loaded-file\n" + result.body : result.body);
}

std::string OptionsText(const ApiRequest& r) { return r.options.dump(); }
const std::string* Attachment(const ApiRequest& r, std::string* holder) {
  if (!r.has_attachment) return nullptr;
  holder->assign(r.attachment);
  return holder;
}

ApiReply HistoryCsv(const ApiRequest& r) {
  ApiReply error;
  const ScoreSession* s = LoadedSession(r, &error);
  return s ? FromOperation(app::HistoryCsvOperation(*s, OptionsText(r))) : error;
}

ApiReply Movers(const ApiRequest& r, bool summary) {
  ApiReply error;
  const ScoreSession* s = LoadedSession(r, &error);
  if (!s) return error;
  std::string bytes;
  return FromOperation(app::MoversOperation(*s, OptionsText(r), Attachment(r, &bytes), summary));
}
ApiReply MoversCsv(const ApiRequest& r) { return Movers(r, false); }
ApiReply MoversSummary(const ApiRequest& r) { return Movers(r, true); }

ApiReply Compare(const ApiRequest& r, bool summary) {  // {model: JSON text}
  ApiReply error;
  const ScoreSession* s = LoadedSession(r, &error);
  if (!s) return error;
  std::string model;
  if (!StringOption(r, "model", &model, &error)) return error;
  std::string bytes;
  return FromOperation(app::CompareOperation(*s, model, Attachment(r, &bytes), summary));
}
ApiReply CompareCsv(const ApiRequest& r) { return Compare(r, false); }
ApiReply CompareSummary(const ApiRequest& r) { return Compare(r, true); }

ApiReply Backtest(const ApiRequest& r) {
  ApiReply error;
  const ScoreSession* s = LoadedSession(r, &error);
  if (!s) return error;
  std::string bytes;
  return FromOperation(app::BacktestOperation(*s, OptionsText(r), Attachment(r, &bytes)));
}

ApiReply Sql(const ApiRequest& r) {  // {dialect}
  std::string dialect;
  ApiReply error;
  if (!StringOption(r, "dialect", &dialect, &error)) return error;
  // The model the scores on screen come from (the last valid one while an edit is unfinished).
  return FromOperation(app::SqlOperation(r.app.flow().model().last_valid(), dialect));
}

// [SECTION] Files a view asked for (not on window.ces)

ApiReply SideFile(const ApiRequest& r) {  // {purpose, name} with the file's bytes attached
  std::string purpose, name;
  ApiReply error;
  if (!StringOption(r, "purpose", &purpose, &error) || !StringOption(r, "name", &name, &error)) return error;
  r.app.OnSideFile(purpose, name, std::string(r.attachment));
  return ApiReply::Json(nullptr);
}
ApiReply DropTarget(const ApiRequest& r) { return ApiReply::Json(r.app.DropTarget()); }  // "outcomes" | "data"

// [SECTION] The models kept in the browser, undo and redo (the Models menu and Ctrl+Z)

ApiReply Models(const ApiRequest& r) { return {ApiReply::kJson, r.app.flow().ModelsJson()}; }
// Like setModel, they finish a re-score now when the file is in memory: the caller reads the results next.
ApiReply Undo(const ApiRequest& r) { return ApiReply::Json(r.app.flow().Undo(true)); }
ApiReply Redo(const ApiRequest& r) { return ApiReply::Json(r.app.flow().Redo(true)); }

// [SECTION] Test hooks (not on window.ces)

ApiReply UiState(const ApiRequest& r) { return {ApiReply::kJson, r.app.UiStateJson()}; }

// [SECTION] The table

constexpr ApiOp kOps[] = {
    {"pageStart", &PageStart},           // the page glue's, not on window.ces
    {"urlFragment", &UrlFragment},       // the page glue's, not on window.ces
    {"setModel", &SetModel},
    {"summary", &Summary},
    {"resultsCsv", &ResultsCsv},
    {"sideFile", &SideFile},             // the page glue's (PlatformServices::RequestOpenSideFile)
    {"dropTarget", &DropTarget},         // the page glue's: where a dropped CSV goes
    {"uiState", &UiState},               // TEST HOOK for tests/browser, not on window.ces
    {"historyCsv", &HistoryCsv},         // spec v2 section 6
    {"moversCsv", &MoversCsv},
    {"moversSummary", &MoversSummary},
    {"compareCsv", &CompareCsv},
    {"compareSummary", &CompareSummary},
    {"backtest", &Backtest},
    {"sql", &Sql},
    {"models", &Models},
    {"undo", &Undo},
    {"redo", &Redo},
};

}  // namespace

ApiReply ApiReply::Json(const nlohmann::json& value) {
  return {kJson, value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

std::string HandleApiRequest(app::App& app, std::string_view request_json, std::string_view attachment,
                             bool has_attachment) {
  const Json request = Json::parse(request_json, nullptr, false);
  if (!request.is_object() || !request.contains("op") || !request["op"].is_string())
    return "error\nThe request is not {op, options} JSON.";
  const std::string op = request["op"].get<std::string>();
  static const Json kNoOptions = Json::object();
  const Json& options = request.contains("options") ? request["options"] : kNoOptions;
  if (!options.is_object()) return "error\noptions: expected an object";
  for (const ApiOp& entry : kOps) {
    if (op != entry.name) continue;
    ApiReply reply = entry.handler({app, options, attachment, has_attachment});
    // In place: a results table can be hundreds of MB, and a copy would double it.
    reply.body.insert(0, reply.kind == ApiReply::kJson ? "json\n" : reply.kind == ApiReply::kText ? "text\n" : "error\n");
    return std::move(reply.body);
  }
  return "error\nces." + op + " is not available in this build";
}

}  // namespace ces::web
