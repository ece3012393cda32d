// Every decoder of outside input, fed seeded random inputs (random_input.hpp): JSON command
// bodies, bearer tokens, If-Match and Idempotency-Key headers, the incidents' protobuf events,
// the holiday file and the SLA definitions YAML. Each must give a value or a clear error.

#include <google/protobuf/stubs/logging.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "libs/aggregate/http_commands.hpp"
#include "libs/auth/jwt.hpp"
#include "libs/calendar/business_calendar.hpp"
#include "libs/calendar/holiday_file.hpp"
#include "libs/core/instant.hpp"
#include "libs/http/json_body.hpp"
#include "libs/sla/definitions_yaml.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/incidents/api/command_parsing.hpp"
#include "services/incidents/contract/incident_events.hpp"
#include "tests/random_input/random_input.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

const core::Instant kNow = core::parse_rfc3339("2026-12-03T10:00:00+09:00").value();

// One object with a valid value for every field some incident command takes.
json every_field() {
  return {{"occurred_at", "2026-12-03T09:00:00+09:00"},
          {"source", "monitoring"},
          {"severity", "major"},
          {"title", "帳票サーバ停止"},
          {"description", "夜間バッチ後に応答なし"},
          {"affected_tenants", {"soumu", "houmu"}},
          {"configuration_items", {"srv-soumu"}},
          {"tenant", "soumu"},
          {"kind", "first_notice"},
          {"sent_at", "2026-12-03T09:30:00+09:00"},
          {"channel", "email"},
          {"summary", "復旧済み"},
          {"reason", "重複"},
          {"at", "2026-12-03T09:45:00+09:00"},
          {"started_at", "2026-12-03T09:10:00+09:00"},
          {"ended_at", "2026-12-03T09:40:00+09:00"},
          {"by", "sato"},
          {"change_id", "chg-1"}};
}

std::vector<std::string> every_command() {
  const auto& table = incidents::api::command_table();
  auto names = table.command_names();
  names.push_back(table.creation());
  return names;
}

TEST(RandomInput, JsonCommandBodiesAreParsedOrRefused) {
  const auto commands = every_command();
  const std::string sample = every_field().dump();
  expect_decodes_or_refuses(
      "parse_strict_json + parse_command", fuzz_runs(20000),
      [&](Mutator& m) { return m.mutate(sample); },
      [&](const std::string& text) {
        auto parsed = http::parse_strict_json(text);
        if (!parsed || !parsed->is_object()) return;
        for (const auto& name : commands)
          (void)incidents::api::command_table().parse(name, *parsed, http::InstantRange{},
                                                      "01a23d98-b839-7000-ac98-4bd7aef8e908", kNow);
      });
}

TEST(RandomInput, CommandFieldsOfEveryTypeAreValidatedOrRefused) {
  const auto commands = every_command();
  Mutator shapes(fuzz_seed() + 1);
  expect_decodes_or_refuses(
      "parse_command", fuzz_runs(20000),
      [&](Mutator& m) {
        auto body = every_field();
        for (std::size_t i = 1 + m.below(4); i > 0; --i) {
          auto it = body.begin();
          std::advance(it, static_cast<long>(m.below(body.size())));
          if (m.one_in(4)) {
            body.erase(it);
          } else {
            *it = m.random_json();
          }
        }
        if (m.one_in(5)) body[m.pick(Mutator::text_tokens())] = m.random_json();
        return body.dump();
      },
      [&](const std::string& text) {
        const auto body = json::parse(text);
        (void)incidents::api::command_table().parse(commands[shapes.below(commands.size())], body,
                                                    http::InstantRange{},
                                                    "01a23d98-b839-7000-ac98-4bd7aef8e908", kNow);
      });
}

std::string base64url(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  for (auto& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

// A token whose header and payload are any text, correctly signed: the claims decoder behind
// the signature check gets exercised too.
std::string signed_token(const std::string& header, const std::string& payload,
                         const std::string& secret) {
  const auto input = base64url(header) + "." + base64url(payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &size);
  return input + "." + base64url(std::string_view(reinterpret_cast<const char*>(mac), size));
}

TEST(RandomInput, BearerTokensAreVerifiedOrRefused) {
  const std::string secret = "fuzz-secret-0123456789abcdef-0123456789";
  auth::VerifierOptions options;
  options.hs256_secret = secret;
  for (const auto& tenant : tenants::all_tenants()) options.tenant_codes.emplace_back(tenant.code);
  auto verifier = auth::TokenVerifier::create(options);
  ASSERT_TRUE(verifier) << verifier.error();
  const auto valid = auth::mint_hs256(
      {"sato", {"maintainer"}, {"soumu"}, kNow, kNow + std::chrono::hours{1}}, secret);
  const std::string header = R"({"alg":"HS256","typ":"JWT"})";
  const std::string payload = json{
      {"sub", "sato"},
      {"roles", {"maintainer", "viewer"}},
      {"tenants", {"soumu", "*"}},
      {"iat", 1796331000},
      {"nbf", 1796331000},
      {"exp", 1796334600}}.dump();
  expect_decodes_or_refuses(
      "TokenVerifier", fuzz_runs(20000),
      [&](Mutator& m) {
        if (m.one_in(2)) return "Bearer " + m.mutate(valid);
        return "Bearer " +
               signed_token(m.one_in(4) ? m.mutate(header) : header, m.mutate(payload), secret);
      },
      [&](const std::string& authorization) {
        (void)verifier->verify_authorization_header(authorization, kNow);
      });
}

TEST(RandomInput, IfMatchAndIdempotencyKeyHeadersAreReadOrRefused) {
  auth::Principal caller{"sato", {auth::Role::maintainer}, {"soumu"}, false};
  expect_decodes_or_refuses(
      "parse_if_match + idempotency_of", fuzz_runs(20000),
      [&](Mutator& m) {
        static const std::vector<std::string> samples = {"\"3\"",          "W/\"3\"",      "*",
                                                         "\"12\", \"13\"", "key-0190c3a4", ""};
        return m.mutate(m.pick(samples));
      },
      [&](const std::string& value) {
        http::Request request;
        request.method = "POST";
        request.path = "/v1/incidents/x/record_notice";
        request.body = "{}";
        request.headers["If-Match"] = value;
        request.headers["Idempotency-Key"] = value;
        (void)aggregate::parse_if_match(request, "the incident's version");
        (void)aggregate::idempotency_of(request, caller);
      });
}

TEST(RandomInput, IncidentEventsDecodeOrAreRefused) {
  // Every message type of the contract, with a payload that sets most of its fields.
  const auto* file = incidents::v1::IncidentDetected::descriptor()->file();
  std::vector<std::string> types;
  for (int i = 0; i < file->message_type_count(); ++i)
    types.push_back(std::string(file->message_type(i)->full_name()));
  incidents::v1::IncidentDetected detected;
  detected.set_title("帳票サーバ停止");
  detected.add_affected_tenants("soumu");
  detected.mutable_occurred_at()->set_seconds(1796331000);
  const std::string payload = detected.SerializeAsString();
  Mutator kinds(fuzz_seed() + 2);
  // libprotobuf logs every string field that is not UTF-8; decode() reports it as an error.
  google::protobuf::LogSilencer quiet;
  expect_decodes_or_refuses(
      "incidents::decode", fuzz_runs(30000),
      [&](Mutator& m) { return m.one_in(8) ? m.random_bytes(64) : m.mutate(payload); },
      [&](const std::string& bytes) {
        eventstore::v1::RecordedEvent record;
        record.set_stream_id(kinds.one_in(10) ? kinds.mutate("incident-0190c0de")
                                              : "incident-0190c0de");
        record.set_type(kinds.one_in(10) ? kinds.mutate(kinds.pick(types)) : kinds.pick(types));
        record.set_payload(bytes);
        auto decoded = incidents::decode(record);
        if (!decoded) return;
        (void)incidents::type_name(*decoded);
        (void)incidents::private_to(*decoded);
        (void)incidents::next_status(incidents::Status::open, *decoded);
      });
}

TEST(RandomInput, HolidayFilesAreReadOrRefused) {
  const std::string sample = std::string(calendar::kHolidayFileHeader) +
                             "\r\n2026/1/1,元日\r\n2026/1/12,成人の日\r\n2026/9/22,国民の休日\r\n";
  expect_decodes_or_refuses(
      "parse_holiday_file", fuzz_runs(20000), [&](Mutator& m) { return m.mutate(sample); },
      [](const std::string& bytes) { (void)calendar::parse_holiday_file(bytes); });
}

TEST(RandomInput, SlaDefinitionsDocumentsAreReadOrRefused) {
  const std::string sample(sla::default_sla_definitions_yaml());
  const auto calendar = calendar::BusinessCalendar::standard();
  expect_decodes_or_refuses(
      "parse_sla_definitions", fuzz_runs(4000), [&](Mutator& m) { return m.mutate(sample); },
      [&](const std::string& text) { (void)sla::parse_sla_definitions(text, calendar); });
}

}  // namespace
}  // namespace opsdesk::testing
