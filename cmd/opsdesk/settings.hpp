#pragma once
// Every setting of `opsdesk`, with its default, and where it can come from: the YAML config
// file, OPSDESK_* environment variables, command-line flags (later ones win). Each setting is
// declared once (settings.cpp) and parsed the same way from every source, so a bad value gets
// the same one-line message wherever it was written.

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "libs/calendar/schedule.hpp"
#include "libs/projection/event_feed.hpp"

namespace opsdesk::cli {

struct Settings {
  std::string target = "all";
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::filesystem::path data_dir = "./var";

  std::string jwt_secret;                     // HS256 (development, tests)
  std::filesystem::path jwt_public_key_file;  // RS256 (production)

  std::size_t http_body_limit_bytes = 1024 * 1024;
  std::size_t http_header_limit_bytes = 16 * 1024;
  std::size_t http_max_connections = 4096;
  std::chrono::milliseconds http_read_timeout{10'000};
  std::chrono::milliseconds http_idle_timeout{60'000};
  int http_io_threads = 2;
  int http_worker_threads = 64;
  bool http_access_log = true;
  std::uint64_t eventstore_min_free_mb = 64;            // disk reserve of every store and view
  std::size_t http_rate_limit_commands_per_minute = 0;  // 0: off
  std::size_t http_rate_limit_expensive_reads_per_minute = 0;  // 0: off

  bool eventstore_sync = true;

  // Kafka (libs/messaging). No brokers: nothing is relayed and projections read the local logs.
  std::string kafka_brokers;
  // librdkafka properties passed through as they are (SASL/TLS); a later value for a name wins.
  std::vector<std::pair<std::string, std::string>> kafka_properties;
  // This replica's name among several of one read model: its consumer groups are
  // opsdesk-<module>-<instance>, so every replica reads every partition and holds a whole view.
  // Empty: opsdesk-<module> (one replica).
  std::string kafka_group_instance;
  // How long a query with min_position waits for a read model to catch up before 503.
  std::chrono::milliseconds read_your_writes_wait{2000};
  std::size_t read_your_writes_max_waiters = 1024;
  std::size_t read_your_writes_max_waiters_per_caller = 16;
  // How many events a read model may be behind its sources and still answer ready (/readyz).
  std::uint64_t readiness_max_lag = projection::kDefaultMaxLag;
  // The built dashboard (web/dist) served at /; empty: a page saying how to build it.
  std::filesystem::path dashboard_dir;
  // Mail to the associations (the notifier module): the SMTP relay (empty: mails wait), the
  // sender, each association's recipients, and how many business days before a window that
  // stops the service its notice goes.
  std::string notifier_smtp_url;
  std::string notifier_sender = "opsdesk@localhost";
  std::filesystem::path notifier_recipients_file;
  int notifier_stop_notice_business_days = 5;
  // The contract's cap on the term's modification work (仕様書 4.(2)③: 2 person-months), an
  // hour count per person-month for reporting effort in 人月, and the EAC method the cap is
  // watched by (atypical | cpi | cpi_spi).
  int changes_person_month_hours = 160;
  double changes_cap_person_months = 2;
  std::string changes_cap_eac_method = "cpi";
  int changes_emergency_patch_business_days = 3;
  // The certificates module: the roots chains are verified against (PEM bundles; empty: none)
  // and the business days before a certificate's end at which the desk is told.
  std::filesystem::path certificates_tls_trust_bundle = "/etc/ssl/certs/ca-certificates.crt";
  std::filesystem::path certificates_code_signing_trust_bundle;
  std::filesystem::path certificates_timestamp_trust_bundle = "/etc/ssl/certs/ca-certificates.crt";
  std::vector<int> certificates_expiry_lead_business_days{30, 14, 7};
  // The board's live stream for dashboards (GET /v1/board/stream).
  std::size_t board_max_streams = 64;
  std::chrono::milliseconds board_stream_heartbeat{15'000};
  std::string log_level = "info";
  // "system", or "manual" for tests: time stands still until POST /v1/test/clock moves it.
  std::string clock = "system";

  // The business calendar (libs/calendar, docs/calendar.md).
  std::filesystem::path calendar_holidays_file;  // Cabinet Office CSV overriding the rules' years
  std::vector<std::chrono::year_month_day> calendar_extra_closures;
  std::vector<std::chrono::year_month_day> calendar_extra_working_days;
  std::vector<calendar::Schedule> calendar_schedules;  // replace or add to the default schedules

  // Modules sending commands to each other (the command client, libs/aggregate): the URL of
  // each module that runs in another process, and the service token they present.
  std::map<std::string, std::string> module_urls;
  std::filesystem::path service_token_file;

  // The SLA engine (services/sla-metrics). No file: the built-in 別表1 definitions.
  std::filesystem::path sla_definitions_file;
  // Who the SLA settings history names when the definitions or calendar change (the operator
  // deploying the change); empty: the OS user and host of the process.
  std::string sla_changed_by;
  // How many days before the contract term's start a command may date something (an incident's
  // occurred_at, a notice's sent_at): older is a typing error, not a fault to measure.
  int command_earliest_days = 365;
  std::size_t command_cached_states = 4096;    // aggregate states kept for the next command
  std::uint64_t command_snapshot_every = 100;  // a stream snapshot every this many events
  std::size_t sla_max_evidence_items = 10000;  // per SLA table answer
  // What the SLA table cache keeps (services/sla-metrics/table_cache.hpp): answers, their bytes
  // together, and incidents whose clocks have settled.
  std::size_t sla_cached_answers = 256;
  std::size_t sla_cached_answer_mib = 64;
  std::size_t sla_cached_incidents = 20000;
  // The contract term the table covers when no month is asked for (both days included).
  std::chrono::year_month_day sla_term_start{std::chrono::year{2026}, std::chrono::April,
                                             std::chrono::day{1}};
  std::chrono::year_month_day sla_term_end{std::chrono::year{2027}, std::chrono::March,
                                           std::chrono::day{31}};
};

// Sets one setting by its key ("http.body_limit_bytes") from text; the error names the key,
// the bad value and what is allowed.
std::expected<void, std::string> set_setting(Settings& settings, const std::string& key,
                                             const std::string& value);

// Reads a YAML file of (possibly nested) settings; unknown keys are errors.
std::expected<void, std::string> apply_config_file(Settings& settings,
                                                   const std::filesystem::path& file);

// Applies every OPSDESK_<KEY> variable present (key upper-cased, dots as underscores).
std::expected<void, std::string> apply_environment(Settings& settings, char** environ_vars);

// The environment variable of a key: "jwt.secret" -> "OPSDESK_JWT_SECRET".
std::string environment_name(const std::string& key);

// Checks that belong to the whole (e.g. some JWT key is configured).
std::expected<void, std::string> validate(const Settings& settings);

// "8h", "30m", "45s", "2d" -> seconds.
std::expected<std::chrono::seconds, std::string> parse_duration(const std::string& text);

}  // namespace opsdesk::cli
