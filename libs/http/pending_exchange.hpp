#pragma once
// One request between being read and being answered, as the server keeps it: which connection
// waits for the answer, what the metrics and access log will say, and whether it has been
// answered yet. Every handler, blocking or not, answers through one of these (via Reply), so
// answering, recording and the 500 for a lost answer live in one place. Internal to libs/http.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "libs/http/message.hpp"
#include "libs/http/server_core.hpp"

namespace opsdesk::http {

namespace detail {

// Where an exchange's answer goes: a connection (Session), or a caller in this process
// (Server::dispatch). respond() takes the answer; on_strand() runs work on the I/O thread that
// owns the destination, so an answer is built there and not on the thread that answered.
class AnswerSink {
 public:
  virtual ~AnswerSink() = default;
  virtual void respond(Response response, std::string request_id, bool keep_alive) = 0;
  virtual void on_strand(std::function<void()> work) = 0;
};

class PendingExchange : public std::enable_shared_from_this<PendingExchange> {
 public:
  // Counts itself in `core`'s replies in flight until destroyed (Server::stop waits for them).
  PendingExchange(std::shared_ptr<AnswerSink> sink, ServerCore& core, Exchange record,
                  std::chrono::steady_clock::time_point received, bool keep_alive);
  // Answers 500 if nobody answered.
  ~PendingExchange();
  PendingExchange(const PendingExchange&) = delete;
  PendingExchange& operator=(const PendingExchange&) = delete;

  void set_route(std::string route) { record_.route = std::move(route); }
  // The answer is for one caller (an authenticated route): no cache may keep it, whatever
  // tenant data it carries (Cache-Control: no-store unless the handler says otherwise).
  void set_private() { private_ = true; }
  const std::string& request_id() const { return record_.request_id; }

  // See Reply.
  void answer(Response response);
  void answer_built(std::function<Response()> build);
  void run_blocking(std::function<void()> work);

 private:
  std::shared_ptr<AnswerSink> sink_;
  ServerCore& core_;
  Exchange record_;
  std::chrono::steady_clock::time_point received_;
  bool keep_alive_;
  bool private_ = false;
  std::atomic<bool> answered_{false};
};

}  // namespace detail
}  // namespace opsdesk::http
