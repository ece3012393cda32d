#pragma once
// Shared pieces of the projection runtime tests: a temp dir, an event store to feed from, and a
// projection that counts what it was given (so a repeat or a skip shows in the view).

#include <filesystem>
#include <random>
#include <string>

#include "libs/core/clock.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/projection/projection.hpp"
#include "libs/testing/temp_dir.hpp"

namespace opsdesk::projection::testing {

using opsdesk::testing::TempDir;

// view: "events" = total applied; "stream/<id>" = the versions applied, comma-separated.
class RecordingProjection final : public Projection {
 public:
  explicit RecordingProjection(int schema_version = 1) : schema_version_(schema_version) {}
  std::string name() const override { return "recording"; }
  int schema_version() const override { return schema_version_; }
  void apply(const eventstore::RecordedEvent& event, ViewWriter& view) override {
    auto total = view.get("events");
    view.put("events", std::to_string(total ? std::stoull(*total) + 1 : 1));
    auto key = "stream/" + event.stream_id();
    auto seen = view.get(key).value_or("");
    view.put(key, seen + (seen.empty() ? "" : ",") + std::to_string(event.stream_version()));
  }

 private:
  int schema_version_;
};

inline std::uint64_t total_events(const ViewReader& view) {
  auto total = view.get("events");
  return total ? std::stoull(*total) : 0;
}

inline eventstore::AppendRequest one_event(const std::string& stream, core::Instant at) {
  eventstore::AppendRequest request;
  request.stream_id = stream;
  request.events.push_back({"test.Event", "payload", at});
  return request;
}

}  // namespace opsdesk::projection::testing
