#include "cmd/opsdesk/module_list.hpp"

#include <algorithm>
#include <stdexcept>

#include "cmd/opsdesk/calendar_routes.hpp"
#include "cmd/opsdesk/sla_setup.hpp"
#include "cmd/opsdesk/tenants_routes.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/sla/definitions_file.hpp"
#include "services/certificates/certificates_service.hpp"
#include "services/changes/changes_service.hpp"
#include "services/ci-links/ci_links_service.hpp"
#include "services/dashboard/dashboard_service.hpp"
#include "services/incidents/incidents_service.hpp"
#include "services/inquiries/escalation/escalation_service.hpp"
#include "services/inquiries/inquiries_service.hpp"
#include "services/notifier/notifier_service.hpp"
#include "services/ops-board/ops_board_service.hpp"
#include "services/scheduling/scheduling_service.hpp"
#include "services/sla-metrics/sla_metrics_service.hpp"
#include "services/sla-watch/sla_watch_service.hpp"

namespace opsdesk::cli {

namespace {

// The times a command may name: from commands.earliest_days before the contract term starts
// (Tokyo midnight) to the end of the business calendar.
http::InstantRange command_instants(const Settings& s) {
  http::InstantRange range;
  const auto term_start =
      core::parse_rfc3339(calendar::format_iso_date(s.sla_term_start) + "T00:00:00+09:00").value();
  range.earliest =
      std::max(range.earliest, term_start - std::chrono::days{s.command_earliest_days});
  range.why = "not more than " + std::to_string(s.command_earliest_days) +
              " days before the contract term starts (sla.term_start " +
              calendar::format_iso_date(s.sla_term_start) +
              ", commands.earliest_days), nor after the business calendar ends";
  return range;
}

std::uint64_t min_free_bytes(const Settings& s) { return s.eventstore_min_free_mb << 20; }

projection::ReadYourWritesLimits read_your_writes(const Settings& s) {
  return {.max_wait = s.read_your_writes_wait,
          .waiters = {.total = s.read_your_writes_max_waiters,
                      .per_caller = s.read_your_writes_max_waiters_per_caller}};
}

std::vector<modules::Module> modules_of(const Settings& s) {
  return {
      // `all` is every service of the desk on one machine (make run).
      {.name = "all",
       .kind = modules::Kind::group,
       .description = "every service on one machine",
       // sla-watch before scheduling and notifier: a test clock's move runs their passes in
       // this order, and the dashboard's alert list is refreshed as the new time arrives.
       .members = {"incidents", "inquiries", "inquiry-escalation", "ops-board", "sla-metrics",
                   "sla-watch", "scheduling", "notifier", "changes", "ci-links", "certificates",
                   "calendar", "dashboard"}},
      incidents::module({.data_dir = s.data_dir,
                         .sync = s.eventstore_sync,
                         .min_free_bytes = min_free_bytes(s),
                         .repository = {.cached_states = s.command_cached_states,
                                        .snapshot_every = s.command_snapshot_every},
                         .instants = command_instants(s)}),
      inquiries::module({.data_dir = s.data_dir,
                         .sync = s.eventstore_sync,
                         .min_free_bytes = min_free_bytes(s),
                         .repository = {.cached_states = s.command_cached_states,
                                        .snapshot_every = s.command_snapshot_every},
                         .instants = command_instants(s)}),
      inquiries::escalation::module({.data_dir = s.data_dir, .min_free_bytes = min_free_bytes(s)}),
      ops_board::module(
          {.data_dir = s.data_dir,
           .read_your_writes = read_your_writes(s),
           .min_free_bytes = min_free_bytes(s),
           .stream = {.max_streams = s.board_max_streams, .heartbeat = s.board_stream_heartbeat}}),
      sla_metrics::module({.data_dir = s.data_dir,
                           .read_your_writes = read_your_writes(s),
                           .min_free_bytes = min_free_bytes(s),
                           .term_start = s.sla_term_start,
                           .term_end = s.sla_term_end,
                           .changed_by = sla_settings_changed_by(s),
                           .max_evidence_items = s.sla_max_evidence_items,
                           .cache = {.answers = s.sla_cached_answers,
                                     .answer_bytes = s.sla_cached_answer_mib << 20,
                                     .settled_incidents = s.sla_cached_incidents}}),
      sla_watch::module({.data_dir = s.data_dir,
                         .sync = s.eventstore_sync,
                         .min_free_bytes = min_free_bytes(s),
                         .read_your_writes = read_your_writes(s)}),
      scheduling::module({.data_dir = s.data_dir,
                          .sync = s.eventstore_sync,
                          .min_free_bytes = min_free_bytes(s),
                          .repository = {.cached_states = s.command_cached_states,
                                         .snapshot_every = s.command_snapshot_every},
                          .instants = command_instants(s),
                          .term_start = s.sla_term_start}),
      notifier::module({.data_dir = s.data_dir,
                        .sync = s.eventstore_sync,
                        .min_free_bytes = min_free_bytes(s),
                        .relay = {.url = s.notifier_smtp_url, .sender = s.notifier_sender},
                        .recipients_file = s.notifier_recipients_file,
                        .stop_notice_business_days = s.notifier_stop_notice_business_days}),
      changes::module(
          {.data_dir = s.data_dir,
           .sync = s.eventstore_sync,
           .min_free_bytes = min_free_bytes(s),
           .repository = {.cached_states = s.command_cached_states,
                          .snapshot_every = s.command_snapshot_every},
           .instants = command_instants(s),
           .term_first = s.sla_term_start,
           .term_last = s.sla_term_end,
           .cap = {.person_month_hours = static_cast<double>(s.changes_person_month_hours),
                   .cap_person_months = s.changes_cap_person_months,
                   .eac_method = s.changes_cap_eac_method},
           .emergency_patch_business_days =
               static_cast<std::uint32_t>(s.changes_emergency_patch_business_days)}),
      ci_links::module({.data_dir = s.data_dir, .min_free_bytes = min_free_bytes(s)}),
      certificates::module({.data_dir = s.data_dir,
                            .sync = s.eventstore_sync,
                            .min_free_bytes = min_free_bytes(s),
                            .repository = {.cached_states = s.command_cached_states,
                                           .snapshot_every = s.command_snapshot_every},
                            .instants = command_instants(s),
                            .tls_trust_bundle = s.certificates_tls_trust_bundle,
                            .code_signing_trust_bundle = s.certificates_code_signing_trust_bundle,
                            .timestamp_trust_bundle = s.certificates_timestamp_trust_bundle,
                            .expiry_lead_business_days = s.certificates_expiry_lead_business_days}),
      sla::definitions_module(s.sla_definitions_file),
      calendar_module(),
      tenants_module(),
      dashboard::module({.dir = s.dashboard_dir}),
  };
}

}  // namespace

modules::ModuleTable module_table(const Settings& settings) {
  auto table = modules::ModuleTable::create(modules_of(settings));
  // A broken table is a bug of this file, which the tests of every target find.
  if (!table) throw std::logic_error("the module table is broken: " + table.error());
  return std::move(*table);
}

}  // namespace opsdesk::cli
