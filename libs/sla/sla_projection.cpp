#include "libs/sla/sla_projection.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <functional>
#include <stdexcept>

#include "libs/core/overloaded.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/sla/incident_clocks.hpp"
#include "libs/sla/operations_view.hpp"
#include "libs/sla/sla_table.hpp"
#include "libs/sla/view_text.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/incidents/contract/incident_events.hpp"
#include "services/inquiries/contract/inquiry_events.hpp"

namespace opsdesk::sla {

namespace {

namespace v1 = opsdesk::incidents::v1;

using view_text::micros_instant;
using view_text::padded;

std::string event_key(const std::string& incident_id, std::uint64_t version) {
  return std::string(kEventPrefix) + incident_id + "/" + padded(version);
}

std::string touched_key(std::uint64_t position) {
  return std::string(kTouchedPrefix) + padded(position);
}

// An event in a chunk: its length as a varint, then its bytes.
void append_framed(std::string& chunk, std::string_view bytes) {
  for (std::uint64_t n = bytes.size();; n >>= 7) {
    if (n < 0x80) {
      chunk.push_back(static_cast<char>(n));
      break;
    }
    chunk.push_back(static_cast<char>((n & 0x7f) | 0x80));
  }
  chunk.append(bytes);
}

// Calls visit with each event's bytes of a chunk; false when the chunk ends inside a frame.
bool for_each_framed(std::string_view chunk, const std::function<void(std::string_view)>& visit) {
  while (!chunk.empty()) {
    std::uint64_t size = 0;
    int shift = 0;
    std::size_t used = 0;
    for (; used < chunk.size() && shift < 64; ++used, shift += 7) {
      const auto byte = static_cast<unsigned char>(chunk[used]);
      size |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
    }
    if (used == chunk.size() || chunk.size() - used - 1 < size) return false;
    visit(chunk.substr(used + 1, size));
    chunk.remove_prefix(used + 1 + size);
  }
  return true;
}

std::optional<IncidentTail> incident_tail(const projection::ViewReader& view,
                                          const std::string& id) {
  const auto text = view.get(std::string(kLatestPrefix) + id);
  if (!text) return std::nullopt;
  return IncidentTail::parse(*text);
}

std::string tenant_key(const std::string& tenant, const std::string& incident_id) {
  return std::string(kTenantPrefix) + tenant + "/" + incident_id;
}

// The Tokyo month of an instant: the tables' months.
std::chrono::year_month tokyo_year_month(core::Instant at) {
  const auto date = core::to_tokyo(at).date;
  return date.year() / date.month();
}

// The same as YYYYMM, as the period/ keys have it.
std::string tokyo_month(core::Instant at) {
  const auto month = tokyo_year_month(at);
  char text[16];
  std::snprintf(text, sizeof text, "%04d%02u", static_cast<int>(month.year()),
                static_cast<unsigned>(month.month()));
  return text;
}

// Where an incident's period/ keys are: one per tenant it affects, and one for every incident.
struct PeriodEntry {
  std::string ended;  // Tokyo month, or kStillOpen
  std::string began;  // Tokyo month
  std::vector<std::string> tenants;

  std::string text() const {
    std::string out = ended + " " + began + " ";
    for (std::size_t i = 0; i < tenants.size(); ++i) out += (i ? "," : "") + tenants[i];
    return out;
  }
  static PeriodEntry parse(std::string_view text) {
    PeriodEntry entry;
    const auto first = text.find(' ');
    const auto second = text.find(' ', first + 1);
    entry.ended = text.substr(0, first);
    entry.began = text.substr(first + 1, second - first - 1);
    for (auto rest = text.substr(second + 1); !rest.empty();) {
      const auto comma = rest.find(',');
      entry.tenants.emplace_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return entry;
  }
  std::string key(const std::string& tenant, const std::string& id) const {
    return std::string(kPeriodPrefix) + tenant + "/" + ended + "/" + began + "/" + id;
  }
  void put(projection::ViewWriter& view, const std::string& id) const {
    view.put(key(std::string(kCentreWide), id), "");
    for (const auto& tenant : tenants) view.put(key(tenant, id), "");
    view.put(std::string(kPeriodOfPrefix) + id, text());
  }
  void erase_keys(projection::ViewWriter& view, const std::string& id) const {
    view.erase(key(std::string(kCentreWide), id));
    for (const auto& tenant : tenants) view.erase(key(tenant, id));
  }
};

std::optional<PeriodEntry> period_entry(const projection::ViewReader& view, const std::string& id) {
  const auto text = view.get(std::string(kPeriodOfPrefix) + id);
  if (!text) return std::nullopt;
  return PeriodEntry::parse(*text);
}

// Moves an incident's period/ keys to end in `ended`; with `only_later`, only if they end
// earlier (kStillOpen sorts after every month: an open incident's keys stay).
void move_period_end(projection::ViewWriter& view, const std::string& id, const std::string& ended,
                     bool only_later = false) {
  auto entry = period_entry(view, id);
  if (!entry || entry->ended == ended || (only_later && entry->ended > ended)) return;
  entry->erase_keys(view, id);
  entry->ended = ended;
  entry->put(view, id);
}

}  // namespace

std::string IncidentTail::text() const {
  return std::to_string(latest_micros) + " " + std::to_string(position) + " " +
         std::to_string(chunk_version) + " " + std::to_string(chunk_bytes);
}

IncidentTail IncidentTail::parse(std::string_view text) {
  IncidentTail tail;
  const char* at = text.data();
  const char* end = text.data() + text.size();
  auto next = [&](auto& number) {
    at = std::from_chars(at, end, number).ptr;
    if (at != end) ++at;  // the space
  };
  next(tail.latest_micros);
  next(tail.position);
  next(tail.chunk_version);
  next(tail.chunk_bytes);
  return tail;
}

core::Instant IncidentTail::latest() const { return core::from_unix_micros(latest_micros); }

// An inquiry's events: its reception is the 受付時間 row's; the rest is the inquiries' own.
void apply_inquiry_event(const eventstore::RecordedEvent& event, projection::ViewWriter& view) {
  namespace iq = opsdesk::inquiries::v1;
  auto decoded = inquiries::decode(event);
  if (!decoded) throw std::runtime_error(decoded.error());
  std::visit(core::overloaded{
                 [&](const iq::InquiryReceived& e) {
                   // Receptions lie after 1970 (commands name times near the contract term),
                   // so their micros are positive and the padded digits sort as time does.
                   const auto received = padded(static_cast<std::uint64_t>(
                       core::to_unix_micros(proto::from_timestamp(e.received_at()))));
                   const auto recorded = std::to_string(
                       core::to_unix_micros(proto::from_timestamp(event.recorded_at())));
                   auto put = [&](const std::string& scope) {
                     view.put(std::string(kReceptionPrefix) + scope + "/" + received + "/" +
                                  e.inquiry_id(),
                              recorded);
                   };
                   put(e.tenant());
                   // The centre's table leaves out the associations outside its SLA (bouei),
                   // as for incidents; the centre operations team's inquiries are the centre's.
                   if (!reference_only(e.tenant())) put(std::string(kCentreWide));
                 },
                 [](const iq::InquiryAcknowledged&) {},
                 [](const iq::InquiryClassified&) {},
                 [](const iq::IncidentLinked&) {},
                 [](const iq::ChangeLinked&) {},
                 [](const iq::InformationRequested&) {},
                 [](const iq::InformationRecorded&) {},
                 [](const iq::InquiryAnswered&) {},
                 [](const iq::AnswerConfirmed&) {},
                 [](const iq::InquiryReopened&) {},
                 [](const iq::InquiryClosed&) {},
                 [](const iq::EffortRecorded&) {},
             },
             *decoded);
}

void SlaProjection::begin_batch() { tails_.clear(); }

SlaProjection::BatchTail& SlaProjection::batch_tail_of(const projection::ViewReader& view,
                                                       const std::string& id) {
  auto [found, added] = tails_.try_emplace(id);
  if (added) {
    found->second.tail = incident_tail(view, id);
    if (found->second.tail) found->second.stored_position = found->second.tail->position;
  }
  return found->second;
}

void SlaProjection::end_batch(projection::ViewWriter& view) {
  for (const auto& [id, batch_tail] : tails_) {
    view.put(std::string(kLatestPrefix) + id, batch_tail.tail->text());
    if (!indexes_.touched) continue;
    if (batch_tail.stored_position) view.erase(touched_key(*batch_tail.stored_position));
    view.put_new(touched_key(batch_tail.tail->position), id);
  }
  tails_.clear();  // nothing kept past the batch
}

void SlaProjection::apply(const eventstore::RecordedEvent& event, projection::ViewWriter& view) {
  if (!inquiries::inquiry_id_of(event.stream_id()).empty()) return apply_inquiry_event(event, view);
  if (apply_schedule_event(event, view)) return;
  const std::string id = incidents::incident_id_of(event.stream_id());
  if (id.empty()) return;  // another aggregate's stream: the SLA rows are about incidents
  auto decoded = incidents::decode(event);
  if (!decoded) throw std::runtime_error(decoded.error());

  BatchTail& batch_tail = batch_tail_of(view, id);
  const bool incidents_first = !batch_tail.tail;  // the view holds no event of it yet
  IncidentTail& tail = batch_tail.tail ? *batch_tail.tail : batch_tail.tail.emplace();
  // The event joins the incident's latest chunk, or starts the next one.
  std::string framed;
  append_framed(framed, event.SerializeAsString());
  if (incidents_first || tail.chunk_bytes + framed.size() > kEventChunkBytes) {
    tail.chunk_version = event.stream_version();
    tail.chunk_bytes = 0;
    view.put_new(event_key(id, tail.chunk_version), framed);
  } else {
    view.append(event_key(id, tail.chunk_version), framed);
  }
  tail.chunk_bytes += framed.size();
  tail.position = event.log_position();
  const auto occurred = proto::from_timestamp(event.occurred_at());
  const bool later = incidents_first || tail.latest() < occurred;
  const auto previous_latest = tail.latest();
  if (later) tail.latest_micros = core::to_unix_micros(occurred);
  // An event of a closed incident (a report after its close) may end it in a later month. Only
  // a new month needs a look at where its period/ keys are.
  if (indexes_.closed_and_periods && later && !incidents_first &&
      tokyo_year_month(previous_latest) != tokyo_year_month(occurred))
    move_period_end(view, id, tokyo_month(occurred), /*only_later=*/true);

  const std::string open_key = std::string(kOpenPrefix) + id;
  // Every event is kept above; these index who is affected and what is open or closed.
  std::visit(core::overloaded{
                 [&](const v1::IncidentDetected& e) {
                   const auto began = proto::from_timestamp(e.occurred_at());
                   view.put(std::string(kIncidentPrefix) + id,
                            std::to_string(core::to_unix_micros(began)));
                   view.put(open_key, "");
                   for (const auto& tenant : e.affected_tenants())
                     view.put(tenant_key(tenant, id), "");
                   if (!indexes_.closed_and_periods) return;
                   PeriodEntry{std::string(kStillOpen),
                               tokyo_month(began),
                               {e.affected_tenants().begin(), e.affected_tenants().end()}}
                       .put(view, id);
                 },
                 [&](const v1::AffectedTenantAdded& e) {
                   view.put(tenant_key(e.tenant(), id), "");
                   if (!indexes_.closed_and_periods) return;
                   auto entry = period_entry(view, id);
                   if (!entry || std::find(entry->tenants.begin(), entry->tenants.end(),
                                           e.tenant()) != entry->tenants.end())
                     return;
                   entry->tenants.push_back(e.tenant());
                   entry->put(view, id);
                 },
                 [&](const v1::IncidentClosed& e) {
                   view.erase(open_key);
                   if (!indexes_.closed_and_periods) return;
                   const auto recorded = proto::from_timestamp(event.recorded_at());
                   view.put(std::string(kClosedPrefix) + id,
                            std::to_string(core::to_unix_micros(proto::from_timestamp(e.at()))) +
                                " " + std::to_string(core::to_unix_micros(recorded)));
                   // Its latest event, this one included (above).
                   move_period_end(view, id, tokyo_month(tail.latest()));
                 },
                 [&](const v1::IncidentReopened&) {
                   view.put(open_key, "");
                   view.erase(std::string(kClosedPrefix) + id);
                   if (indexes_.closed_and_periods)
                     move_period_end(view, id, std::string(kStillOpen));
                 },
                 [](const v1::FirstNoticeSent&) {},
                 [](const v1::ProgressReportSent&) {},
                 [](const v1::RecoveryReportSent&) {},
                 [](const v1::VendorContacted&) {},
                 [](const v1::ResponseActivityRecorded&) {},
                 [](const v1::WorkaroundApplied&) {},
                 [](const v1::CauseIdentified&) {},
                 [](const v1::ServiceRestored&) {},
                 [](const v1::PermanentFixPlanned&) {},
                 [](const v1::PreventionActionRecorded&) {},
             },
             *decoded);
}

std::vector<eventstore::RecordedEvent> incident_events(const projection::ViewReader& view,
                                                       const std::string& incident_id) {
  std::vector<eventstore::RecordedEvent> events;
  view.scan(std::string(kEventPrefix) + incident_id + "/",
            [&](std::string_view, std::string_view chunk) {
              const bool whole = for_each_framed(chunk, [&](std::string_view bytes) {
                eventstore::RecordedEvent event;
                if (!event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
                  throw std::runtime_error("sla view: an event of incident " + incident_id +
                                           " does not parse");
                events.push_back(std::move(event));
              });
              if (!whole)
                throw std::runtime_error("sla view: incident " + incident_id +
                                         " has a chunk of events cut short");
              return true;
            });
  return events;
}

std::vector<std::string> open_incident_ids(const projection::ViewReader& view) {
  std::vector<std::string> ids;
  view.scan(kOpenPrefix, [&](std::string_view key, std::string_view) {
    ids.emplace_back(key);
    return true;
  });
  return ids;
}

std::vector<std::string> incidents_touched_after(const projection::ViewReader& view,
                                                 std::uint64_t position) {
  // touched/ holds one key per incident (its last event's position): each id comes once.
  std::vector<std::string> ids;
  view.scan_from(kTouchedPrefix, padded(position + 1), [&](std::string_view, std::string_view id) {
    ids.emplace_back(id);
    return true;
  });
  return ids;
}

std::optional<IncidentSpan> incident_span(const projection::ViewReader& view,
                                          const std::string& id) {
  const auto began = view.get(std::string(kIncidentPrefix) + id);
  if (!began) return std::nullopt;
  IncidentSpan span;
  span.began = core::from_unix_micros(std::stoll(*began));
  if (const auto tail = incident_tail(view, id)) span.latest = tail->latest();
  if (const auto closed = view.get(std::string(kClosedPrefix) + id))
    span.close_recorded = core::from_unix_micros(std::stoll(closed->substr(closed->find(' ') + 1)));
  return span;
}

bool IncidentSpan::may_figure_in(const TablePeriod& period,
                                 std::optional<core::Instant> recorded_before) const {
  // Nothing of an incident that began after the period can fall inside it.
  if (began >= period.until) return false;
  if (!close_recorded || !latest) return true;
  // Seen open at the as-of cutoff (its close recorded later): its clocks ran at the cutoff.
  if (recorded_before && *close_recorded >= *recorded_before) return true;
  return *latest >= period.from;
}

bool affects_tenant(const projection::ViewReader& view, const std::string& id,
                    const std::string& tenant) {
  return tenant == kCentreWide ? view.get(std::string(kIncidentPrefix) + id).has_value()
                               : view.get(tenant_key(tenant, id)).has_value();
}

std::vector<std::string> incident_ids_in_period(const projection::ViewReader& view,
                                                const std::string& tenant,
                                                const TablePeriod& period,
                                                std::optional<core::Instant> recorded_before) {
  // As of a cutoff, an incident whose close was recorded after it was open then, whenever it
  // ended: the index (by when things happened, not when they were recorded) cannot tell.
  if (recorded_before) return incident_ids(view, tenant);
  const std::string prefix = std::string(kPeriodPrefix) + tenant + "/";
  // Ended in the period's first month or later, began in its last month or before.
  const std::string last_began = tokyo_month(period.until - std::chrono::microseconds{1});
  std::vector<std::string> ids;
  std::optional<std::string> next_ended = tokyo_month(period.from);
  while (next_ended) {
    const std::string from = *next_ended;
    next_ended.reset();
    // Keys "<ended>/<began>/<id>": within one <ended>, the <began> months in order.
    view.scan_from(prefix, from, [&](std::string_view key, std::string_view) {
      const auto ended = key.substr(0, 6);
      const auto began = key.substr(7, 6);
      if (began > last_began) {
        // The rest of this <ended> began after the period: seek to the next one.
        std::string after(ended);
        after.push_back('0');  // past "<ended>/…" ('0' > '/')
        next_ended = std::move(after);
        return false;
      }
      ids.emplace_back(key.substr(14));
      return true;
    });
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::string> incident_ids(const projection::ViewReader& view,
                                      const std::string& tenant) {
  std::vector<std::string> ids;
  const std::string prefix = tenant == kCentreWide ? std::string(kIncidentPrefix)
                                                   : std::string(kTenantPrefix) + tenant + "/";
  view.scan(prefix, [&](std::string_view key, std::string_view) {
    ids.emplace_back(key);  // the scan gives keys without the prefix
    return true;
  });
  return ids;
}

std::vector<Reception> receptions_in_period(const projection::ViewReader& view,
                                            const std::string& tenant, const TablePeriod& period,
                                            std::optional<core::Instant> recorded_before) {
  std::vector<Reception> receptions;
  const std::string prefix = std::string(kReceptionPrefix) + tenant + "/";
  const auto start = padded(static_cast<std::uint64_t>(core::to_unix_micros(period.from)));
  view.scan_from(prefix, start, [&](std::string_view rest, std::string_view recorded) {
    // "<received micros>/<inquiry id>": the key after the prefix.
    const auto slash = rest.find('/');
    const auto received = micros_instant(rest.substr(0, slash));
    if (received >= period.until) return false;
    if (recorded_before && micros_instant(recorded) >= *recorded_before) return true;
    receptions.push_back({std::string(rest.substr(slash + 1)), received, false});
    return true;
  });
  return receptions;
}

}  // namespace opsdesk::sla
