#include "libs/modules/command_clients.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "libs/testing/temp_dir.hpp"

namespace opsdesk::modules {
namespace {

class CommandClients : public ::testing::Test {
 protected:
  CommandClients() { std::ofstream(dir_.path() / "token") << "eyJ.service.token\n"; }

  CommandClientSettings settings() {
    return {.modules_here = {"incidents", "calendar"},
            .urls = {{"certificates", "http://certificates:8080"}},
            .token_file = dir_.path() / "token",
            .dispatch = [](http::Request, std::function<void(http::Response)>) {}};
  }

  testing::TempDir dir_;
};

TEST_F(CommandClients, AModuleOfThisProcessIsReachedInProcess) {
  auto client = command_client_for("incidents", settings());
  ASSERT_TRUE(client) << client.error();
  EXPECT_NE(dynamic_cast<aggregate::InProcessCommandClient*>(client->get()), nullptr);
}

TEST_F(CommandClients, AModuleOfAnotherProcessIsReachedAtItsUrl) {
  auto client = command_client_for("certificates", settings());
  ASSERT_TRUE(client) << client.error();
  EXPECT_NE(dynamic_cast<aggregate::HttpCommandClient*>(client->get()), nullptr);
}

TEST_F(CommandClients, WhatIsMissingIsNamed) {
  auto nowhere = command_client_for("inquiries", settings());
  ASSERT_FALSE(nowhere);
  EXPECT_NE(nowhere.error().find("modules.urls (inquiries=http://HOST:PORT)"), std::string::npos)
      << nowhere.error();

  auto without_token = settings();
  without_token.token_file.clear();
  without_token.mint_token = nullptr;
  auto refused = command_client_for("incidents", without_token);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("modules.service_token_file"), std::string::npos);
}

TEST_F(CommandClients, WithoutATokenFileAProcessHoldingTheSecretMintsOneForEachCommand) {
  auto minting = settings();
  minting.token_file.clear();
  int minted = 0;
  minting.mint_token = [&minted] { return "minted-" + std::to_string(++minted); };
  std::vector<std::string> seen;
  minting.dispatch = [&seen](http::Request request, std::function<void(http::Response)> done) {
    seen.push_back(request.headers["Authorization"]);
    done(http::Response::json(200, nlohmann::json::object()));
  };
  auto client = command_client_for("incidents", minting);
  ASSERT_TRUE(client) << client.error();
  for (int i = 0; i < 2; ++i)
    ASSERT_TRUE((*client)->send({.path = "/v1/incidents", .body = "{}", .idempotency_key = "k"}));
  EXPECT_EQ(seen, (std::vector<std::string>{"Bearer minted-1", "Bearer minted-2"}));
}

}  // namespace
}  // namespace opsdesk::modules
