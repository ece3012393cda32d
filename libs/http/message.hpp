#pragma once
// The request and response values handlers see. Plain data: no sockets, no Beast types, so
// handlers and their tests need nothing but these structs.

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libs/auth/principal.hpp"
#include "libs/http/stream.hpp"

namespace opsdesk::http {

struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const;
};

struct Request {
  std::string method;  // "GET", "POST", …
  std::string path;    // percent-decoded, without the query string
  std::map<std::string, std::string>
      query;  // percent-decoded; a repeated name keeps the last value
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;
  std::map<std::string, std::string> path_params;  // filled by the router from "{name}" segments
  std::string request_id;  // X-Request-Id if the client sent a sane one, else a fresh UUIDv7
  // The caller, checked by the router's gate against the route's Access before the handler
  // runs; set for every route that is not public once a gate is installed.
  std::optional<auth::Principal> principal{};
  // A URL token the route accepts instead of a bearer token (Access::url_token_param), passed on
  // by the gate for the route's module to resolve; set only when the request had no bearer token.
  std::optional<std::string> url_token{};

  // Empty string when absent.
  std::string header(const std::string& name) const;
  // The body's media type from Content-Type: lower case, without parameters or blanks
  // ("application/json; charset=utf-8" gives "application/json"); empty when absent.
  std::string media_type() const;
  std::optional<std::string> query_param(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The rest of the body, shared with a cache and sent after `body` without being copied: a
  // cached answer of hundreds of kilobytes costs no copy per request, and `body` can carry the
  // few bytes that differ per request in front of it.
  std::shared_ptr<const std::string> shared_body;
  // Set for a stream (stream.hpp): the body above is its first bytes, and the connection stays
  // open for what the opener's sink sends later. Only the HTTP server streams; an in-process
  // caller (Server::dispatch) gets the first bytes and no sink.
  StreamOpener stream;

  std::size_t body_size() const { return body.size() + (shared_body ? shared_body->size() : 0); }
  // The whole body as one string (a copy): for tests and in-process callers.
  std::string whole_body() const { return shared_body ? body + *shared_body : body; }

  static Response json(int status, const nlohmann::json& body);
  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  Response& set_header(std::string name, std::string value);
  // Empty string when absent.
  std::string header(const std::string& name) const;
  // The body's media type from Content-Type: lower case, without parameters or blanks
  // ("application/json; charset=utf-8" gives "application/json"); empty when absent.
  std::string media_type() const;
};

}  // namespace opsdesk::http
