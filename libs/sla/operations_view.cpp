#include "libs/sla/operations_view.hpp"

#include <stdexcept>

#include "libs/core/overloaded.hpp"
#include "libs/sla/view_text.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/scheduling/contract/schedule_events.hpp"

namespace opsdesk::sla {

namespace {

namespace sv1 = opsdesk::scheduling::v1;
using view_text::micros_instant;
using view_text::padded;
using view_text::padded_micros;

std::string micros_text(const google::protobuf::Timestamp& at) {
  return std::to_string(core::to_unix_micros(proto::from_timestamp(at)));
}

std::string recorded_micros(const eventstore::RecordedEvent& event) {
  return micros_text(event.recorded_at());
}

std::string comma_joined(const google::protobuf::RepeatedPtrField<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::vector<std::string> comma_split(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    const auto comma = text.find(',');
    items.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

// The first `count` fields separated by `separator`, and the rest of the text as the last one.
std::vector<std::string_view> fields(std::string_view text, char separator, std::size_t count) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < count) {
    const auto at = text.find(separator);
    if (at == std::string_view::npos) break;
    out.push_back(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
  out.push_back(text);
  if (out.size() != count) throw std::runtime_error("a malformed value in the SLA view");
  return out;
}

void note_first(projection::ViewWriter& view, std::string_view what,
                const eventstore::RecordedEvent& event) {
  const std::string key = std::string(kOpsFirstPrefix) + std::string(what);
  if (!view.get(key)) view.put(key, recorded_micros(event));
}

bool recorded_in_time(std::string_view recorded, std::optional<core::Instant> recorded_before) {
  return !recorded_before || micros_instant(recorded) < *recorded_before;
}

bool first_recorded(const projection::ViewReader& view, std::string_view what,
                    std::optional<core::Instant> recorded_before) {
  const auto first = view.get(std::string(kOpsFirstPrefix) + std::string(what));
  return first && recorded_in_time(*first, recorded_before);
}

}  // namespace

bool apply_schedule_event(const eventstore::RecordedEvent& event, projection::ViewWriter& view) {
  const auto& stream = event.stream_id();
  if (!scheduling::daily_report_id_of(stream).empty()) {
    auto decoded = scheduling::decode_daily_report(event);
    if (!decoded) throw std::runtime_error(decoded.error());
    const auto& sent = std::get<sv1::DailyReportSent>(*decoded);
    view.put(std::string(kOpsReportPrefix) + padded_micros(proto::from_timestamp(sent.at())) + "/" +
                 sent.report_id(),
             recorded_micros(event) + " " + event.event_id() + " " + comma_joined(sent.tenants()));
    note_first(view, "report", event);
    return true;
  }
  if (!scheduling::occurrence_id_of_stream(stream).empty()) {
    auto decoded = scheduling::decode_occurrence(event);
    if (!decoded) throw std::runtime_error(decoded.error());
    if (const auto* done = std::get_if<sv1::OccurrenceCompleted>(&*decoded)) {
      view.put(
          std::string(kOpsWorkPrefix) + padded_micros(proto::from_timestamp(done->at())) + "/" +
              scheduling::occurrence_id_of_stream(stream) + "/" + padded(event.stream_version()),
          recorded_micros(event) + "\t" + event.event_id() + "\t" + done->plan().kind() + "\t" +
              done->result() + "\t" + comma_joined(done->tenants()) + "\t" + done->plan().title());
      note_first(view, "work", event);
    }
    return true;  // skips, reschedules and overdue records are not work done
  }
  if (const auto window_id = scheduling::window_id_of(stream); !window_id.empty()) {
    auto decoded = scheduling::decode_window(event);
    if (!decoded) throw std::runtime_error(decoded.error());
    const std::string window_key = std::string(kOpsWindowPrefix) + window_id;
    std::visit(core::overloaded{
                   [&](const sv1::WindowPlanned& e) {
                     view.put(window_key, micros_text(e.planned_start()) + " " +
                                              micros_text(e.planned_end()) + " 0");
                   },
                   [&](const sv1::WindowApproved& e) {
                     view.put(std::string(kOpsApprovalPrefix) + window_id + "/" + e.tenant(),
                              recorded_micros(event));
                   },
                   [](const sv1::WindowCompleted&) {},
                   [&](const sv1::WindowCancelled&) {
                     // Cancelled (when recorded): its approvals permit nothing from then on.
                     auto planned = view.get(window_key);
                     if (!planned) return;
                     const auto parts = fields(*planned, ' ', 3);
                     view.put(window_key, std::string(parts[0]) + " " + std::string(parts[1]) +
                                              " " + recorded_micros(event));
                   },
               },
               *decoded);
    return true;
  }
  // Task definitions, plan approvals, feed tokens and virus scans are the schedule's own
  // business: the rows count the work done on occurrences.
  return !scheduling::task_id_of(stream).empty() || !scheduling::plan_period_of(stream).empty() ||
         !scheduling::feed_token_id_of(stream).empty() ||
         !scheduling::terminal_id_of_stream(stream).empty();
}

OperationsRecords operations_records(const projection::ViewReader& view, const TablePeriod& period,
                                     std::optional<core::Instant> recorded_before) {
  OperationsRecords records;
  records.reports_recorded = first_recorded(view, "report", recorded_before);
  records.work_recorded = first_recorded(view, "work", recorded_before);
  const auto from = padded_micros(period.from);

  view.scan_from(kOpsReportPrefix, from, [&](std::string_view key, std::string_view value) {
    // "<sent micros>/<report id>"
    const auto slash = key.find('/');
    const auto sent_at = micros_instant(key.substr(0, slash));
    if (sent_at >= period.until) return false;
    const auto parts = fields(value, ' ', 3);
    if (!recorded_in_time(parts[0], recorded_before)) return true;
    for (auto& tenant : comma_split(parts[2]))
      records.reports.push_back(
          {std::move(tenant), std::string(key.substr(slash + 1)), std::string(parts[1]), sent_at});
    return true;
  });

  view.scan_from(kOpsWorkPrefix, from, [&](std::string_view key, std::string_view value) {
    // "<done micros>/<occurrence id>/<version>"
    const auto parts_of_key = fields(key, '/', 3);
    const auto done_at = micros_instant(parts_of_key[0]);
    if (done_at >= period.until) return false;
    const auto parts = fields(value, '\t', 6);
    if (!recorded_in_time(parts[0], recorded_before)) return true;
    records.work.push_back({std::string(parts_of_key[1]), std::string(parts[1]),
                            std::string(parts[2]), std::string(parts[5]), std::string(parts[3]),
                            comma_split(parts[4]), done_at});
    return true;
  });

  // Windows are few (a handful a year): every approved one, for the work out of hours.
  view.scan(kOpsApprovalPrefix, [&](std::string_view key, std::string_view recorded) {
    // "<window id>/<tenant>"
    const auto slash = key.find('/');
    const std::string window_id(key.substr(0, slash));
    if (!recorded_in_time(recorded, recorded_before)) return true;
    const auto planned = view.get(std::string(kOpsWindowPrefix) + window_id);
    if (!planned) return true;
    const auto parts = fields(*planned, ' ', 3);
    if (parts[2] != "0" && recorded_in_time(parts[2], recorded_before)) return true;  // cancelled
    records.windows.push_back({window_id, std::string(key.substr(slash + 1)),
                               micros_instant(parts[0]), micros_instant(parts[1])});
    return true;
  });
  return records;
}

}  // namespace opsdesk::sla
