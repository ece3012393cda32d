#include "libs/http/message.hpp"

#include <algorithm>
#include <cctype>

namespace opsdesk::http {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return lower(x) < lower(y); });
}

std::string Request::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string{} : it->second;
}

std::string Request::media_type() const {
  const auto type = header("Content-Type");
  std::string lower;
  for (const char c : type.substr(0, type.find(';')))
    if (c != ' ' && c != '\t')
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::optional<std::string> Request::query_param(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Response Response::json(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  // Bodies echo client text (paths, field names); invalid UTF-8 in it must not turn a 404 into
  // an exception, so it is replaced rather than thrown on.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

Response& Response::set_header(std::string name, std::string value) {
  auto it = std::find_if(headers.begin(), headers.end(),
                         [&](const auto& h) { return iequals(h.first, name); });
  if (it != headers.end()) {
    it->second = std::move(value);
  } else {
    headers.emplace_back(std::move(name), std::move(value));
  }
  return *this;
}

std::string Response::header(const std::string& name) const {
  auto it = std::find_if(headers.begin(), headers.end(),
                         [&](const auto& h) { return iequals(h.first, name); });
  return it == headers.end() ? std::string{} : it->second;
}

}  // namespace opsdesk::http
