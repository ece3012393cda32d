#pragma once
// How one module sends a command to another (the inquiries process manager opening an
// incident, the certificates service scheduling a renewal): through the target's HTTP API,
// so the same validation, authorisation and idempotency apply however the two are deployed.
// In the same process the request goes through the server's routes without a socket
// (InProcessCommandClient); otherwise over HTTP to the target's URL (HttpCommandClient). Both
// carry a service token (read from a file, since with RS256 a service cannot mint tokens; or
// minted by a process that holds the HS256 secret, see libs/modules/command_clients.hpp) and
// always an Idempotency-Key, so a command is retried on a failure without being recorded twice.

#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "libs/http/message.hpp"
#include "libs/http/server.hpp"

namespace opsdesk::aggregate {

struct OutgoingCommand {
  std::string path;             // "/v1/incidents" or "/v1/incidents/{id}/record_notice"
  std::string body;             // the command's JSON
  std::string idempotency_key;  // required: names this command for every retry
  std::optional<std::uint64_t> if_match{};
  std::string correlation_id{};  // the request or event that caused it
};

struct CommandAnswer {
  int status = 0;  // 2xx: recorded (or replayed); 4xx: refused, with a problem+json body
  std::string body;
  std::string position;  // X-Opsdesk-Position of a recorded command
  std::string location;  // Location of a created aggregate
  bool replayed = false;
};

struct RetryPolicy {
  int attempts = 5;  // in all, the first included
  std::chrono::milliseconds first_backoff{100};
  std::chrono::milliseconds max_backoff{2'000};
  std::chrono::milliseconds timeout{10'000};  // for one attempt
};

// Where a client's bearer token comes from, asked before every command: a file read each time
// (a rotated token is picked up), or a token minted by this process; the error says why there
// is none.
using TokenSource = std::function<std::expected<std::string, std::string>()>;
TokenSource token_file_source(std::filesystem::path file);

class CommandClient {
 public:
  explicit CommandClient(TokenSource tokens, RetryPolicy retry = {})
      : tokens_(std::move(tokens)), retry_(retry) {}
  // One fixed token.
  explicit CommandClient(std::string token, RetryPolicy retry = {})
      : CommandClient(
            TokenSource([token = std::move(token)]() -> std::expected<std::string, std::string> {
              return token;
            }),
            retry) {}
  virtual ~CommandClient() = default;

  // Sends the command, retrying with the same Idempotency-Key while the target cannot be
  // reached or answers 5xx; then the last answer, or why none came. Blocks: call it where
  // blocking is allowed (a worker, a process manager's own thread).
  std::expected<CommandAnswer, std::string> send(const OutgoingCommand& command);

 protected:
  // One attempt: the answer, or why there was none (unreachable, timed out).
  virtual std::expected<CommandAnswer, std::string> attempt(const http::Request& request) = 0;

 private:
  TokenSource tokens_;
  RetryPolicy retry_;
};

// Runs a request through the routes of this process's server (http::Server::dispatch).
using Dispatch = std::function<void(http::Request, std::function<void(http::Response)>)>;

// Through the routes of a server of this process.
class InProcessCommandClient final : public CommandClient {
 public:
  template <typename Token>
  InProcessCommandClient(Dispatch dispatch, Token token, RetryPolicy retry = {})
      : CommandClient(std::move(token), retry),
        dispatch_(std::move(dispatch)),
        timeout_(retry.timeout) {}

 private:
  std::expected<CommandAnswer, std::string> attempt(const http::Request& request) override;
  Dispatch dispatch_;
  std::chrono::milliseconds timeout_;
};

// Over HTTP to another process ("http://incidents:8080").
class HttpCommandClient final : public CommandClient {
 public:
  template <typename Token>
  HttpCommandClient(std::string base_url, Token token, RetryPolicy retry = {})
      : CommandClient(std::move(token), retry),
        base_url_(std::move(base_url)),
        timeout_(retry.timeout) {}

 private:
  std::expected<CommandAnswer, std::string> attempt(const http::Request& request) override;
  std::string base_url_;
  std::chrono::milliseconds timeout_;
};

// The service token in `file` (surrounding whitespace dropped); an error names the file.
std::expected<std::string, std::string> read_service_token(const std::filesystem::path& file);

}  // namespace opsdesk::aggregate
