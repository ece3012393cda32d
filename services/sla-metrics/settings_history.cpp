#include "services/sla-metrics/settings_history.hpp"

#include "libs/sla/definitions_yaml.hpp"
#include "opsdesk/sla/v1/events.pb.h"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::sla_metrics {

namespace {

namespace v1 = opsdesk::sla::v1;
constexpr std::string_view kStream = "sla-settings";

std::optional<v1::SlaSettingsChanged> last_recorded(const eventstore::EventStore& store) {
  const auto version = store.stream_version(kStream);
  if (version == 0) return std::nullopt;
  auto events = store.read_stream(kStream, version, 1);
  v1::SlaSettingsChanged last;
  if (events.empty() || !last.ParseFromString(events.front().payload())) return std::nullopt;
  return last;
}

// The settings as they were recorded, for comparing with today's.
sla::SettingsSnapshot recorded_snapshot(const v1::SlaSettingsChanged& event,
                                        const calendar::BusinessCalendar& calendar,
                                        std::vector<std::string>& notes) {
  sla::SettingsSnapshot snapshot;
  snapshot.definitions_yaml = event.definitions_yaml();
  if (auto parsed = sla::parse_sla_definitions(event.definitions_yaml(), calendar)) {
    snapshot.definitions = std::move(*parsed);
  } else {
    notes.push_back("the previous definitions no longer load with this calendar (" +
                    parsed.error() + "); every row counts as replaced");
  }
  snapshot.calendar_exceptions.assign(event.calendar_exceptions().begin(),
                                      event.calendar_exceptions().end());
  snapshot.schedules.assign(event.schedules().begin(), event.schedules().end());
  return snapshot;
}

}  // namespace

std::filesystem::path SettingsHistory::store_path(const std::filesystem::path& data_dir) {
  return data_dir / "sla-metrics" / "eventstore";
}

std::expected<std::unique_ptr<SettingsHistory>, std::string> SettingsHistory::open(
    const std::filesystem::path& data_dir, const core::Clock& clock, std::uint64_t min_free_bytes) {
  eventstore::StoreOptions options;
  options.path = store_path(data_dir);
  options.min_free_bytes = min_free_bytes;
  auto store = eventstore::EventStore::open(options, clock);
  if (!store) return std::unexpected(store.error());
  std::unique_ptr<SettingsHistory> history(new SettingsHistory(std::move(*store), clock));
  history->load();
  return history;
}

void SettingsHistory::load() {
  changes_.clear();
  for (const auto& event : store_->read_stream(kStream)) {
    v1::SlaSettingsChanged changed;
    if (!changed.ParseFromString(event.payload())) continue;
    changes_.push_back(
        {changed.version(), proto::from_timestamp(changed.at()), changed.by(), changed.source(),
         std::vector<std::string>(changed.changes().begin(), changed.changes().end()),
         event.event_id()});
  }
}

std::expected<void, std::string> SettingsHistory::record_if_changed(
    const sla::SettingsSnapshot& current, const std::string& by, const std::string& source,
    const calendar::BusinessCalendar& calendar) {
  const auto last = last_recorded(*store_);
  std::vector<std::string> changes;
  if (!last) {
    changes.push_back("first settings recorded");
  } else {
    if (last->definitions_fingerprint() == current.definitions_fingerprint() &&
        last->calendar_fingerprint() == current.calendar_fingerprint())
      return {};
    const auto before = recorded_snapshot(*last, calendar, changes);
    for (auto& line : sla::describe_changes(before, current)) changes.push_back(std::move(line));
  }

  v1::SlaSettingsChanged event;
  event.set_version(last ? last->version() + 1 : 1);
  *event.mutable_at() = proto::to_timestamp(clock_.now());
  event.set_by(by);
  event.set_source(source);
  event.set_definitions_yaml(current.definitions_yaml);
  event.set_definitions_fingerprint(current.definitions_fingerprint());
  event.set_calendar_fingerprint(current.calendar_fingerprint());
  for (const auto& e : current.calendar_exceptions) event.add_calendar_exceptions(e);
  for (const auto& s : current.schedules) event.add_schedules(s);
  for (const auto& c : changes) event.add_changes(c);

  eventstore::AppendRequest request;
  request.stream_id = std::string(kStream);
  request.expected = eventstore::ExpectedVersion::exact(store_->stream_version(kStream));
  request.events.push_back({std::string(v1::SlaSettingsChanged::descriptor()->full_name()),
                            event.SerializeAsString(), clock_.now()});
  request.metadata.actor = by;
  auto appended = store_->append(std::move(request));
  if (!appended)
    return std::unexpected("cannot record the SLA settings: " + appended.error().message);
  load();
  return {};
}

}  // namespace opsdesk::sla_metrics
