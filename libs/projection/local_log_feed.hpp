#pragma once
// The single-machine feed: reads the global logs of the event stores in this process, from the
// positions checkpointed in the view ("local/<domain>" = next log position), catching up in
// chunks and then following new appends as they become durable. Durable and unbounded, unlike
// the dev broker.

#include <string>
#include <vector>

#include "libs/eventstore/event_store.hpp"
#include "libs/projection/event_feed.hpp"

namespace opsdesk::projection {

struct LocalSource {
  std::string domain;  // "incidents"
  const eventstore::EventStore* store;
};

class LocalLogFeed final : public EventFeed {
 public:
  explicit LocalLogFeed(std::vector<LocalSource> sources, std::size_t batch_size = 1024)
      : sources_(std::move(sources)), batch_size_(batch_size) {}

  FeedEnd run(const Checkpoints& checkpoints,
              const std::function<void(std::vector<FeedEvent>&&)>& deliver, std::stop_token stop,
              std::string& reason) override;
  std::string kind() const override { return "local"; }

  static std::string checkpoint_key(const std::string& domain) { return "local/" + domain; }

 private:
  std::vector<LocalSource> sources_;
  std::size_t batch_size_;
};

}  // namespace opsdesk::projection
