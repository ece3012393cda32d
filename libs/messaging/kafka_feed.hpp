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
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "libs/messaging/kafka_client.hpp"
#include "libs/observability/metrics.hpp"
#include "libs/projection/event_feed.hpp"

struct rd_kafka_s;  // librdkafka's rd_kafka_t

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
  // Records the feed may be behind its partitions' ends (as the consumer last fetched them) and
  // still count as caught up, once it has read what they held at assignment.
  std::uint64_t max_lag = projection::kDefaultMaxLag;
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
  // Caught up once the group has assigned the feed its partitions and it has read each of them
  // to the end offset it had at assignment (records skipped as malformed count as read), and
  // while it stays within max_lag records of their ends as last fetched.
  projection::CatchUp catch_up() const override;

  // What run() reports of its assignment and reading, for catch_up() on other threads.
  class Progress {
   public:
    // A new run with its consumer, whose cached end offsets (updated with every fetch, no
    // broker round trip) catch_up() reads; nullptr when the run closes its consumer.
    void reset(rd_kafka_s* consumer);
    struct Assigned {
      std::string topic;
      std::int32_t partition = 0;
      std::optional<std::int64_t> start{};  // where reading starts, when known
      std::optional<std::int64_t> end{};    // the end offset at assignment, when known
    };
    // By checkpoint key. A partition whose end is unknown is not waited for.
    void assigned(const std::map<std::string, Assigned>& partitions);
    void revoked(const std::vector<std::string>& keys, bool all);
    void read_up_to(const std::string& key, std::int64_t next_offset);
    projection::CatchUp catch_up(std::uint64_t max_lag) const;

   private:
    mutable std::mutex mutex_;
    rd_kafka_s* consumer_ = nullptr;
    bool assigned_ = false;
    std::map<std::string, std::pair<std::string, std::int32_t>> where_;  // key -> topic, partition
    std::map<std::string, std::int64_t> ends_;  // checkpoint key -> end offset at assignment
    std::map<std::string, std::int64_t> next_;  // checkpoint key -> next offset to read
  };

 private:
  explicit KafkaFeed(KafkaFeedOptions options);

  KafkaFeedOptions options_;
  observability::Counter* malformed_ = nullptr;
  Progress progress_;
};

}  // namespace opsdesk::messaging
