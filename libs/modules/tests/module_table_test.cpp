#include "libs/modules/module_table.hpp"

#include <gtest/gtest.h>

namespace opsdesk::modules {
namespace {

class Nothing final : public Service {};

OpenFunction opens() {
  return [](Context&) -> std::expected<std::unique_ptr<Service>, OpenError> {
    return std::make_unique<Nothing>();
  };
}

Module command(std::string name, std::string domain, std::vector<std::string> needs = {}) {
  return {.name = std::move(name),
          .kind = Kind::command,
          .publishes = std::move(domain),
          .needs = std::move(needs),
          .open = opens()};
}

Module reader(std::string name, std::vector<std::string> domains,
              std::vector<std::string> needs = {}) {
  return {.name = std::move(name),
          .kind = Kind::read_model,
          .consumes = std::move(domains),
          .needs = std::move(needs),
          .open = opens()};
}

Module group(std::string name, std::vector<std::string> members) {
  return {.name = std::move(name), .kind = Kind::group, .members = std::move(members)};
}

Module infrastructure(std::string name) {
  return {.name = std::move(name),
          .kind = Kind::infrastructure,
          .in_every_process = true,
          .open = opens()};
}

// The shape of opsdesk's own table: a group, command services, readers, a process manager that
// both consumes and publishes, and the calendar every process serves.
ModuleTable desk() {
  auto table = ModuleTable::create({
      group("all", {"incidents", "board", "watch", "inquiries"}),
      infrastructure("calendar"),
      reader("board", {"incidents", "inquiries"}),
      command("incidents", "incidents"),
      {.name = "watch",
       .kind = Kind::process_manager,
       .publishes = "sla",
       .consumes = {"incidents"},
       .open = opens()},
      command("inquiries", "inquiries"),
      {.name = "internal", .kind = Kind::infrastructure, .targetable = false, .open = opens()},
  });
  if (!table) throw std::runtime_error(table.error());
  return std::move(*table);
}

std::vector<std::string> names(const std::vector<const Module*>& modules) {
  std::vector<std::string> out;
  for (const auto* m : modules) out.push_back(m->name);
  return out;
}

TEST(ModuleTable, AllOpensEveryMemberWithProducersBeforeTheirConsumers) {
  const auto table = desk();
  auto resolved = table.resolve("all");
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(names(*resolved),
            (std::vector<std::string>{"calendar", "incidents", "watch", "inquiries", "board"}));
}

TEST(ModuleTable, AListMergesTheModulesAndKeepsDependencyOrder) {
  const auto table = desk();
  auto resolved = table.resolve("board,incidents");
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(names(*resolved), (std::vector<std::string>{"calendar", "incidents", "board"}));
}

TEST(ModuleTable, AReaderAloneDoesNotPullInItsProducers) {
  // Without its producer in the process it reads the topic (serve checks for Kafka).
  const auto table = desk();
  auto resolved = table.resolve("board");
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(names(*resolved), (std::vector<std::string>{"calendar", "board"}));
}

TEST(ModuleTable, NeedsArePulledInAndOpenedFirst) {
  auto table = ModuleTable::create(
      {command("store", "d"), reader("view", {}, {"store"}), infrastructure("calendar")});
  ASSERT_TRUE(table) << table.error();
  auto resolved = table->resolve("view");
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(names(*resolved), (std::vector<std::string>{"store", "view", "calendar"}));
}

TEST(ModuleTable, ANameTwiceInATargetOpensItOnce) {
  const auto table = desk();
  auto resolved = table.resolve("incidents,all,incidents");
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->size(), 5u);
}

TEST(ModuleTable, AnUnknownNameIsRefusedQuotingItAndListingTheValidOnes) {
  const auto table = desk();
  auto resolved = table.resolve("incidents,nonsense");
  ASSERT_FALSE(resolved);
  EXPECT_NE(resolved.error().find("'nonsense'"), std::string::npos) << resolved.error();
  EXPECT_NE(resolved.error().find("allowed: all, calendar, board, incidents, watch, inquiries"),
            std::string::npos)
      << resolved.error();
}

TEST(ModuleTable, InternalModulesAndEmptyNamesCannotBeTargeted) {
  EXPECT_FALSE(desk().resolve("internal"));
  EXPECT_FALSE(desk().resolve(""));
  EXPECT_FALSE(desk().resolve("incidents,"));
}

TEST(ModuleTable, PublishedDomainsComeFromTheTable) {
  EXPECT_EQ(desk().published_domains(),
            (std::vector<std::string>{"incidents", "sla", "inquiries"}));
  EXPECT_EQ(desk().publisher_of("sla")->name, "watch");
  EXPECT_EQ(desk().publisher_of("changes"), nullptr);
}

TEST(ModuleTable, ReplayNamesTheReadModelsThatCanBeRebuilt) {
  auto with_replay = [](Module module) {
    module.replay = Replay{.make_projection = {}, .view_path = module.name};
    return module;
  };
  auto table = ModuleTable::create(
      {command("incidents", "incidents"), with_replay(reader("board", {"incidents"})),
       reader("search", {"incidents"}), with_replay(reader("sla", {"incidents"}))});
  ASSERT_TRUE(table) << table.error();
  EXPECT_EQ(table->replay_names_text(), "board, sla");
}

TEST(ModuleTable, ACycleIsRefusedPrintingItsChain) {
  auto table =
      ModuleTable::create({reader("a", {}, {"b"}), reader("b", {}, {"c"}), reader("c", {}, {"a"})});
  ASSERT_FALSE(table);
  EXPECT_NE(table.error().find("cycle: a -> b -> c -> a"), std::string::npos) << table.error();
}

TEST(ModuleTable, ACycleThroughConsumedDomainsIsRefusedToo) {
  auto table = ModuleTable::create({{.name = "p",
                                     .kind = Kind::process_manager,
                                     .publishes = "x",
                                     .consumes = {"y"},
                                     .open = opens()},
                                    {.name = "q",
                                     .kind = Kind::process_manager,
                                     .publishes = "y",
                                     .consumes = {"x"},
                                     .open = opens()}});
  ASSERT_FALSE(table);
  EXPECT_NE(table.error().find("cycle"), std::string::npos) << table.error();
}

TEST(ModuleTable, BadEntriesAreRefusedNamingTheModule) {
  EXPECT_NE(ModuleTable::create({command("a", "d"), command("a", "e")}).error().find("twice"),
            std::string::npos);
  EXPECT_NE(ModuleTable::create({command("a", "d"), command("b", "d")})
                .error()
                .find("domain d is published by both a and b"),
            std::string::npos);
  EXPECT_NE(ModuleTable::create({reader("a", {}, {"ghost"})}).error().find("ghost"),
            std::string::npos);
  EXPECT_NE(ModuleTable::create({group("g", {"ghost"})}).error().find("ghost"), std::string::npos);
  EXPECT_FALSE(ModuleTable::create({{.name = "a", .kind = Kind::command}}));
  EXPECT_FALSE(ModuleTable::create({command("a,b", "d")}));
}

TEST(ModuleTable, CommandsGoOnlyToCommandServicesOfTheTable) {
  Module sender = reader("escalation", {"inquiries"});
  sender.kind = Kind::process_manager;
  sender.sends_commands_to = {"incidents"};
  EXPECT_TRUE(ModuleTable::create({command("incidents", "incidents"), sender}));

  sender.sends_commands_to = {"ghost"};
  EXPECT_NE(ModuleTable::create({command("incidents", "incidents"), sender}).error().find("ghost"),
            std::string::npos);
  sender.sends_commands_to = {"board"};
  EXPECT_NE(ModuleTable::create({reader("board", {}), sender})
                .error()
                .find("module escalation sends commands to board, which is not a command service"),
            std::string::npos);
}

// What a module may ask of the process when it opens: only what it declared.
class Store final : public Service {};

TEST(ModuleContext, AModuleGetsWhatItNeedsAndNothingElse) {
  Store store;
  Nothing other;
  core::SystemClock clock;
  observability::Registry metrics;
  auto verifier = auth::TokenVerifier::create({.hs256_secret = "s", .tenant_codes = {"soumu"}});
  ASSERT_TRUE(verifier);
  const auto calendar = calendar::BusinessCalendar::standard();
  const Module module = reader("view", {}, {"store"});
  Context context(
      module, clock, false, calendar, metrics, *verifier, [] { return nullptr; },
      [&](std::string_view name) -> Service* {
        return name == "store" ? static_cast<Service*>(&store) : &other;
      });
  EXPECT_EQ(&context.need<Store>("store"), &store);
  EXPECT_THROW(context.need<Nothing>("store"), WiringError);  // another type
  EXPECT_THROW(context.need<Nothing>("other"), WiringError);  // not declared
  // Commands only to the modules it declares: a deployment lets through no others.
  EXPECT_THROW((void)context.command_client("incidents"), WiringError);
}

}  // namespace
}  // namespace opsdesk::modules
