#include "libs/aggregate/command_client.hpp"

#include <httplib.h>

#include <fstream>
#include <future>
#include <sstream>
#include <thread>

namespace opsdesk::aggregate {

namespace {

CommandAnswer answer_of(int status, std::string body, const std::string& position,
                        const std::string& location, const std::string& replayed) {
  return {status, std::move(body), position, location, replayed == "true"};
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::expected<CommandAnswer, std::string> CommandClient::send(const OutgoingCommand& command) {
  if (command.idempotency_key.empty()) {
    return std::unexpected("a command between modules needs an Idempotency-Key (" + command.path +
                           ")");
  }
  auto token = tokens_();
  if (!token) return std::unexpected(token.error());
  http::Request request;
  request.method = "POST";
  request.path = command.path;
  request.body = command.body;
  request.request_id = command.correlation_id;
  request.headers["Authorization"] = "Bearer " + *token;
  request.headers["Content-Type"] = "application/json";
  request.headers["Idempotency-Key"] = command.idempotency_key;
  if (command.if_match) {
    // Appended: GCC 12 warns falsely (-Wrestrict, its bug 105651) on a literal put in front of
    // a temporary string ("x" + std::to_string(n)) at -O2.
    std::string etag = "\"";
    request.headers["If-Match"] = etag.append(std::to_string(*command.if_match)).append("\"");
  }
  if (!command.correlation_id.empty()) request.headers["X-Request-Id"] = command.correlation_id;

  std::expected<CommandAnswer, std::string> last = std::unexpected(std::string("not sent"));
  auto backoff = retry_.first_backoff;
  for (int attempt_number = 1; attempt_number <= retry_.attempts; ++attempt_number) {
    last = attempt(request);
    // A refusal (4xx) is an answer; an unreachable target or a 5xx is worth another try, and
    // the key makes sure a command that was recorded after all is not recorded again.
    if (last && last->status < 500) return last;
    if (attempt_number == retry_.attempts) break;
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, retry_.max_backoff);
  }
  return last;
}

std::expected<CommandAnswer, std::string> InProcessCommandClient::attempt(
    const http::Request& request) {
  auto answered = std::make_shared<std::promise<http::Response>>();
  auto future = answered->get_future();
  dispatch_(request,
            [answered](http::Response response) { answered->set_value(std::move(response)); });
  if (future.wait_for(timeout_) != std::future_status::ready)
    return std::unexpected("no answer from " + request.path + " within the timeout");
  auto response = future.get();
  return answer_of(response.status, response.whole_body(), response.header("X-Opsdesk-Position"),
                   response.header("Location"), response.header("Idempotent-Replayed"));
}

std::expected<CommandAnswer, std::string> HttpCommandClient::attempt(const http::Request& request) {
  httplib::Client client(base_url_);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout_);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout_ - seconds);
  client.set_connection_timeout(seconds.count(), micros.count());
  client.set_read_timeout(seconds.count(), micros.count());
  httplib::Headers headers;
  for (const auto& [name, value] : request.headers) {
    if (name != "Content-Type") headers.emplace(name, value);
  }
  auto result = client.Post(request.path, headers, request.body, "application/json");
  if (!result) {
    return std::unexpected(base_url_ + request.path + ": " + httplib::to_string(result.error()));
  }
  return answer_of(result->status, result->body, result->get_header_value("X-Opsdesk-Position"),
                   result->get_header_value("Location"),
                   result->get_header_value("Idempotent-Replayed"));
}

std::expected<std::string, std::string> read_service_token(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return std::unexpected("service token file " + file.string() + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  auto token = trimmed(text.str());
  if (token.empty()) return std::unexpected("service token file " + file.string() + ": is empty");
  return token;
}

TokenSource token_file_source(std::filesystem::path file) {
  return [file = std::move(file)] { return read_service_token(file); };
}

}  // namespace opsdesk::aggregate
