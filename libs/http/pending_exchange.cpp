#include "libs/http/pending_exchange.hpp"

#include <boost/asio/post.hpp>
#include <exception>
#include <utility>

#include "libs/http/problem.hpp"
#include "libs/observability/log.hpp"

namespace opsdesk::http::detail {

namespace {

// Runs `work`; a throw is logged and turned into the 500 the client gets.
template <typename Work>
bool ran_cleanly(Work&& work, const std::string& request_id, const std::string& route,
                 const char* what) {
  try {
    work();
    return true;
  } catch (const std::exception& e) {
    observability::log_error(what,
                             {{"request_id", request_id}, {"route", route}, {"error", e.what()}});
  } catch (...) {
    observability::log_error(
        what,
        {{"request_id", request_id}, {"route", route}, {"error", "a non-standard exception"}});
  }
  return false;
}

}  // namespace

PendingExchange::PendingExchange(std::shared_ptr<AnswerSink> sink, ServerCore& core,
                                 Exchange record, std::chrono::steady_clock::time_point received,
                                 bool keep_alive)
    : sink_(std::move(sink)),
      core_(core),
      record_(std::move(record)),
      received_(received),
      keep_alive_(keep_alive) {
  core_.reply_opened();
}

PendingExchange::~PendingExchange() {
  if (!answered_.load(std::memory_order_acquire)) {
    observability::log_error("a handler dropped its reply without answering",
                             {{"request_id", record_.request_id}, {"route", record_.route}});
    answer(internal_error_problem().to_response(record_.request_id));
  }
  core_.reply_closed();
}

void PendingExchange::answer(Response response) {
  if (answered_.exchange(true, std::memory_order_acq_rel)) {
    observability::log_warn("a handler answered twice; the second answer is dropped",
                            {{"request_id", record_.request_id}, {"route", record_.route}});
    return;
  }
  if (response.status < 100 || response.status > 599) {
    // Beast cannot write such a status line; fail this request, not the I/O thread.
    observability::log_error("handler returned an invalid HTTP status",
                             {{"request_id", record_.request_id},
                              {"route", record_.route},
                              {"status", response.status}});
    response = internal_error_problem().to_response(record_.request_id);
  }
  if (private_ && response.header("Cache-Control").empty())
    response.set_header("Cache-Control", "no-store");
  record_.status = response.status;
  record_.duration = std::chrono::steady_clock::now() - received_;
  record_.bytes_out = response.body_size();
  core_.record(record_);
  sink_->respond(std::move(response), record_.request_id, keep_alive_);
}

void PendingExchange::answer_built(std::function<Response()> build) {
  sink_->on_strand([self = shared_from_this(), build = std::move(build)] {
    Response response;
    if (!ran_cleanly([&] { response = build(); }, self->record_.request_id, self->record_.route,
                     "building a response failed")) {
      response = internal_error_problem().to_response(self->record_.request_id);
    }
    self->answer(std::move(response));
  });
}

void PendingExchange::run_blocking(std::function<void()> work) {
  boost::asio::post(core_.workers(), [self = shared_from_this(), work = std::move(work)] {
    if (!ran_cleanly(work, self->record_.request_id, self->record_.route, "handler failed")) {
      self->answer(internal_error_problem().to_response(self->record_.request_id));
    }
  });
}

}  // namespace opsdesk::http::detail

namespace opsdesk::http {

Reply::Reply(std::shared_ptr<detail::PendingExchange> exchange) : exchange_(std::move(exchange)) {}

void Reply::send(Response response) const { exchange_->answer(std::move(response)); }

void Reply::send_built(std::function<Response()> build) const {
  exchange_->answer_built(std::move(build));
}

void Reply::run_blocking(std::function<void()> work) const {
  exchange_->run_blocking(std::move(work));
}

const std::string& Reply::request_id() const { return exchange_->request_id(); }

}  // namespace opsdesk::http
