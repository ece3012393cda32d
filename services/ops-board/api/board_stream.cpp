#include "services/ops-board/api/board_stream.hpp"

#include <algorithm>
#include <set>

#include "libs/core/tokyo_time.hpp"
#include "libs/observability/log.hpp"
#include "services/incidents/contract/incident_events.hpp"
#include "services/ops-board/api/board_rows.hpp"
#include "services/ops-board/board_projection.hpp"

namespace opsdesk::ops_board::api {

namespace {

using nlohmann::json;

// One Server-Sent Events message: `data` is one line of JSON (dump() writes no newline).
std::string sse_message(std::string_view event, std::optional<std::uint64_t> id, const json& data) {
  std::string out = "event: ";
  out += event;
  out += '\n';
  if (id) out += "id: " + std::to_string(*id) + "\n";
  out += "data: " + data.dump() + "\n\n";
  return out;
}

std::vector<std::string> tenants_of(const view::BoardRow& row) {
  std::vector<std::string> codes;
  for (const auto& notices : row.tenants()) codes.push_back(notices.tenant());
  return codes;
}

}  // namespace

BoardStreams::BoardStreams(const projection::ViewStore& view, const core::Clock& clock,
                           BoardStreamOptions options)
    : view_(view), clock_(clock), options_(options) {}

BoardStreams::~BoardStreams() { stop(); }

void BoardStreams::start() {
  std::lock_guard lock(mutex_);
  if (hub_.joinable() || stopping_) return;
  hub_ = std::thread([this] { run(); });
}

void BoardStreams::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (hub_.joinable()) hub_.join();
  // Streams end with the hub: their clients reconnect (to this server once it is back).
  for (auto& stream : streams_) stream.sink->close();
  streams_.clear();
  std::vector<Stream> arriving;
  {
    std::lock_guard lock(mutex_);
    arriving.swap(arriving_);
  }
  for (auto& stream : arriving) stream.sink->close();
}

std::shared_ptr<BoardStreams::Place> BoardStreams::reserve() {
  std::lock_guard lock(mutex_);
  if (stopping_ || places_taken_->load() >= options_.max_streams) return nullptr;
  places_taken_->fetch_add(1);
  return std::make_shared<Place>(places_taken_);
}

void BoardStreams::attach(std::shared_ptr<Place> place, std::shared_ptr<http::StreamSink> sink,
                          auth::Principal who, std::optional<std::uint64_t> resume_after) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      sink->close();
      return;
    }
    arriving_.push_back({std::move(place), std::move(sink), std::move(who), resume_after});
  }
  wake_.notify_all();
}

std::size_t BoardStreams::open_streams() const { return places_taken_->load(); }

void BoardStreams::run() {
  auto next_tick = std::chrono::steady_clock::now() + options_.heartbeat;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, options_.interval, [&] { return stopping_ || !arriving_.empty(); });
    if (stopping_) break;
    std::vector<Stream> arriving;
    arriving.swap(arriving_);
    lock.unlock();
    const auto now = std::chrono::steady_clock::now();
    const bool tick = now >= next_tick;
    if (tick) next_tick = now + options_.heartbeat;
    try {
      step(std::move(arriving), tick);
    } catch (const std::exception& error) {
      // A view read failed: end the streams (their clients reconnect) rather than the process.
      observability::log_error("ops-board stream: " + std::string(error.what()));
      for (auto& stream : streams_) stream.sink->close();
      streams_.clear();
      tracking_ = false;
    }
    lock.lock();
  }
}

void BoardStreams::step(std::vector<Stream> arriving, bool tick) {
  std::erase_if(streams_, [](const Stream& stream) { return stream.sink->closed(); });
  if (streams_.empty() && arriving.empty()) {
    // Nobody listens: forget the rows rather than follow the view for no one.
    tracking_ = false;
    rows_.clear();
    log_.clear();
    return;
  }
  // The position first: every row read after it is at least as new.
  const auto position = view_.watermark(std::string(incidents::kDomain));
  std::vector<Change> changes;
  if (!tracking_) {
    rows_ = read_rows();
    position_ = position;
    log_start_ = position;
    tracking_ = true;
  } else if (position != position_) {
    changes = take_changes(read_rows(), position);
  }
  const std::string now = core::format_tokyo_rfc3339(clock_.now());

  if (!changes.empty()) {
    std::vector<const Change*> all;
    for (const auto& change : changes) all.push_back(&change);
    for (auto& stream : streams_) {
      auto message = changes_message(stream.who, all, now, false);
      if (!message.empty()) stream.sink->send(std::move(message));
    }
  }
  for (auto& stream : arriving) {
    // A reconnect within what the change log holds gets what it missed; anyone else the board.
    const auto after = stream.resume_after;
    if (after && *after >= log_start_ && *after <= position_) {
      std::vector<const Change*> missed;
      for (const auto& change : log_)
        if (change.position > *after) missed.push_back(&change);
      stream.sink->send(changes_message(stream.who, missed, now, true));
    } else {
      stream.sink->send(snapshot_message(stream.who, now));
    }
    streams_.push_back(std::move(stream));
  }
  if (tick) {
    const auto message = sse_message("tick", std::nullopt, {{"position", position_}, {"now", now}});
    for (auto& stream : streams_) stream.sink->send(message);
  }
}

std::unordered_map<std::string, std::string> BoardStreams::read_rows() const {
  std::unordered_map<std::string, std::string> rows;
  const auto& reader = view_.reader();
  reader.scan(kActivePrefix, [&](std::string_view id, std::string_view) {
    auto value = reader.get(std::string(kIncidentPrefix) + std::string(id));
    if (value && parsed_row(*value).status() != "closed") rows.emplace(id, std::move(*value));
    return true;
  });
  return rows;
}

std::vector<BoardStreams::Change> BoardStreams::take_changes(
    std::unordered_map<std::string, std::string> fresh, std::uint64_t position) {
  std::vector<Change> changes;
  for (const auto& [id, bytes] : fresh) {
    auto before = rows_.find(id);
    if (before != rows_.end() && before->second == bytes) continue;
    auto tenants = tenants_of(parsed_row(bytes));
    if (before != rows_.end()) {
      for (auto& code : tenants_of(parsed_row(before->second)))
        if (std::find(tenants.begin(), tenants.end(), code) == tenants.end())
          tenants.push_back(std::move(code));
    }
    changes.push_back({position, id, std::move(tenants)});
  }
  for (const auto& [id, bytes] : rows_) {
    if (!fresh.contains(id)) changes.push_back({position, id, tenants_of(parsed_row(bytes))});
  }
  rows_ = std::move(fresh);
  position_ = position;
  for (const auto& change : changes) log_.push_back(change);
  while (log_.size() > options_.change_log) {
    // A reconnect from before the oldest change kept gets a snapshot instead.
    log_start_ = log_.front().position;
    log_.pop_front();
  }
  return changes;
}

bool BoardStreams::may_hear_of(const Change& change, const auth::Principal& who) const {
  return who.can_see_any(change.tenants);
}

std::string BoardStreams::snapshot_message(const auth::Principal& who,
                                           const std::string& now) const {
  struct Shown {
    std::int64_t detected_us;
    json row;
  };
  std::vector<Shown> shown;
  const auto at = clock_.now();
  for (const auto& [id, bytes] : rows_) {
    const auto stored = parsed_row(bytes);
    if (auto row = visible_row(stored, who, std::nullopt, at))
      shown.push_back({stored.detected_at_us(), std::move(*row)});
  }
  // As the board lists them: the newest fault first.
  std::sort(shown.begin(), shown.end(),
            [](const Shown& a, const Shown& b) { return a.detected_us > b.detected_us; });
  json rows = json::array();
  for (auto& s : shown) rows.push_back(std::move(s.row));
  return sse_message("snapshot", position_,
                     {{"position", position_}, {"now", now}, {"rows", std::move(rows)}});
}

std::string BoardStreams::changes_message(const auth::Principal& who,
                                          const std::vector<const Change*>& changes,
                                          const std::string& now, bool always) const {
  json rows = json::array();
  json removed = json::array();
  std::set<std::string> seen;
  const auto at = clock_.now();
  // The latest change of an incident says it all: walk from the newest.
  for (auto change = changes.rbegin(); change != changes.rend(); ++change) {
    const auto& id = (*change)->id;
    if (!seen.insert(id).second || !may_hear_of(**change, who)) continue;
    auto current = rows_.find(id);
    if (current == rows_.end()) {
      removed.push_back(id);
    } else if (auto row = visible_row(parsed_row(current->second), who, std::nullopt, at)) {
      rows.push_back(std::move(*row));
    }
  }
  if (!always && rows.empty() && removed.empty()) return {};
  return sse_message("changes", position_,
                     {{"position", position_},
                      {"now", now},
                      {"rows", std::move(rows)},
                      {"removed", std::move(removed)}});
}

}  // namespace opsdesk::ops_board::api
