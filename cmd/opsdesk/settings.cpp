#include "cmd/opsdesk/settings.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <sstream>

#include "cmd/opsdesk/module_list.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/calendar/holiday.hpp"
#include "libs/messaging/kafka_client.hpp"

namespace opsdesk::cli {

namespace {

using Setter = std::function<std::expected<void, std::string>(Settings&, const std::string&)>;

std::unexpected<std::string> bad(const std::string& key, const std::string& value,
                                 const std::string& allowed) {
  return std::unexpected(key + ": '" + value + "' is not valid; " + allowed);
}

template <typename Int>
std::expected<Int, std::string> parse_int(const std::string& key, const std::string& value, Int min,
                                          Int max) {
  Int parsed{};
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (ec != std::errc{} || end != value.data() + value.size() || parsed < min || parsed > max) {
    return bad(
        key, value,
        "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return parsed;
}

std::expected<bool, std::string> parse_bool(const std::string& key, const std::string& value) {
  if (value == "true" || value == "1" || value == "yes" || value == "on") return true;
  if (value == "false" || value == "0" || value == "no" || value == "off") return false;
  return bad(key, value, "expected true or false");
}

struct SettingDef {
  std::string key;
  Setter set;
};

template <typename Int>
Setter int_setting(const std::string& key, Int Settings::*field, Int min, Int max) {
  return [=](Settings& s, const std::string& v) -> std::expected<void, std::string> {
    auto parsed = parse_int<Int>(key, v, min, max);
    if (!parsed) return std::unexpected(parsed.error());
    s.*field = *parsed;
    return {};
  };
}

Setter millis_setting(const std::string& key, std::chrono::milliseconds Settings::*field) {
  return [=](Settings& s, const std::string& v) -> std::expected<void, std::string> {
    auto parsed = parse_int<std::int64_t>(key, v, 1, 3'600'000);
    if (!parsed) return std::unexpected(parsed.error());
    s.*field = std::chrono::milliseconds{*parsed};
    return {};
  };
}

Setter bool_setting(const std::string& key, bool Settings::*field) {
  return [=](Settings& s, const std::string& v) -> std::expected<void, std::string> {
    auto parsed = parse_bool(key, v);
    if (!parsed) return std::unexpected(parsed.error());
    s.*field = *parsed;
    return {};
  };
}

std::expected<void, std::string> set_listen(Settings& s, const std::string& v) {
  const auto colon = v.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return bad("listen", v, "expected HOST:PORT, e.g. 127.0.0.1:8080 (port 0 picks a free port)");
  std::string host = v.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  auto port = parse_int<std::uint16_t>("listen", v.substr(colon + 1), 0, 65535);
  if (!port) return bad("listen", v, "expected HOST:PORT with a port from 0 to 65535");
  s.listen_host = host;
  s.listen_port = *port;
  return {};
}

// "2026-11-24,2026-12-29": Tokyo dates the calendar covers; empty is none.
Setter date_setting(const std::string& key, std::chrono::year_month_day Settings::*field) {
  return [=](Settings& s, const std::string& v) -> std::expected<void, std::string> {
    auto date = calendar::parse_iso_date(v);
    if (!date) return bad(key, v, date.error() + "; expected a date YYYY-MM-DD");
    if (!calendar::within_calendar_years(date->year()))
      return bad(key, v, "outside the calendar's years 1955-2099");
    s.*field = *date;
    return {};
  };
}

Setter date_list_setting(const std::string& key,
                         std::vector<std::chrono::year_month_day> Settings::*field) {
  return [=](Settings& s, const std::string& v) -> std::expected<void, std::string> {
    std::vector<std::chrono::year_month_day> dates;
    std::stringstream in(v);
    std::string item;
    while (std::getline(in, item, ',')) {
      const auto first = item.find_first_not_of(' ');
      if (first == std::string::npos) continue;
      item = item.substr(first, item.find_last_not_of(' ') - first + 1);
      auto date = calendar::parse_iso_date(item);
      if (!date)
        return bad(key, v, date.error() + "; expected dates YYYY-MM-DD separated by commas");
      if (!calendar::within_calendar_years(date->year())) {
        return bad(key, v, item + " is outside the calendar's years 1955-2099");
      }
      dates.push_back(*date);
    }
    s.*field = std::move(dates);
    return {};
  };
}

// One librdkafka property; setting a name again replaces its value.
void set_kafka_property(Settings& s, const std::string& name, const std::string& value) {
  for (auto& [existing, old_value] : s.kafka_properties) {
    if (existing == name) {
      old_value = value;
      return;
    }
  }
  s.kafka_properties.emplace_back(name, value);
}

// HS256 keys shorter than the hash are guessable (RFC 7518 §3.2), and so are long ones of few
// characters ("aaaa…", "abababab…"): random hex has 16 distinct. `source` names where it came from.
std::expected<void, std::string> set_jwt_secret(Settings& s, const std::string& source,
                                                const std::string& v) {
  if (v.size() < 32) return std::unexpected(source + ": must be at least 32 characters");
  if (std::set<char>(v.begin(), v.end()).size() < 10)
    return std::unexpected(source +
                           ": has fewer than 10 different characters; use a random secret, "
                           "e.g. od -An -tx1 -N32 /dev/urandom | tr -d ' \\n'");
  s.jwt_secret = v;
  return {};
}

std::expected<void, std::string> set_kafka_brokers(Settings& s, const std::string& v) {
  // Empty turns Kafka off; otherwise librdkafka's bootstrap.servers list.
  std::stringstream in(v);
  std::string broker;
  while (std::getline(in, broker, ',')) {
    if (broker.empty() || broker.find_first_of(" \t") != std::string::npos) {
      return bad("kafka.brokers", v, "expected HOST:PORT[,HOST:PORT…] (empty for no Kafka)");
    }
  }
  s.kafka_brokers = v;
  return {};
}

std::expected<void, std::string> set_kafka_properties(Settings& s, const std::string& v) {
  auto properties = messaging::parse_properties(v);
  if (!properties) return bad("kafka.properties", v, properties.error());
  for (const auto& [name, value] : *properties) set_kafka_property(s, name, value);
  return {};
}

// YAML `kafka: {properties: {sasl.mechanisms: PLAIN}}` arrives as
// "kafka.properties.sasl.mechanisms".
constexpr std::string_view kKafkaPropertyPrefix = "kafka.properties.";

const std::vector<SettingDef>& definitions() {
  static const std::vector<SettingDef>
      kDefinitions{
          {"target",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             // "all", one module, or a comma-separated list of them: the module table decides.
             const auto table = module_table(Settings{});
             if (auto resolved = table.resolve(v); !resolved)
               return std::unexpected("target: " + resolved.error());
             s.target = v;
             return {};
           }},
          {"listen", set_listen},
          {"clock",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             if (v != "system" && v != "manual")
               return bad("clock", v, "allowed: system, manual (tests only)");
             s.clock = v;
             return {};
           }},
          {"data_dir",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             if (v.empty()) return bad("data_dir", v, "expected a directory path");
             s.data_dir = v;
             return {};
           }},
          {"jwt.secret",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             return set_jwt_secret(s, "jwt.secret", v);
           }},
          {"jwt.secret_file",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             // A container's secret is a mounted file (compose secrets, a Kubernetes Secret):
             // the key never appears in the environment or in `ps`.
             std::ifstream in(v, std::ios::binary);
             if (!in) return bad("jwt.secret_file", v, "cannot read the file");
             std::string secret((std::istreambuf_iterator<char>(in)), {});
             while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r'))
               secret.pop_back();
             return set_jwt_secret(s, "jwt.secret_file " + v, secret);
           }},
          {"jwt.public_key_file",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             s.jwt_public_key_file = v;
             return {};
           }},
          {"http.body_limit_bytes",
           int_setting<std::size_t>("http.body_limit_bytes", &Settings::http_body_limit_bytes, 1024,
                                    256u << 20)},
          {"http.header_limit_bytes",
           int_setting<std::size_t>("http.header_limit_bytes", &Settings::http_header_limit_bytes,
                                    1024, 1u << 20)},
          {"http.max_connections",
           int_setting<std::size_t>("http.max_connections", &Settings::http_max_connections, 1,
                                    1u << 20)},
          {"http.read_timeout_ms",
           millis_setting("http.read_timeout_ms", &Settings::http_read_timeout)},
          {"http.idle_timeout_ms",
           millis_setting("http.idle_timeout_ms", &Settings::http_idle_timeout)},
          {"http.io_threads",
           int_setting<int>("http.io_threads", &Settings::http_io_threads, 1, 64)},
          {"http.worker_threads",
           int_setting<int>("http.worker_threads", &Settings::http_worker_threads, 1, 1024)},
          {"http.access_log", bool_setting("http.access_log", &Settings::http_access_log)},
          {"http.rate_limit.commands_per_minute",
           int_setting<std::size_t>("http.rate_limit.commands_per_minute",
                                    &Settings::http_rate_limit_commands_per_minute, 0, 1u << 24)},
          {"http.rate_limit.expensive_reads_per_minute",
           int_setting<std::size_t>("http.rate_limit.expensive_reads_per_minute",
                                    &Settings::http_rate_limit_expensive_reads_per_minute, 0,
                                    1u << 24)},
          {"eventstore.sync", bool_setting("eventstore.sync", &Settings::eventstore_sync)},
          {"eventstore.min_free_mb",
           int_setting<std::uint64_t>("eventstore.min_free_mb", &Settings::eventstore_min_free_mb,
                                      0, 1u << 20)},
          {"kafka.brokers", set_kafka_brokers},
          {"kafka.properties", set_kafka_properties},
          {"kafka.group_instance",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             // Part of a consumer group's name: what Kafka accepts in one, kept plain.
             const bool plain = std::all_of(v.begin(), v.end(), [](unsigned char c) {
               return std::isalnum(c) || c == '-' || c == '_' || c == '.';
             });
             if (v.size() > 100 || !plain)
               return bad("kafka.group_instance", v,
                          "expected up to 100 letters, digits, '-', '_' or '.' (e.g. the pod "
                          "name)");
             s.kafka_group_instance = v;
             return {};
           }},
          {"readiness.max_lag",
           int_setting<std::uint64_t>("readiness.max_lag", &Settings::readiness_max_lag, 0,
                                      1'000'000'000)},
          {"projection.read_your_writes_wait_ms",
           millis_setting("projection.read_your_writes_wait_ms", &Settings::read_your_writes_wait)},
          {"projection.read_your_writes_max_waiters",
           int_setting<std::size_t>("projection.read_your_writes_max_waiters",
                                    &Settings::read_your_writes_max_waiters, 1, 1u << 20)},
          {"projection.read_your_writes_max_waiters_per_caller",
           int_setting<std::size_t>("projection.read_your_writes_max_waiters_per_caller",
                                    &Settings::read_your_writes_max_waiters_per_caller, 1,
                                    1u << 20)},
          {"notifier.smtp_url",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             if (!v.empty() && !v.starts_with("smtp://") && !v.starts_with("smtps://"))
               return std::unexpected("notifier.smtp_url: '" + v +
                                      "' is not an SMTP URL; write smtp://host:port (STARTTLS is "
                                      "used when the relay offers it) or smtps://host:port");
             s.notifier_smtp_url = v;
             return {};
           }},
          {"notifier.sender",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             if (v.find('@') == std::string::npos ||
                 v.find_first_of("<> \r\n") != std::string::npos)
               return std::unexpected("notifier.sender: '" + v + "' is not a mail address");
             s.notifier_sender = v;
             return {};
           }},
          {"notifier.recipients_file",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             s.notifier_recipients_file = v;  // read and checked at start (the notifier module)
             return {};
           }},
          {"notifier.stop_notice_business_days",
           int_setting<int>("notifier.stop_notice_business_days",
                            &Settings::notifier_stop_notice_business_days, 0, 60)},
          {"changes.person_month_hours",
           int_setting<int>("changes.person_month_hours", &Settings::changes_person_month_hours, 1,
                            744)},
          {"changes.emergency_patch_business_days",
           int_setting<int>("changes.emergency_patch_business_days",
                            &Settings::changes_emergency_patch_business_days, 1, 30)},
          {"certificates.tls_trust_bundle",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             s.certificates_tls_trust_bundle = v;  // read at start (the certificates module)
             return {};
           }},
          {"certificates.code_signing_trust_bundle",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             s.certificates_code_signing_trust_bundle = v;
             return {};
           }},
          {"certificates.timestamp_trust_bundle",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             s.certificates_timestamp_trust_bundle = v;
             return {};
           }},
          {"certificates.expiry_lead_business_days",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             std::vector<int> leads;
             std::size_t start = 0;
             while (start <= v.size()) {
               const auto end = std::min(v.find(',', start), v.size());
               const auto word = v.substr(start, end - start);
               int lead = 0;
               auto [rest, error] = std::from_chars(word.data(), word.data() + word.size(), lead);
               if (error != std::errc{} || rest != word.data() + word.size() || lead < 1 ||
                   lead > 250)
                 return bad("certificates.expiry_lead_business_days", v,
                            "a comma-separated list of business days from 1 to 250, e.g. "
                            "30,14,7");
               leads.push_back(lead);
               start = end + 1;
             }
             s.certificates_expiry_lead_business_days = std::move(leads);
             return {};
           }},
          {"changes.cap_person_months",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             char* end = nullptr;
             const double value = std::strtod(v.c_str(), &end);
             if (v.empty() || end != v.c_str() + v.size() || !(value > 0) || value > 1000)
               return bad("changes.cap_person_months", v,
                          "allowed: a number of person-months above 0, up to 1000, e.g. 2 or 2.5");
             s.changes_cap_person_months = value;
             return {};
           }},
          {"changes.cap_eac_method",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             if (v != "atypical" && v != "cpi" && v != "cpi_spi")
               return bad("changes.cap_eac_method", v, "allowed: atypical, cpi, cpi_spi");
             s.changes_cap_eac_method = v;
             return {};
           }},
          {"dashboard.dir",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             s.dashboard_dir = v;  // read and checked at start (the dashboard module)
             return {};
           }},
          {"board.max_streams",
           int_setting<std::size_t>("board.max_streams", &Settings::board_max_streams, 1,
                                    1u << 16)},
          {"board.stream_heartbeat_ms",
           millis_setting("board.stream_heartbeat_ms", &Settings::board_stream_heartbeat)},
          {"log.level",
           [](Settings& s,
              const std::string& v) -> std::
                                        expected<void, std::string> {
                                          if (v != "debug" && v != "info" && v != "warn" &&
                                              v != "error")
                                            return bad("log.level", v,
                                                       "allowed: debug, info, warn, error");
                                          s.log_level = v;
                                          return {};
                                        }},
          {"calendar.holidays_file",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             s.calendar_holidays_file =
                 v;  // read and checked when the calendar is built (calendar_setup.cpp)
             return {};
           }},
          {"calendar.extra_closures",
           date_list_setting("calendar.extra_closures", &Settings::calendar_extra_closures)},
          {"calendar.extra_working_days",
           date_list_setting("calendar.extra_working_days",
                             &Settings::calendar_extra_working_days)},
          {"calendar.schedules",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             auto schedules = calendar::parse_schedule_list(v);
             if (!schedules) return bad("calendar.schedules", v, schedules.error());
             s.calendar_schedules = std::move(*schedules);
             return {};
           }},
          {"sla.definitions_file",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             s.sla_definitions_file = v;  // read and checked at start (the sla-definitions module)
             return {};
           }},
          {"sla.changed_by",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             s.sla_changed_by = v;
             return {};
           }},
          {"modules.urls",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             // Where modules of other processes answer: "incidents=http://incidents:8080,…".
             std::map<std::string, std::string> urls;
             std::stringstream in(v);
             std::string item;
             const auto table = module_table(Settings{});
             while (std::getline(in, item, ',')) {
               const auto equals = item.find('=');
               const auto name = item.substr(0, equals);
               const auto url = equals == std::string::npos ? "" : item.substr(equals + 1);
               if (table.find(name) == nullptr || !url.starts_with("http://"))
                 return bad("modules.urls", v,
                            "expected MODULE=http://HOST:PORT[,…] with modules of: " +
                                table.target_names_text());
               urls[name] = url;
             }
             s.module_urls = std::move(urls);
             return {};
           }},
          {"modules.service_token_file",
           [](Settings& s, const std::string& v) -> std::expected<void, std::string> {
             s.service_token_file = v;  // read when a module asks for a command client
             return {};
           }},
          {"sla.term_start", date_setting("sla.term_start", &Settings::sla_term_start)},
          {"commands.earliest_days",
           int_setting<int>("commands.earliest_days", &Settings::command_earliest_days, 0, 36500)},
          {"commands.cached_states",
           int_setting<std::size_t>("commands.cached_states", &Settings::command_cached_states, 0,
                                    1u << 22)},
          {"commands.snapshot_every",
           int_setting<std::uint64_t>("commands.snapshot_every", &Settings::command_snapshot_every,
                                      0, 1u << 20)},
          {"sla.term_end", date_setting("sla.term_end", &Settings::sla_term_end)},
          {"sla.max_evidence_items",
           int_setting<std::size_t>("sla.max_evidence_items", &Settings::sla_max_evidence_items, 1,
                                    1u << 24)},
          {"sla.cached_answers",
           int_setting<std::size_t>("sla.cached_answers", &Settings::sla_cached_answers, 0,
                                    1u << 16)},
          {"sla.cached_answer_mib",
           int_setting<std::size_t>("sla.cached_answer_mib", &Settings::sla_cached_answer_mib, 1,
                                    1u << 16)},
          {"sla.cached_incidents",
           int_setting<std::size_t>("sla.cached_incidents", &Settings::sla_cached_incidents, 0,
                                    1u << 26)},
      };
  return kDefinitions;
}

std::string known_keys_text() {
  std::string text;
  for (const auto& def : definitions()) text += (text.empty() ? "" : ", ") + def.key;
  return text;
}

std::expected<void, std::string> apply_yaml_node(Settings& settings, const YAML::Node& node,
                                                 const std::string& prefix) {
  for (const auto& entry : node) {
    const std::string key = prefix + entry.first.as<std::string>();
    const YAML::Node& value = entry.second;
    if (value.IsMap()) {
      if (auto result = apply_yaml_node(settings, value, key + "."); !result) return result;
    } else if (value.IsScalar()) {
      if (auto result = set_setting(settings, key, value.as<std::string>()); !result) return result;
    } else {
      return std::unexpected(key + ": expected a single value");
    }
  }
  return {};
}

}  // namespace

std::expected<void, std::string> set_setting(Settings& settings, const std::string& key,
                                             const std::string& value) {
  for (const auto& def : definitions()) {
    if (def.key == key) return def.set(settings, value);
  }
  if (key.starts_with(kKafkaPropertyPrefix) && key.size() > kKafkaPropertyPrefix.size()) {
    // librdkafka checks the name and value when a client is configured (serve: exit 2).
    set_kafka_property(settings, key.substr(kKafkaPropertyPrefix.size()), value);
    return {};
  }
  return std::unexpected("unknown setting '" + key + "'; known settings: " + known_keys_text() +
                         ", kafka.properties.<librdkafka property>");
}

std::expected<void, std::string> apply_config_file(Settings& settings,
                                                   const std::filesystem::path& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::BadFile&) {
    return std::unexpected("--config: cannot read " + file.string());
  } catch (const YAML::Exception& e) {
    return std::unexpected("--config " + file.string() + ": not valid YAML (" + e.what() + ")");
  }
  if (root.IsNull()) return {};
  if (!root.IsMap())
    return std::unexpected("--config " + file.string() + ": expected a mapping of settings");
  if (auto result = apply_yaml_node(settings, root, ""); !result) {
    return std::unexpected("--config " + file.string() + ": " + result.error());
  }
  return {};
}

std::string environment_name(const std::string& key) {
  std::string name = "OPSDESK_";
  for (char c : key)
    name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::expected<void, std::string> apply_environment(Settings& settings, char** environ_vars) {
  std::map<std::string, std::string> present;
  for (char** entry = environ_vars; entry && *entry; ++entry) {
    std::string text(*entry);
    auto eq = text.find('=');
    if (eq != std::string::npos) present[text.substr(0, eq)] = text.substr(eq + 1);
  }
  for (const auto& def : definitions()) {
    auto found = present.find(environment_name(def.key));
    if (found == present.end()) continue;
    if (auto result = def.set(settings, found->second); !result) {
      return std::unexpected(found->first + ": " + result.error());
    }
  }
  return {};
}

std::expected<void, std::string> validate(const Settings& settings) {
  if (settings.jwt_secret.empty() && settings.jwt_public_key_file.empty()) {
    return std::unexpected(
        "no token key configured: set OPSDESK_JWT_SECRET (HS256, development) or "
        "jwt.public_key_file (RS256)");
  }
  if (settings.sla_term_end < settings.sla_term_start) {
    return std::unexpected("sla.term_end (" + calendar::format_iso_date(settings.sla_term_end) +
                           ") is before sla.term_start (" +
                           calendar::format_iso_date(settings.sla_term_start) + ")");
  }
  return {};
}

std::expected<std::chrono::seconds, std::string> parse_duration(const std::string& text) {
  const std::string allowed = "expected a duration such as 30m, 8h or 7d";
  if (text.size() < 2) return std::unexpected("'" + text + "': " + allowed);
  std::int64_t amount = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, amount);
  if (ec != std::errc{} || end != text.data() + text.size() - 1 || amount <= 0) {
    return std::unexpected("'" + text + "': " + allowed);
  }
  switch (text.back()) {
    case 's':
      return std::chrono::seconds{amount};
    case 'm':
      return std::chrono::minutes{amount};
    case 'h':
      return std::chrono::hours{amount};
    case 'd':
      return std::chrono::hours{24 * amount};
    default:
      return std::unexpected("'" + text + "': " + allowed);
  }
}

}  // namespace opsdesk::cli
