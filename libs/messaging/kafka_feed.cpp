// One run of the Kafka feed (see kafka_feed.hpp): subscribe, seek on assignment to the stored
// checkpoints, poll, decode and deliver in batches.
//
// Offsets beyond a partition's end are caught twice: by a watermark query when a partition is
// assigned, and (auto.offset.reset=error) when a fetch is answered "offset out of range",
// which covers a topic recreated while the feed runs and a watermark query that timed out.

#include "libs/messaging/kafka_feed.hpp"

#include <map>
#include <optional>

#include "libs/messaging/kafka_records.hpp"
#include "libs/messaging/topics.hpp"
#include "libs/observability/log.hpp"

namespace opsdesk::messaging {

namespace {

using projection::FeedEnd;
using projection::FeedEvent;

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
using Message = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

ClientProperties consumer_properties(const std::string& group_id) {
  return ClientProperties{
      // The pre-Kafka-3.0 defaults rather than 45 s: a projection that crashed gets its
      // partitions back (after the group notices the dead member) within seconds.
      // A short fetch wait keeps dashboards fresh (ack -> board within the 100 ms target) where a
      // broker holds empty fetches for the whole wait, as librdkafka's mock cluster (the dev
      // broker) does; a real broker answers as soon as records arrive either way.
      .defaults = {{"session.timeout.ms", "10000"},
                   {"heartbeat.interval.ms", "3000"},
                   {"fetch.wait.max.ms", "20"}},
      .fixed = {{"group.id", group_id},
                // Offsets live in the projection's store, written with its state.
                {"enable.auto.commit", "false"},
                {"enable.auto.offset.store", "false"},
                // Out of range is a question for the feed (rebuild, or records lost to
                // retention), never a silent jump.
                {"auto.offset.reset", "error"},
                {"enable.partition.eof", "false"}},
  };
}

class FeedRun {
 public:
  FeedRun(const KafkaFeedOptions& options, const projection::Checkpoints& checkpoints,
          observability::Counter* malformed, KafkaFeed::Progress& progress)
      : options_(options), checkpoints_(checkpoints), malformed_(malformed), progress_(progress) {
    for (const auto& domain : options_.domains) domain_of_topic_[topic_for(domain)] = domain;
  }

  FeedEnd run(const std::function<void(std::vector<FeedEvent>&&)>& deliver,
              const std::stop_token& stop, std::string& reason) {
    auto conf = make_conf(options_.kafka, consumer_properties(options_.group_id),
                          "feed-" + options_.group_id);
    if (!conf) throw std::runtime_error(conf.error());  // create() checked them: a broken invariant
    rd_kafka_conf_set_opaque(conf->get(), this);
    rd_kafka_conf_set_rebalance_cb(conf->get(), &FeedRun::on_rebalance);
    auto handle = make_handle(RD_KAFKA_CONSUMER, std::move(*conf));
    if (!handle) throw std::runtime_error(handle.error());
    consumer_ = std::move(*handle);
    rd_kafka_poll_set_consumer(consumer_.get());
    progress_.reset(consumer_.get());
    subscribe();

    FeedEnd end = FeedEnd::stopped;
    while (!stop.stop_requested()) {
      std::vector<FeedEvent> batch;
      Message message(
          rd_kafka_consumer_poll(consumer_.get(), static_cast<int>(options_.poll_timeout.count())));
      while (message && !rebuild_reason_) {
        handle_message(*message, batch);
        if (batch.size() >= options_.max_batch) break;
        message.reset(rd_kafka_consumer_poll(consumer_.get(), 0));
      }
      if (rebuild_reason_) {
        reason = *rebuild_reason_;
        observability::log_warn(
            "Kafka feed: the stored checkpoints cannot be honoured; the projection must rebuild",
            {{"group", options_.group_id}, {"reason", reason}});
        end = FeedEnd::rebuild_required;
        break;
      }
      for (const auto& event : batch) delivered_[event.checkpoint_key] = event.next_offset;
      if (!batch.empty()) deliver(std::move(batch));
      // Read means applied (deliver() returns once the batch is stored) or skipped as malformed.
      for (const auto& [key, next_offset] : read_) progress_.read_up_to(key, next_offset);
      read_.clear();
    }
    progress_.reset(nullptr);
    rd_kafka_consumer_close(consumer_.get());
    consumer_.reset();
    return end;
  }

 private:
  void subscribe() {
    PartitionList topics(
        rd_kafka_topic_partition_list_new(static_cast<int>(domain_of_topic_.size())));
    for (const auto& [topic, domain] : domain_of_topic_) {
      rd_kafka_topic_partition_list_add(topics.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
    }
    if (auto error = rd_kafka_subscribe(consumer_.get(), topics.get());
        error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw std::runtime_error(std::string("Kafka feed: cannot subscribe: ") +
                               rd_kafka_err2str(error));
    }
  }

  // The offset the feed resumes a partition at: after the last event delivered in this run,
  // else the stored checkpoint; nothing when neither exists.
  std::optional<std::int64_t> resume_offset(const std::string& key) const {
    if (auto found = delivered_.find(key); found != delivered_.end())
      return static_cast<std::int64_t>(found->second);
    if (auto found = checkpoints_.find(key); found != checkpoints_.end())
      return static_cast<std::int64_t>(found->second);
    return std::nullopt;
  }

  struct Watermarks {
    std::int64_t low = 0;
    std::int64_t high = 0;
  };

  std::optional<Watermarks> watermarks(const char* topic, std::int32_t partition) {
    Watermarks marks;
    const auto error =
        rd_kafka_query_watermark_offsets(consumer_.get(), topic, partition, &marks.low, &marks.high,
                                         static_cast<int>(options_.watermark_timeout.count()));
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      observability::log_warn(
          "Kafka feed: cannot read a partition's offsets; trusting the stored checkpoint",
          {{"topic", topic}, {"partition", partition}, {"error", rd_kafka_err2str(error)}});
      return std::nullopt;
    }
    return marks;
  }

  // Where a partition with a stored offset may start, given its watermarks (when they could be
  // read): nothing when the offset is beyond the end (rebuild_reason_ says why), the low
  // watermark when retention removed what it wanted.
  std::int64_t checked_start(const char* topic, std::int32_t partition, std::int64_t offset,
                             const std::optional<Watermarks>& marks) {
    if (!marks) return offset;
    if (offset > marks->high) {
      rebuild_reason_ = "checkpoint " + checkpoint_key_for(topic, partition) + " = " +
                        std::to_string(offset) + " is beyond the partition's end " +
                        std::to_string(marks->high) + " (topic recreated or broker reset)";
      return offset;
    }
    if (offset < marks->low) {
      // Nothing can bring those records back; a rebuild from the beginning would miss them too.
      observability::log_error(
          "Kafka feed: records after the checkpoint were removed by retention; skipping them",
          {{"topic", topic},
           {"partition", partition},
           {"checkpoint", offset},
           {"first_available", marks->low}});
      return marks->low;
    }
    return offset;
  }

  static void on_rebalance(rd_kafka_t* handle, rd_kafka_resp_err_t error,
                           rd_kafka_topic_partition_list_t* partitions, void* opaque) {
    static_cast<FeedRun*>(opaque)->rebalance(handle, error, partitions);
  }

  void rebalance(rd_kafka_t* handle, rd_kafka_resp_err_t error,
                 rd_kafka_topic_partition_list_t* partitions) {
    const bool cooperative = std::string_view(rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE";
    if (error != RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
      std::vector<std::string> keys;
      for (int i = 0; i < partitions->cnt; ++i)
        keys.push_back(
            checkpoint_key_for(partitions->elems[i].topic, partitions->elems[i].partition));
      progress_.revoked(keys, !cooperative);
      if (cooperative) {
        if (auto* failure = rd_kafka_incremental_unassign(handle, partitions))
          rd_kafka_error_destroy(failure);
      } else {
        rd_kafka_assign(handle, nullptr);
      }
      return;
    }
    // Where each partition starts and where it ended at assignment: the feed has caught up
    // once it has read that far.
    std::map<std::string, KafkaFeed::Progress::Assigned> assigned;
    for (int i = 0; i < partitions->cnt; ++i) {
      auto& partition = partitions->elems[i];
      const auto key = checkpoint_key_for(partition.topic, partition.partition);
      const auto marks = watermarks(partition.topic, partition.partition);
      const auto stored = resume_offset(key);
      partition.offset = stored
                             ? checked_start(partition.topic, partition.partition, *stored, marks)
                             : RD_KAFKA_OFFSET_BEGINNING;
      auto& entry = assigned[key];
      entry.topic = partition.topic;
      entry.partition = partition.partition;
      if (marks) {
        entry.start = stored ? partition.offset : marks->low;
        entry.end = marks->high;
      }
    }
    progress_.assigned(assigned);
    observability::log_info("Kafka feed: partitions assigned",
                            {{"group", options_.group_id}, {"count", partitions->cnt}});
    if (cooperative) {
      if (auto* failure = rd_kafka_incremental_assign(handle, partitions))
        rd_kafka_error_destroy(failure);
    } else {
      rd_kafka_assign(handle, partitions);
    }
  }

  void handle_message(const rd_kafka_message_t& message, std::vector<FeedEvent>& batch) {
    if (message.err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET) {
      out_of_range(message);
      return;
    }
    if (message.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      // Connection trouble and the like: librdkafka keeps retrying; the feed just waits.
      observability::log_warn(
          "Kafka feed: consumer error",
          {{"group", options_.group_id}, {"error", rd_kafka_message_errstr(&message)}});
      return;
    }
    const std::string topic = rd_kafka_topic_name(message.rkt);
    read_[checkpoint_key_for(topic, message.partition)] = message.offset + 1;
    auto decoded = decode_message(message);
    if (!decoded) {
      // Not an opsdesk event (another producer, a damaged record): it cannot be applied, and
      // stopping would stop the projection for good; skip it loudly.
      if (malformed_ != nullptr) malformed_->inc();
      observability::log_error(
          "Kafka feed: skipping a record that is not a valid opsdesk CloudEvent",
          {{"topic", topic},
           {"partition", message.partition},
           {"offset", message.offset},
           {"error", decoded.error().message}});
      return;
    }
    FeedEvent event;
    event.domain = domain_of_topic_[topic];
    event.envelope = std::move(decoded->event);
    event.checkpoint_key = checkpoint_key_for(topic, message.partition);
    event.next_offset = static_cast<std::uint64_t>(message.offset) + 1;
    batch.push_back(std::move(event));
  }

  void out_of_range(const rd_kafka_message_t& message) {
    const std::string topic = message.rkt != nullptr ? rd_kafka_topic_name(message.rkt) : "";
    std::int64_t start =
        RD_KAFKA_OFFSET_BEGINNING;  // nothing stored: the beginning, wherever it is now
    if (const auto wanted = resume_offset(checkpoint_key_for(topic, message.partition))) {
      start = checked_start(topic.c_str(), message.partition, *wanted,
                            watermarks(topic.c_str(), message.partition));
      if (rebuild_reason_) return;
    }
    PartitionList seek(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(seek.get(), topic.c_str(), message.partition)->offset = start;
    if (auto* failure = rd_kafka_seek_partitions(
            consumer_.get(), seek.get(), static_cast<int>(options_.watermark_timeout.count()))) {
      observability::log_warn("Kafka feed: cannot seek",
                              {{"topic", topic},
                               {"partition", message.partition},
                               {"error", rd_kafka_error_string(failure)}});
      rd_kafka_error_destroy(failure);
    }
  }

  const KafkaFeedOptions& options_;
  const projection::Checkpoints& checkpoints_;
  observability::Counter* malformed_;
  std::map<std::string, std::string> domain_of_topic_;
  std::map<std::string, std::uint64_t> delivered_;  // checkpoint key -> next offset, this run
  std::map<std::string, std::int64_t> read_;        // checkpoint key -> next offset, this poll
  KafkaFeed::Progress& progress_;
  std::optional<std::string> rebuild_reason_;
  HandlePtr consumer_;
};

}  // namespace

std::expected<std::unique_ptr<KafkaFeed>, std::string> KafkaFeed::create(KafkaFeedOptions options) {
  if (options.group_id.empty())
    return std::unexpected(std::string("the Kafka feed needs a consumer group id"));
  if (options.domains.empty())
    return std::unexpected(std::string("the Kafka feed needs at least one domain"));
  if (options.max_batch == 0) return std::unexpected(std::string("max_batch must be at least 1"));
  if (auto conf = make_conf(options.kafka, consumer_properties(options.group_id),
                            "feed-" + options.group_id);
      !conf) {
    return std::unexpected(conf.error());
  }
  return std::unique_ptr<KafkaFeed>(new KafkaFeed(std::move(options)));
}

KafkaFeed::KafkaFeed(KafkaFeedOptions options) : options_(std::move(options)) {
  if (options_.metrics != nullptr) {
    malformed_ =
        &options_.metrics->counter("opsdesk_kafka_feed_malformed_records_total",
                                   "Records skipped because they are not valid opsdesk CloudEvents",
                                   {{"group", options_.group_id}});
  }
}

FeedEnd KafkaFeed::run(const projection::Checkpoints& checkpoints,
                       const std::function<void(std::vector<FeedEvent>&&)>& deliver,
                       std::stop_token stop, std::string& reason) {
  FeedRun feed_run(options_, checkpoints, malformed_, progress_);
  return feed_run.run(deliver, stop, reason);
}

projection::CatchUp KafkaFeed::catch_up() const { return progress_.catch_up(options_.max_lag); }

void KafkaFeed::Progress::reset(rd_kafka_s* consumer) {
  std::lock_guard lock(mutex_);
  consumer_ = consumer;
  assigned_ = false;
  where_.clear();
  ends_.clear();
  next_.clear();
}

void KafkaFeed::Progress::assigned(const std::map<std::string, Assigned>& partitions) {
  std::lock_guard lock(mutex_);
  assigned_ = true;
  for (const auto& [key, partition] : partitions) {
    where_[key] = {partition.topic, partition.partition};
    if (partition.end) ends_[key] = *partition.end;
    if (partition.start) next_[key] = *partition.start;
  }
}

void KafkaFeed::Progress::revoked(const std::vector<std::string>& keys, bool all) {
  std::lock_guard lock(mutex_);
  for (const auto& key : keys) {
    where_.erase(key);
    ends_.erase(key);
    next_.erase(key);
  }
  // An eager rebalance takes every partition away until the next assignment.
  if (all) assigned_ = false;
}

void KafkaFeed::Progress::read_up_to(const std::string& key, std::int64_t next_offset) {
  std::lock_guard lock(mutex_);
  if (auto found = next_.find(key); found != next_.end() && found->second < next_offset)
    found->second = next_offset;
}

projection::CatchUp KafkaFeed::Progress::catch_up(std::uint64_t max_lag) const {
  std::lock_guard lock(mutex_);
  if (!assigned_) return {false, "the consumer group to assign its Kafka partitions"};
  std::uint64_t from_assignment = 0;
  for (const auto& [key, end] : ends_) {
    const auto next = next_.find(key);
    if (next != next_.end() && next->second < end)
      from_assignment += static_cast<std::uint64_t>(end - next->second);
  }
  if (from_assignment > 0) {
    return {false,
            std::to_string(from_assignment) +
                " records that were on its Kafka partitions when they were assigned",
            from_assignment};
  }
  // Since then: the ends as the consumer's fetches last saw them (thread-safe, cached).
  std::uint64_t behind = 0;
  for (const auto& [key, next] : next_) {
    const auto where = where_.find(key);
    std::int64_t low = 0;
    std::int64_t high = 0;
    if (consumer_ == nullptr || where == where_.end() ||
        rd_kafka_get_watermark_offsets(consumer_, where->second.first.c_str(), where->second.second,
                                       &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR)
      continue;
    if (high > next) behind += static_cast<std::uint64_t>(high - next);
  }
  if (behind <= max_lag) return {.behind = behind};
  return {false,
          std::to_string(behind) + " records of its Kafka partitions (ready within " +
              std::to_string(max_lag) + ")",
          behind};
}

}  // namespace opsdesk::messaging
