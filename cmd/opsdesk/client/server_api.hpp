#pragma once
// The operator CLI's connection to a running opsdesk (`opsdesk incidents …`, `opsdesk sla …`):
// where it is and who is asking, resolved once from flags, the environment and `make run`'s
// var/dev-token, then plain HTTP requests with the bearer token (cpp-httplib underneath).

#include <expected>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace opsdesk::cli::client {

// What the flags said; empty: the environment decides, then the defaults.
struct ConnectionFlags {
  std::string url;    // --url; else OPSDESK_URL; else http://127.0.0.1:8080
  std::string token;  // --token; else OPSDESK_TOKEN; else the file var/dev-token (make run)
  bool json = false;  // --json: the server's answer as it came, for scripts
};

// What --help says of the connection, the same for every client subcommand.
inline constexpr const char* kConnectionHelp =
    "Talks to a running opsdesk over HTTP: --url (or OPSDESK_URL, default "
    "http://127.0.0.1:8080) and --token (or OPSDESK_TOKEN, default the file var/dev-token that "
    "make run writes). Exit status: 0 done, 1 the server said no (its problem is printed), "
    "2 bad usage.";

struct Answer {
  int status = 0;
  std::string content_type;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  nlohmann::json json() const;                 // null when the body is not JSON
  bool ok() const { return status >= 200 && status < 300; }
};

class ServerApi {
 public:
  // The error says which setting is missing (exit 2).
  static std::expected<ServerApi, std::string> connect(const ConnectionFlags& flags);

  // An error text when the server could not be reached at all.
  std::expected<Answer, std::string> get(const std::string& path_and_query) const;
  std::expected<Answer, std::string> post(const std::string& path,
                                          const nlohmann::json& body) const;
  // A body that is not JSON (a signed program to verify), as `content_type`.
  std::expected<Answer, std::string> post_bytes(const std::string& path, const std::string& body,
                                                const std::string& content_type) const;
  const std::string& url() const { return url_; }

 private:
  ServerApi(std::string url, std::string token) : url_(std::move(url)), token_(std::move(token)) {}
  std::string url_;
  std::string token_;
};

// The server's refusal as operators read it: "422 Validation failed: … \n  tenant: unknown …".
std::string problem_text(const Answer& answer);

// Percent-encodes a query value.
std::string query_value(const std::string& text);
// `path` with a query of the `params` that have a value ("/v1/changes?status=open").
std::string with_query(std::string path,
                       const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace opsdesk::cli::client
