#include "cmd/opsdesk/client/server_api.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>

namespace opsdesk::cli::client {

namespace {

constexpr const char* kDefaultUrl = "http://127.0.0.1:8080";
constexpr const char* kDevTokenFile = "var/dev-token";

std::string from_environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

std::expected<Answer, std::string> convert(const httplib::Result& result, const std::string& url) {
  if (!result)
    return std::unexpected("cannot reach opsdesk at " + url + ": " +
                           httplib::to_string(result.error()) +
                           " (is it running? --url or OPSDESK_URL names another)");
  Answer answer;
  answer.status = result->status;
  answer.body = result->body;
  for (const auto& [name, value] : result->headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    answer.headers[lower] = value;
  }
  answer.content_type = answer.headers["content-type"];
  return answer;
}

}  // namespace

nlohmann::json Answer::json() const {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

std::expected<ServerApi, std::string> ServerApi::connect(const ConnectionFlags& flags) {
  std::string url = !flags.url.empty() ? flags.url : from_environment("OPSDESK_URL");
  if (url.empty()) url = kDefaultUrl;
  while (url.ends_with("/")) url.pop_back();
  if (!url.starts_with("http://"))
    return std::unexpected("--url: '" + url + "' must start with http:// (e.g. " + kDefaultUrl +
                           ")");
  std::string token = !flags.token.empty() ? flags.token : from_environment("OPSDESK_TOKEN");
  if (token.empty()) {
    std::ifstream file(kDevTokenFile);
    std::getline(file, token);
  }
  token = trimmed(token);
  if (token.empty())
    return std::unexpected(
        "no token: pass --token or set OPSDESK_TOKEN (make run writes one to var/dev-token)");
  return ServerApi(url, token);
}

std::expected<Answer, std::string> ServerApi::get(const std::string& path_and_query) const {
  httplib::Client client(url_);
  client.set_connection_timeout(5);
  client.set_read_timeout(60);
  return convert(client.Get(path_and_query, {{"Authorization", "Bearer " + token_}}), url_);
}

std::expected<Answer, std::string> ServerApi::post(const std::string& path,
                                                   const nlohmann::json& body) const {
  return post_bytes(path, body.dump(), "application/json");
}

std::expected<Answer, std::string> ServerApi::post_bytes(const std::string& path,
                                                         const std::string& body,
                                                         const std::string& content_type) const {
  httplib::Client client(url_);
  client.set_connection_timeout(5);
  client.set_read_timeout(60);
  return convert(client.Post(path, {{"Authorization", "Bearer " + token_}}, body, content_type),
                 url_);
}

std::string problem_text(const Answer& answer) {
  const auto problem = answer.json();
  if (!problem.is_object()) return std::to_string(answer.status) + " " + answer.body;
  std::string text = std::to_string(answer.status) + " " + problem.value("title", "");
  if (const auto detail = problem.value("detail", ""); !detail.empty()) text += ": " + detail;
  if (problem.contains("errors") && problem["errors"].is_array()) {
    for (const auto& error : problem["errors"])
      text += "\n  " + error.value("field", "") + ": " + error.value("message", "");
  }
  return text;
}

std::string query_value(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string with_query(std::string path,
                       const std::vector<std::pair<std::string, std::string>>& params) {
  char separator = '?';
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    path += separator + name + "=" + query_value(value);
    separator = '&';
  }
  return path;
}

}  // namespace opsdesk::cli::client
