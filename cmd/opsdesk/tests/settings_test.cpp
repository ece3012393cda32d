#include "cmd/opsdesk/settings.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace opsdesk::cli {
namespace {

TEST(Settings, EnvironmentNamesAreUpperCasedWithUnderscores) {
  EXPECT_EQ(environment_name("jwt.secret"), "OPSDESK_JWT_SECRET");
  EXPECT_EQ(environment_name("http.body_limit_bytes"), "OPSDESK_HTTP_BODY_LIMIT_BYTES");
}

TEST(Settings, ListenTakesHostAndPortIncludingZero) {
  Settings s;
  ASSERT_TRUE(set_setting(s, "listen", "0.0.0.0:0"));
  EXPECT_EQ(s.listen_host, "0.0.0.0");
  EXPECT_EQ(s.listen_port, 0);
  ASSERT_TRUE(set_setting(s, "listen", "[::1]:9000"));
  EXPECT_EQ(s.listen_host, "::1");
}

TEST(Settings, BadValuesSayWhichSettingAndWhatIsAllowed) {
  Settings s;
  auto listen = set_setting(s, "listen", "localhost");
  ASSERT_FALSE(listen);
  EXPECT_NE(listen.error().find("listen"), std::string::npos);
  EXPECT_NE(listen.error().find("HOST:PORT"), std::string::npos);
  auto target = set_setting(s, "target", "everything");
  ASSERT_FALSE(target);
  EXPECT_NE(target.error().find("allowed: all, incidents, inquiries, inquiry-escalation, "
                                "ops-board, sla-metrics, sla-watch, scheduling, notifier"),
            std::string::npos);
  auto limit = set_setting(s, "http.body_limit_bytes", "lots");
  ASSERT_FALSE(limit);
  EXPECT_NE(limit.error().find("whole number"), std::string::npos);
  EXPECT_FALSE(set_setting(s, "jwt.secret", "short"));
  auto unknown = set_setting(s, "http.bogus", "1");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("unknown setting 'http.bogus'"), std::string::npos);
}

TEST(Settings, EnvironmentOverridesAndReportsTheVariable) {
  Settings s;
  std::string secret = "OPSDESK_JWT_SECRET=0123456789abcdef0123456789abcdef";
  std::string limit = "OPSDESK_HTTP_BODY_LIMIT_BYTES=2048";
  std::string other = "HOME=/root";
  char* env[] = {secret.data(), limit.data(), other.data(), nullptr};
  ASSERT_TRUE(apply_environment(s, env));
  EXPECT_EQ(s.jwt_secret, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(s.http_body_limit_bytes, 2048u);

  std::string bad = "OPSDESK_EVENTSTORE_SYNC=maybe";
  char* bad_env[] = {bad.data(), nullptr};
  auto result = apply_environment(s, bad_env);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("OPSDESK_EVENTSTORE_SYNC"), std::string::npos);
}

TEST(Settings, ConfigFileIsNestedYamlAndRejectsUnknownKeys) {
  auto dir =
      std::filesystem::temp_directory_path() / ("opsdesk-settings-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "good.yaml")
        << "listen: 127.0.0.1:9090\nhttp:\n  worker_threads: 8\n  access_log: false\n";
    std::ofstream(dir / "bad.yaml") << "http:\n  workers: 8\n";
  }
  Settings s;
  ASSERT_TRUE(apply_config_file(s, dir / "good.yaml"));
  EXPECT_EQ(s.listen_port, 9090);
  EXPECT_EQ(s.http_worker_threads, 8);
  EXPECT_FALSE(s.http_access_log);
  auto bad = apply_config_file(s, dir / "bad.yaml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("unknown setting 'http.workers'"), std::string::npos);
  EXPECT_FALSE(apply_config_file(s, dir / "missing.yaml"));
  std::filesystem::remove_all(dir);
}

TEST(Settings, SomeTokenKeyMustBeConfigured) {
  Settings s;
  EXPECT_FALSE(validate(s));
  s.jwt_secret = "0123456789abcdef0123456789abcdef";
  EXPECT_TRUE(validate(s));
}

TEST(Settings, JwtSecretFileHoldsTheKeyAsAContainerSecretDoes) {
  auto dir =
      std::filesystem::temp_directory_path() / ("opsdesk-secret-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "jwt_secret") << "0123456789abcdef0123456789abcdef\n";
  std::ofstream(dir / "weak") << "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n";
  Settings s;
  ASSERT_TRUE(set_setting(s, "jwt.secret_file", (dir / "jwt_secret").string()));
  EXPECT_EQ(s.jwt_secret, "0123456789abcdef0123456789abcdef");  // the newline is not part of it

  auto missing = set_setting(s, "jwt.secret_file", (dir / "absent").string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("jwt.secret_file"), std::string::npos);
  EXPECT_NE(missing.error().find("cannot read the file"), std::string::npos);
  auto weak = set_setting(s, "jwt.secret_file", (dir / "weak").string());
  ASSERT_FALSE(weak);
  EXPECT_NE(weak.error().find("jwt.secret_file"), std::string::npos);
  EXPECT_NE(weak.error().find("fewer than 10 different characters"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Settings, KafkaGroupInstanceNamesAReplicaInPlainCharacters) {
  Settings s;
  ASSERT_TRUE(set_setting(s, "kafka.group_instance", "ops-board-1"));
  EXPECT_EQ(s.kafka_group_instance, "ops-board-1");
  auto spaced = set_setting(s, "kafka.group_instance", "ops board");
  ASSERT_FALSE(spaced);
  EXPECT_NE(spaced.error().find("kafka.group_instance"), std::string::npos);
  EXPECT_NE(spaced.error().find("letters, digits"), std::string::npos);
}

TEST(Settings, DurationsTakeSecondsMinutesHoursDays) {
  EXPECT_EQ(parse_duration("8h").value(), std::chrono::hours{8});
  EXPECT_EQ(parse_duration("30m").value(), std::chrono::minutes{30});
  EXPECT_EQ(parse_duration("7d").value(), std::chrono::hours{168});
  EXPECT_FALSE(parse_duration("8"));
  EXPECT_FALSE(parse_duration("-1h"));
  EXPECT_FALSE(parse_duration("1w"));
}

TEST(Settings, CalendarExtraDaysAreCommaSeparatedDates) {
  using namespace std::chrono;
  Settings s;
  ASSERT_TRUE(set_setting(s, "calendar.extra_closures", "2026-11-24, 2027-02-12"));
  EXPECT_EQ(s.calendar_extra_closures,
            (std::vector<year_month_day>{2026y / 11 / 24, 2027y / 2 / 12}));
  ASSERT_TRUE(set_setting(s, "calendar.extra_working_days", "2026-12-29"));
  EXPECT_EQ(s.calendar_extra_working_days, (std::vector<year_month_day>{2026y / 12 / 29}));
  ASSERT_TRUE(set_setting(s, "calendar.extra_closures", ""));
  EXPECT_TRUE(s.calendar_extra_closures.empty());

  auto impossible = set_setting(s, "calendar.extra_closures", "2026-11-24,2026-02-30");
  ASSERT_FALSE(impossible);
  EXPECT_NE(
      impossible.error().find("calendar.extra_closures: '2026-11-24,2026-02-30' is not valid"),
      std::string::npos);
  EXPECT_NE(impossible.error().find("no such day"), std::string::npos);
  auto outside = set_setting(s, "calendar.extra_working_days", "2100-01-04");
  ASSERT_FALSE(outside);
  EXPECT_NE(outside.error().find("outside the calendar's years 1955-2099"), std::string::npos);
}

TEST(Settings, CalendarSchedulesAndHolidaysFileComeFromYamlOrEnvironment) {
  auto dir = std::filesystem::temp_directory_path() /
             ("opsdesk-settings-calendar-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "calendar.yaml")
      << "calendar:\n  holidays_file: /etc/opsdesk/syukujitsu.csv\n"
         "  schedules: business=08:30-17:30,night_desk=18:00-22:00\n";
  Settings s;
  ASSERT_TRUE(apply_config_file(s, dir / "calendar.yaml"));
  EXPECT_EQ(s.calendar_holidays_file, "/etc/opsdesk/syukujitsu.csv");
  ASSERT_EQ(s.calendar_schedules.size(), 2u);
  EXPECT_EQ(s.calendar_schedules[1].name, "night_desk");
  std::filesystem::remove_all(dir);

  std::string bad = "OPSDESK_CALENDAR_SCHEDULES=business=18:00-09:00";
  char* env[] = {bad.data(), nullptr};
  auto refused = apply_environment(s, env);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("OPSDESK_CALENDAR_SCHEDULES"), std::string::npos);
  EXPECT_NE(refused.error().find("not after it opens"), std::string::npos);
}

TEST(Settings, KafkaBrokersAndPassThroughPropertiesComeFromEverySource) {
  auto dir = std::filesystem::temp_directory_path() /
             ("opsdesk-settings-kafka-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "kafka.yaml")
      << "kafka:\n  brokers: kafka-1:9092,kafka-2:9092\n  properties:\n"
         "    security.protocol: SASL_SSL\n    sasl.mechanisms: PLAIN\n";
  Settings s;
  EXPECT_TRUE(s.kafka_brokers.empty()) << "no Kafka unless configured";
  ASSERT_TRUE(apply_config_file(s, dir / "kafka.yaml"));
  std::filesystem::remove_all(dir);
  EXPECT_EQ(s.kafka_brokers, "kafka-1:9092,kafka-2:9092");

  std::string properties =
      "OPSDESK_KAFKA_PROPERTIES=sasl.mechanisms=SCRAM-SHA-512,sasl.username=opsdesk";
  char* env[] = {properties.data(), nullptr};
  ASSERT_TRUE(apply_environment(s, env));
  const std::vector<std::pair<std::string, std::string>> expected{
      {"security.protocol", "SASL_SSL"},
      {"sasl.mechanisms", "SCRAM-SHA-512"},
      {"sasl.username", "opsdesk"}};
  EXPECT_EQ(s.kafka_properties, expected)
      << "a later source replaces a property, keeping the others";

  ASSERT_TRUE(set_setting(s, "kafka.brokers", ""));
  EXPECT_TRUE(s.kafka_brokers.empty());
  auto spaced = set_setting(s, "kafka.brokers", "kafka-1:9092, kafka-2:9092");
  ASSERT_FALSE(spaced);
  EXPECT_NE(spaced.error().find("kafka.brokers"), std::string::npos);
  auto malformed = set_setting(s, "kafka.properties", "sasl.mechanisms");
  ASSERT_FALSE(malformed);
  EXPECT_NE(malformed.error().find("name=value"), std::string::npos);
}

TEST(Settings, CertificateLeadTimesAreBusinessDaysInAList) {
  Settings s;
  EXPECT_EQ(s.certificates_expiry_lead_business_days, (std::vector<int>{30, 14, 7}));
  EXPECT_EQ(s.certificates_tls_trust_bundle, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_TRUE(set_setting(s, "certificates.expiry_lead_business_days", "60,20,5,1"));
  EXPECT_EQ(s.certificates_expiry_lead_business_days, (std::vector<int>{60, 20, 5, 1}));
  for (const auto* bad : {"", "30,,7", "0", "thirty", "30;14", "251"}) {
    auto refused = set_setting(s, "certificates.expiry_lead_business_days", bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_NE(refused.error().find("30,14,7"), std::string::npos) << refused.error();
  }
  EXPECT_EQ(s.certificates_expiry_lead_business_days, (std::vector<int>{60, 20, 5, 1}));
}

TEST(Settings, ModuleUrlsNameModulesOfTheTableAndHttpAddresses) {
  Settings s;
  ASSERT_TRUE(
      set_setting(s, "modules.urls", "incidents=http://incidents:8080,sla-watch=http://w:1"));
  EXPECT_EQ(s.module_urls.at("incidents"), "http://incidents:8080");
  EXPECT_EQ(s.module_urls.at("sla-watch"), "http://w:1");
  auto unknown = set_setting(s, "modules.urls", "tickets=http://tickets:8080");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("MODULE=http://HOST:PORT"), std::string::npos) << unknown.error();
  EXPECT_FALSE(set_setting(s, "modules.urls", "incidents=incidents:8080"));
  ASSERT_TRUE(set_setting(s, "modules.service_token_file", "/run/secrets/opsdesk-token"));
  EXPECT_EQ(s.service_token_file, "/run/secrets/opsdesk-token");
}

}  // namespace
}  // namespace opsdesk::cli
