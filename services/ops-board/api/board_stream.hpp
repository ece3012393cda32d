#pragma once
// The board's live stream (GET /v1/board/stream, Server-Sent Events): every connected
// dashboard gets the open incidents it may see, then what changes, without polling.
//
// One thread (the hub) looks at the board's position every `interval`; when it moved, it reads
// the active rows once and compares them with the last ones (stored bytes, not JSON, so elapsed
// times do not count as changes), and sends each stream the changed rows it may see. Nothing
// here runs on a command's path or an I/O thread: a slow dashboard costs its own queue (closed
// past the server's stream buffer limit), never a command. With no stream open the hub reads
// nothing.
//
// Messages (`data` is one JSON line; `now` is the server's clock, never the browser's):
//   event: snapshot  id: <position>  data: {"position", "now", "rows": [row…]}
//   event: changes   id: <position>  data: {"position", "now", "rows": [row…], "removed": [id…]}
//   event: tick                      data: {"position", "now"}   (every `heartbeat`)
// A row is what GET /v1/board/incidents lists. A reconnect sending Last-Event-ID gets the
// changes since that position when the hub still has them, else a snapshot.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "libs/auth/principal.hpp"
#include "libs/core/clock.hpp"
#include "libs/http/stream.hpp"
#include "libs/projection/view_store.hpp"

namespace opsdesk::ops_board::api {

struct BoardStreamOptions {
  std::size_t max_streams = 64;                 // open at once; one more is answered 503
  std::chrono::milliseconds heartbeat{15'000};  // a tick with the server's time
  std::chrono::milliseconds interval{100};      // how often the board's position is looked at
  std::size_t change_log = 10'000;              // changes kept for reconnects (Last-Event-ID)
};

class BoardStreams {
 public:
  // Holds one of the max_streams places while it lives (a connection may keep it a moment
  // longer than the hub lives: it shares the count, not the hub).
  class Place {
   public:
    explicit Place(std::shared_ptr<std::atomic<std::size_t>> taken) : taken_(std::move(taken)) {}
    ~Place() { taken_->fetch_sub(1); }
    Place(const Place&) = delete;
    Place& operator=(const Place&) = delete;

   private:
    std::shared_ptr<std::atomic<std::size_t>> taken_;
  };

  BoardStreams(const projection::ViewStore& view, const core::Clock& clock,
               BoardStreamOptions options);
  ~BoardStreams();
  BoardStreams(const BoardStreams&) = delete;
  BoardStreams& operator=(const BoardStreams&) = delete;

  void start();
  void stop();  // ends every stream

  // A place for one more stream; none when max_streams are open.
  std::shared_ptr<Place> reserve();
  // A stream whose head has gone out (on an I/O thread: only queues it for the hub).
  void attach(std::shared_ptr<Place> place, std::shared_ptr<http::StreamSink> sink,
              auth::Principal who, std::optional<std::uint64_t> resume_after);
  std::size_t open_streams() const;
  const BoardStreamOptions& options() const { return options_; }

 private:
  struct Stream {
    std::shared_ptr<Place> place;
    std::shared_ptr<http::StreamSink> sink;
    auth::Principal who;
    std::optional<std::uint64_t> resume_after;
  };
  struct Change {
    std::uint64_t position;
    std::string id;
    std::vector<std::string> tenants;  // before and after: who may hear of it
  };

  void run();
  // One look: new streams, changes since the last look, ticks.
  void step(std::vector<Stream> arriving, bool tick);
  // The active rows as stored (id -> BoardRow bytes).
  std::unordered_map<std::string, std::string> read_rows() const;
  std::vector<Change> take_changes(std::unordered_map<std::string, std::string> fresh,
                                   std::uint64_t position);
  bool may_hear_of(const Change& change, const auth::Principal& who) const;
  std::string snapshot_message(const auth::Principal& who, const std::string& now) const;
  // Empty when the stream may see none of `changes` (and `always` is false).
  std::string changes_message(const auth::Principal& who, const std::vector<const Change*>& changes,
                              const std::string& now, bool always) const;

  const projection::ViewStore& view_;
  const core::Clock& clock_;
  const BoardStreamOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Stream> arriving_;  // attached, not yet seen by the hub
  std::shared_ptr<std::atomic<std::size_t>> places_taken_ =
      std::make_shared<std::atomic<std::size_t>>(0);
  bool stopping_ = false;
  std::thread hub_;

  // The hub thread's own, unlocked.
  std::vector<Stream> streams_;
  bool tracking_ = false;  // rows_ and the change log follow the view (some stream is open)
  std::unordered_map<std::string, std::string> rows_;
  std::uint64_t position_ = 0;
  std::uint64_t log_start_ = 0;  // the change log holds every change after this position
  std::deque<Change> log_;
};

}  // namespace opsdesk::ops_board::api
