// The escalation process manager in a split deployment, killed between the two commands of an
// escalation: incidents, inquiries and inquiry-escalation each in a process of their own (as in
// their own containers), the escalation reading the inquiries' topic from `opsdesk dev-broker`
// and commanding the other two over HTTP. The inquiries process is down when the escalation
// opens the incident, so the link cannot be recorded; the escalation process is then killed
// with SIGKILL. After both come back there is exactly one incident, and the inquiry is linked
// to it once.

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>

#include "tests/support/api_client.hpp"
#include "tests/support/dev_broker_process.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

// Asks `probe` every 50 ms until it is true or `patience` has passed.
bool eventually(const std::function<bool()>& probe,
                std::chrono::seconds patience = std::chrono::seconds{60}) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < deadline) {
    if (probe()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  return probe();
}

TEST(InquiryEscalationKafka, AKillBetweenOpeningTheIncidentAndLinkingItLeavesOneOfEach) {
  DevBrokerProcess broker;
  TempDir incidents_data, inquiries_data, escalation_data;
  const auto token = token_for("desk", {"maintainer"}, {"*"});
  const std::vector<std::string> kafka{"--kafka.brokers", broker.bootstrap()};
  auto with = [&kafka](std::vector<std::string> args) {
    args.insert(args.end(), kafka.begin(), kafka.end());
    return args;
  };

  OpsdeskProcess incidents(incidents_data.path(), with({"--target=incidents"}), kFastKafkaFetch);
  std::optional<OpsdeskProcess> inquiries;
  inquiries.emplace(inquiries_data.path(), with({"--target=inquiries"}), kFastKafkaFetch);
  const int inquiries_port = inquiries->port();
  ApiClient incidents_api(incidents.host(), incidents.port(), token);
  auto inquiries_api = [&] { return ApiClient(inquiries->host(), inquiries->port(), token); };

  // An escalated fault, published to the inquiries' topic; then the inquiries process dies.
  auto received =
      inquiries_api().post("/v1/inquiries", {{"channel", "phone"},
                                             {"tenant", "gaimu"},
                                             {"requester", {{"name", "佐藤"}}},
                                             {"subject", "在外公館から給付照会ができない"},
                                             {"body", "照会画面がタイムアウトします"}});
  ASSERT_EQ(received.status, 201) << received.body;
  const std::string id = received.json()["id"];
  auto classified = inquiries_api().post(
      "/v1/inquiries/" + id + "/classify",
      {{"class", "fault"}, {"escalate", true}, {"severity", "critical"}, {"by", "desk"}});
  ASSERT_EQ(classified.status, 200) << classified.body;
  const auto position = std::stoull(classified.header("x-opsdesk-position"));
  ASSERT_TRUE(eventually([&] {
    auto relay = inquiries_api().get("/readyz").json()["services"]["inquiries"]["relay"];
    return relay.value("acknowledged_position", 0ULL) >= position;
  })) << "the classification never reached the broker";
  inquiries->kill_hard();

  // The escalation opens the incident but cannot link it; it is killed meanwhile.
  const std::string urls = "incidents=" + incidents.base_url() +
                           ",inquiries=http://127.0.0.1:" + std::to_string(inquiries_port);
  const auto escalation_args = with({"--target=inquiry-escalation"});
  auto escalation_env = kFastKafkaFetch;
  escalation_env["OPSDESK_MODULES_URLS"] = urls;
  {
    OpsdeskProcess escalation(escalation_data.path(), escalation_args, escalation_env);
    ASSERT_TRUE(eventually([&] {
      return incidents_api.get("/v1/incidents").json()["items"].size() == 1;
    })) << "the escalation opened no incident";
    escalation.kill_hard();
  }
  const auto opened = incidents_api.get("/v1/incidents").json()["items"];
  const std::string incident_id = opened[0]["id"];
  EXPECT_EQ(opened[0]["title"], "在外公館から給付照会ができない");

  // Both come back: the escalation is carried out once more, to the same incident.
  inquiries.emplace(
      inquiries_data.path(),
      with({"--target=inquiries", "--listen", "127.0.0.1:" + std::to_string(inquiries_port)}),
      kFastKafkaFetch);
  OpsdeskProcess escalation(escalation_data.path(), escalation_args, escalation_env);
  json inquiry;
  ASSERT_TRUE(eventually([&] {
    inquiry = inquiries_api().get("/v1/inquiries/" + id).json();
    return !inquiry["incident_id"].is_null();
  })) << "the inquiry was never linked: "
      << inquiry;
  EXPECT_EQ(inquiry["incident_id"], incident_id);

  const auto incidents_now = incidents_api.get("/v1/incidents").json()["items"];
  ASSERT_EQ(incidents_now.size(), 1u) << incidents_now;
  EXPECT_EQ(incidents_api.get("/v1/incidents/" + incident_id + "/events").json()["events"].size(),
            1u)
      << "the incident was opened once";
  std::size_t links = 0;
  const auto history = inquiries_api().get("/v1/inquiries/" + id + "/events").json()["events"];
  for (const auto& event : history)
    links += event["type"] == "opsdesk.inquiries.v1.IncidentLinked" ? 1 : 0;
  EXPECT_EQ(links, 1u);
}

}  // namespace
}  // namespace opsdesk::testing
