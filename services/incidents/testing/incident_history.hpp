#pragma once
// Test support for the readers of the incidents domain: an incident's events made the way
// production makes them (the incidents service's decider and codec) and wrapped in the envelopes
// a reader receives, so a reader's tests also pin the contract between it and the incidents
// service. Tests only.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "libs/core/instant.hpp"
#include "opsdesk/eventstore/v1/recorded_event.pb.h"
#include "proto-schemas/proto_time.hpp"
#include "services/incidents/contract/incident_events.hpp"
#include "services/incidents/domain/decider.hpp"
#include "services/incidents/event_codec.hpp"

namespace opsdesk::incidents::testing {

class IncidentHistory {
 public:
  using Envelope = opsdesk::eventstore::v1::RecordedEvent;

  // `id` without the stream prefix: the stream is "incident-<id>".
  explicit IncidentHistory(std::string id) : id_(std::move(id)) {}

  // Decides `command` on the history so far, as if asked at `recorded_at`, and records its
  // events then (event ids "<id>-e<version>", actor "maintainer-1"). Returns the new envelopes;
  // a refused command fails the test and adds nothing.
  std::vector<Envelope> run(const IncidentCommand& command, core::Instant recorded_at) {
    auto events = decide(state_, command, recorded_at);
    EXPECT_TRUE(events.has_value()) << (events ? "" : events.error().message);
    if (!events) return {};
    std::vector<Envelope> added;
    for (const auto& event : *events) {
      state_ = evolve(state_, event);
      auto encoded = encode(event);
      Envelope record;
      record.set_event_id(id_ + "-e" + std::to_string(state_.version));
      record.set_stream_id(std::string(kStreamPrefix) + id_);
      record.set_stream_version(state_.version);
      record.set_type(encoded.type);
      record.set_payload(encoded.payload);
      *record.mutable_occurred_at() = proto::to_timestamp(encoded.occurred_at);
      record.set_actor("maintainer-1");
      *record.mutable_recorded_at() = proto::to_timestamp(recorded_at);
      added.push_back(record);
      events_.push_back(std::move(record));
    }
    return added;
  }

  const std::string& id() const { return id_; }
  const std::vector<Envelope>& events() const { return events_; }

 private:
  std::string id_;
  IncidentState state_;
  std::vector<Envelope> events_;
};

}  // namespace opsdesk::incidents::testing
