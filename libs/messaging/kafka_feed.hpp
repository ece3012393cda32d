#pragma once
// The Kafka event feed of a projection: a consumer-group member over the topics of one or more
// command domains. On assignment it seeks each partition to the projection's own stored
// checkpoint ("kafka/<topic>/<partition>" -> next offset), or to the beginning when it has
// none, and delivers decoded CloudEvents in per-partition (so per-stream) order. It never
// commits offsets to Kafka (they live in the projection's store, with its state) and never
// starts anywhere else than the stored checkpoint: an offset beyond a partition's end (topic
// recreated, broker reset) ends the run with FeedEnd::rebuild_required.

#include <chrono>
#include <cstddef>
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "libs/messaging/kafka_client.hpp"
#include "libs/observability/metrics.hpp"
#include "libs/projection/event_feed.hpp"

namespace opsdesk::messaging {

struct KafkaFeedOptions {
  KafkaSettings kafka;
  std::string group_id;              // the consumer group, one per projection ("opsdesk-ops-board")
  std::vector<std::string> domains;  // "incidents", … : consumes opsdesk.<domain>.events.v1 of each
  std::size_t max_batch = 500;       // events per deliver() call
  // How long one poll waits for records; also how quickly run() notices its stop token.
  std::chrono::milliseconds poll_timeout{100};
  // How long the watermark query on assignment may take before the feed trusts the fetch
  // (an out-of-range fetch is checked the same way later).
  std::chrono::milliseconds watermark_timeout{5'000};
  // Counts records skipped because their CloudEvents headers are malformed; may be null.
  observability::Registry* metrics = nullptr;
};

class KafkaFeed final : public projection::EventFeed {
 public:
  // Checks the options and settings (an error names what is wrong); connects only in run().
  static std::expected<std::unique_ptr<KafkaFeed>, std::string> create(KafkaFeedOptions options);

  // Joins the group, delivers until stopped or until a checkpoint cannot be honoured, then
  // leaves the group. `deliver` is called on the calling thread; a partition that is revoked
  // and assigned again within one run resumes after the last event delivered for it.
  projection::FeedEnd run(const projection::Checkpoints& checkpoints,
                          const std::function<void(std::vector<projection::FeedEvent>&&)>& deliver,
                          std::stop_token stop, std::string& reason) override;

  std::string kind() const override { return "kafka"; }

 private:
  explicit KafkaFeed(KafkaFeedOptions options);

  KafkaFeedOptions options_;
  observability::Counter* malformed_ = nullptr;
};

}  // namespace opsdesk::messaging
