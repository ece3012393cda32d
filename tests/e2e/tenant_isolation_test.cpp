// Nothing of one association reaches a caller who does not hold it. Incidents are created for
// one association, for two, and for all of them, each with notices whose texts are private to
// the association they were sent to; then every read route of the process (walked from
// /openapi.json, so a new route is covered as soon as it exists), with each incident id and a
// spread of query parameters, is asked by every role for a few tenant scopes. No answer may
// carry an id, title or notice text of an incident or association the caller does not hold, nor
// a per-association figure keyed by such an association.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "libs/tenants/tenant_registry.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kRoles{"maintainer", "association_admin", "viewer", "committee"};

struct Incident {
  std::string title;
  std::vector<std::string> tenants;
  std::string id{};  // once created
};

std::string notice_text(const std::string& tenant, const Incident& incident) {
  return "notice-for-" + tenant + "-about-" + incident.title;
}

// Every object key in the answer (per-association figures are keyed by tenant code).
void collect_keys(const json& value, std::set<std::string>& keys) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      keys.insert(key);
      collect_keys(item, keys);
    }
  } else if (value.is_array()) {
    for (const auto& item : value) collect_keys(item, keys);
  }
}

std::string concrete(const std::string& pattern, const std::string& id) {
  std::string path;
  bool in_parameter = false;
  for (const char c : pattern) {
    if (c == '{') {
      in_parameter = true;
      path += id;
    } else if (c == '}') {
      in_parameter = false;
    } else if (!in_parameter) {
      path += c;
    }
  }
  return path;
}

class TenantIsolation : public ::testing::Test {
 protected:
  void SetUp() override {
    opsdesk_ = std::make_unique<OpsdeskProcess>(data_.path());
    std::vector<std::string> every_tenant;
    for (const auto& tenant : tenants::all_tenants()) every_tenant.emplace_back(tenant.code);
    create({"isolation-only-soumu", {"soumu"}});
    create({"isolation-soumu-and-houmu", {"soumu", "houmu"}});
    create({"isolation-every-association", every_tenant});
  }

  ApiClient as(const std::string& role, const std::vector<std::string>& tenants) const {
    return ApiClient(opsdesk_->host(), opsdesk_->port(), token_for("u-" + role, {role}, tenants));
  }

  void create(Incident incident) {
    const auto centre = as("maintainer", {"*"});
    auto created = centre.post("/v1/incidents", {{"occurred_at", minutes_ago(120)},
                                                 {"source", "monitoring"},
                                                 {"severity", "major"},
                                                 {"title", incident.title},
                                                 {"affected_tenants", incident.tenants}});
    ASSERT_EQ(created.status, 201) << created.body;
    incident.id = created.json()["id"];
    for (const auto& tenant : incident.tenants) {
      auto noticed = centre.post("/v1/incidents/" + incident.id + "/record_notice",
                                 {{"tenant", tenant},
                                  {"kind", "first_notice"},
                                  {"sent_at", minutes_ago(60)},
                                  {"channel", "email"},
                                  {"summary", notice_text(tenant, incident)}});
      ASSERT_EQ(noticed.status, 200) << noticed.body;
      position_ = noticed.header("x-opsdesk-position");
    }
    incidents_.push_back(std::move(incident));
  }

  TempDir data_;
  std::unique_ptr<OpsdeskProcess> opsdesk_;
  std::vector<Incident> incidents_;
  std::string position_;
};

TEST_F(TenantIsolation, NoReadRouteShowsACallerAnythingOfAnAssociationItDoesNotHold) {
  const auto centre = as("maintainer", {"*"});
  // The read models have applied every command before the walk begins.
  ASSERT_EQ(centre.get("/v1/board/incidents?min_position=" + position_).status, 200);
  ASSERT_EQ(
      centre.get("/v1/sla/incidents/" + incidents_.back().id + "?min_position=" + position_).status,
      200);
  const auto doc = centre.get("/openapi.json").json();
  const auto month = minutes_ago(0).substr(0, 7);

  std::vector<std::string> targets;
  for (const auto& [pattern, operations] : doc["paths"].items()) {
    if (!operations.contains("get")) continue;
    // A stream never ends, so a plain GET cannot read it: the board stream's scoping is
    // checked message by message in board_stream_test.cpp.
    if (operations["get"]["responses"]["200"]["content"].contains("text/event-stream")) continue;
    std::vector<std::string> paths;
    if (pattern.find('{') == std::string::npos) {
      paths.push_back(pattern);
    } else {
      for (const auto& incident : incidents_) paths.push_back(concrete(pattern, incident.id));
    }
    for (const auto& path : paths) {
      for (const std::string& query : std::vector<std::string>{
               "", "?tenant=soumu", "?tenant=houmu", "?status=open", "?month=" + month,
               "?month=" + month + "&tenant=soumu", "?month=" + month + "&format=csv",
               "?incident=" + incidents_[0].id, "?incident=" + incidents_[1].id})
        targets.push_back(path + query);
    }
  }

  std::set<std::string> every_code;
  for (const auto& tenant : tenants::all_tenants()) every_code.emplace(tenant.code);
  const std::vector<std::vector<std::string>> scopes{{"zaimu"}, {"houmu"}, {"soumu"}};
  int answered_with_data = 0;
  for (const auto& role : kRoles) {
    for (const auto& scope : scopes) {
      const auto caller = as(role, scope);
      const std::set<std::string> held(scope.begin(), scope.end());
      // What this caller must never see.
      std::vector<std::string> secrets;
      for (const auto& incident : incidents_) {
        const bool visible = std::any_of(incident.tenants.begin(), incident.tenants.end(),
                                         [&](const auto& t) { return held.contains(t); });
        if (!visible) {
          secrets.push_back(incident.id);
          secrets.push_back(incident.title);
        }
        for (const auto& tenant : incident.tenants)
          if (!held.contains(tenant)) secrets.push_back(notice_text(tenant, incident));
      }
      for (const auto& target : targets) {
        const auto answer = caller.get(target);
        const std::string who = role + " of " + scope.front() + ": GET " + target;
        ASSERT_NE(answer.status, 0) << who;
        EXPECT_LT(answer.status, 500) << who << ": " << answer.body;
        for (const auto& secret : secrets) {
          // A 404 names the id the caller asked for: its own words, not a leak.
          if (target.find(secret) != std::string::npos) continue;
          EXPECT_EQ(answer.body.find(secret), std::string::npos)
              << who << " shows " << secret << ": " << answer.body.substr(0, 600);
        }
        // The API's description has examples keyed by tenant codes: documentation, not data.
        if (answer.status != 200 ||
            answer.header("content-type").find("json") == std::string::npos ||
            target.starts_with("/openapi.json"))
          continue;
        std::set<std::string> keys;
        collect_keys(answer.json(), keys);
        for (const auto& key : keys)
          EXPECT_FALSE(every_code.contains(key) && !held.contains(key))
              << who << " has a figure keyed by " << key << ": " << answer.body.substr(0, 600);
        if (answer.body.find("isolation-") != std::string::npos) ++answered_with_data;
      }
    }
  }
  // The walk saw the incidents where callers may see them, so the checks above had data.
  EXPECT_GT(answered_with_data, 10) << answered_with_data;

  // And what a caller may see is there: its own notice of a shared incident, not the other's.
  const auto houmu = as("viewer", {"houmu"}).get("/v1/incidents/" + incidents_[1].id + "/events");
  ASSERT_EQ(houmu.status, 200);
  EXPECT_NE(houmu.body.find(notice_text("houmu", incidents_[1])), std::string::npos) << houmu.body;
  EXPECT_EQ(houmu.body.find(notice_text("soumu", incidents_[1])), std::string::npos) << houmu.body;
}

TEST_F(TenantIsolation, TheAssociationsListNamesTheCallersOwnAndEveryOneForCentreStaff) {
  const auto own = as("association_admin", {"houmu", "soumu"}).get("/v1/tenants");
  ASSERT_EQ(own.status, 200) << own.body;
  // In the registry's order, whatever the token's.
  EXPECT_EQ(own.json()["items"],
            json::parse(R"([{"code":"soumu","name_ja":"総務省共済組合","go_live":"2026-08",)"
                        R"("in_centre":true},{"code":"houmu","name_ja":"法務省共済組合",)"
                        R"("go_live":"2026-09","in_centre":true}])"));
  const auto every = as("viewer", {"*"}).get("/v1/tenants");
  ASSERT_EQ(every.status, 200) << every.body;
  EXPECT_EQ(every.json()["items"].size(), tenants::all_tenants().size());
}

}  // namespace
}  // namespace opsdesk::testing
