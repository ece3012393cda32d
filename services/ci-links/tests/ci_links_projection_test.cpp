// Which incidents name which configuration items: an incident's free text that is an item's
// code (trimmed, any case) links the two, whichever was recorded first; other texts link
// nothing.

#include "services/ci-links/ci_links_projection.hpp"

#include <gtest/gtest.h>

#include <map>

#include "libs/projection/testing/memory_view.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/changes/contract/change_events.hpp"
#include "services/incidents/contract/incident_events.hpp"

namespace opsdesk::ci_links {
namespace {

const std::string kIncident = "0190c3a4-0000-7000-8000-0000000000b1";
const std::string kOther = "0190c3a4-0000-7000-8000-0000000000b2";
const std::string kItem = "0190c3a4-0000-7000-8000-0000000000e1";

using projection::testing::MemoryView;

class Given {
 public:
  template <typename Event>
  Given& apply(const std::string& stream_id, const Event& event) {
    opsdesk::eventstore::v1::RecordedEvent record;
    record.set_stream_id(stream_id);
    record.set_stream_version(++versions_[stream_id]);
    record.set_type(std::string(Event::descriptor()->full_name()));
    record.set_payload(event.SerializeAsString());
    projection_.apply(record, view_);
    return *this;
  }
  Given& detected(const std::string& id, std::vector<std::string> texts,
                  std::vector<std::string> tenants = {"soumu"}) {
    incidents::v1::IncidentDetected e;
    e.set_incident_id(id);
    e.set_title("夜間バッチ異常終了");
    e.set_severity("major");
    *e.mutable_occurred_at() =
        proto::to_timestamp(core::parse_rfc3339("2026-06-01T10:00:00+09:00").value());
    for (auto& t : tenants) e.add_affected_tenants(t);
    for (auto& t : texts) e.add_configuration_items(t);
    return apply(incidents::stream_id_of(id), e);
  }
  Given& registered(const std::string& code, std::vector<std::string> tenants = {"soumu"}) {
    changes::v1::ConfigurationItemRegistered e;
    e.set_ci_id(kItem);
    e.set_kind("system_server");
    e.set_code(code);
    e.set_name("標準共済システムサーバ（総務省共済組合）");
    for (auto& t : tenants) e.add_tenants(t);
    e.set_location("centre");
    return apply(changes::configuration_item_stream_id_of(kItem), e);
  }
  const projection::ViewReader& view() const { return view_; }

 private:
  CiLinksProjection projection_;
  MemoryView view_;
  std::map<std::string, std::uint64_t> versions_;
};

TEST(CiLinks, AnIncidentNamingAnItemsCodeIsLinkedToIt) {
  Given given;
  given.registered("srv-soumu").detected(kIncident, {" SRV-SOUMU ", "AP server 1"});
  const auto incidents = incidents_of(given.view(), kItem);
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0]["id"], kIncident);
  EXPECT_EQ(incidents[0]["matched_text"], " SRV-SOUMU ");
  EXPECT_EQ(incidents[0]["title"], "夜間バッチ異常終了");
  const auto items = items_of(given.view(), kIncident);
  ASSERT_EQ(items.size(), 1u);  // "AP server 1" is no item's code
  EXPECT_EQ(items[0].code, "srv-soumu");
}

TEST(CiLinks, AnItemRegisteredLaterIsLinkedToTheIncidentsThatNamedIt) {
  Given given;
  given.detected(kIncident, {"srv-soumu"}).detected(kOther, {"srv-houmu"}, {"houmu"});
  EXPECT_TRUE(incidents_of(given.view(), kItem).empty());
  given.registered("srv-soumu");
  const auto incidents = incidents_of(given.view(), kItem);
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0]["id"], kIncident);
}

TEST(CiLinks, AnItemIsFoundByCodeOrIdWithTheAssociationsItServes) {
  Given given;
  given.registered("storage-shared", {"all_centre"});
  auto by_code = find_item(given.view(), "storage-shared");
  ASSERT_TRUE(by_code.has_value());
  EXPECT_EQ(by_code->ci_id, kItem);
  EXPECT_EQ(by_code->tenants.size(), 18u);
  EXPECT_TRUE(find_item(given.view(), kItem).has_value());
  EXPECT_FALSE(find_item(given.view(), "srv-nowhere").has_value());
}

TEST(CiLinks, AClosedIncidentStaysInTheHistoryMarkedClosed) {
  Given given;
  given.registered("srv-soumu").detected(kIncident, {"srv-soumu"});
  incidents::v1::IncidentClosed closed;
  given.apply(incidents::stream_id_of(kIncident), closed);
  const auto incidents = incidents_of(given.view(), kItem);
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0]["closed"], true);
}

TEST(CiLinks, AReopenedIncidentIsOpenAgain) {
  Given given;
  given.registered("srv-soumu").detected(kIncident, {"srv-soumu"});
  given.apply(incidents::stream_id_of(kIncident), incidents::v1::IncidentClosed{});
  given.apply(incidents::stream_id_of(kIncident), incidents::v1::IncidentReopened{});
  EXPECT_EQ(incident(given.view(), kIncident)->at("closed"), false);
  given.apply(incidents::stream_id_of(kIncident), incidents::v1::IncidentClosed{});
  EXPECT_EQ(incident(given.view(), kIncident)->at("closed"), true);
}

TEST(CiLinks, ATenantAddedAfterTheDetectionIsAmongTheIncidentsTenantsOnce) {
  Given given;
  given.registered("srv-soumu").detected(kIncident, {"srv-soumu"}, {"soumu"});
  incidents::v1::AffectedTenantAdded added;
  added.set_tenant("houmu");
  given.apply(incidents::stream_id_of(kIncident), added);
  given.apply(incidents::stream_id_of(kIncident), added);  // said twice: still one tenant
  added.set_tenant("soumu");                               // affected from the start
  given.apply(incidents::stream_id_of(kIncident), added);
  const auto incidents = incidents_of(given.view(), kItem);
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0]["tenants"], nlohmann::json({"soumu", "houmu"}));
  EXPECT_EQ(incidents[0]["closed"], false);
}

}  // namespace
}  // namespace opsdesk::ci_links
