// The page's request/response API: window.ces's operations, each a name in one
// table (api_ops.cpp) and one handler. JavaScript sends a request {op, options} as
// JSON, with at most one attachment (the bytes of a File or Blob option), through
// the single export ces_request (wasm_boundary.h); the answer is JSON or text.
//
// Adding an operation: one handler and one row in kOps; the JavaScript side
// (web/ces_page.js, callOp) needs nothing new unless the method has a special shape.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ces::app {
class App;
}

namespace ces::web {

// What a handler answers: a JSON text, a plain text, or an error whose message names
// the option at fault ("options.every: expected \"week\" or \"month\"").
struct ApiReply {
  enum Kind { kJson, kText, kError } kind = kJson;
  std::string body;

  static ApiReply Json(const nlohmann::json& value);
  static ApiReply Text(std::string text) { return {kText, std::move(text)}; }
  static ApiReply Error(std::string message) { return {kError, std::move(message)}; }
};

struct ApiRequest {
  app::App& app;
  const nlohmann::json& options;     // always an object ({} when the request had none)
  std::string_view attachment;       // the bytes of the request's File/Blob option, or empty
  bool has_attachment;
};

using ApiHandler = ApiReply (*)(const ApiRequest& request);

struct ApiOp {
  const char* name;                  // as JavaScript calls it: "summary", "resultsCsv", …
  ApiHandler handler;
};

// Decodes a request (JSON {op, options}) and runs its handler. The answer is one text:
// "json\n<JSON>", "text\n<text>" or "error\n<message>" (web/ces_page.js splits it).
std::string HandleApiRequest(app::App& app, std::string_view request_json, std::string_view attachment,
                             bool has_attachment);

}  // namespace ces::web
