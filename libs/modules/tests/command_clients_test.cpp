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
  auto refused = command_client_for("incidents", without_token);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("modules.service_token_file"), std::string::npos);
}

}  // namespace
}  // namespace opsdesk::modules
