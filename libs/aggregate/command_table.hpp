#pragma once
// A command service's table of HTTP command names and the parsers that turn a JSON body into
// its Command: one place for which commands there are, the 404 naming them, and the 422 that
// lists every bad field at once (unknown fields included). Each service fills it with its own
// parsers (services/<name>/api/command_parsing.cpp); rules that need the aggregate's state are
// its decider's.

#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "libs/http/json_body.hpp"
#include "libs/http/problem.hpp"

namespace opsdesk::aggregate {

// Context: what every parser of the service is given besides the body (the aggregate's id, the
// time now, …).
template <typename Command, typename... Context>
class CommandTable {
 public:
  using Parser = Command (*)(http::JsonFields&, const Context&...);

  // `noun`: "incident"; `creation`: the command of the collection's POST ("detect"), which is
  // not one of the POST …/{id}/{command} names.
  CommandTable(std::string noun, std::string creation,
               std::vector<std::pair<std::string, Parser>> parsers)
      : noun_(std::move(noun)), creation_(std::move(creation)), parsers_(std::move(parsers)) {
    for (const auto& [name, parser] : parsers_) {
      if (name != creation_) names_.push_back(name);
    }
  }

  // The names of POST …/{id}/{command}.
  const std::vector<std::string>& command_names() const { return names_; }
  const std::string& creation() const { return creation_; }
  bool contains(const std::string& name) const {
    for (const auto& [command_name, parser] : parsers_) {
      if (command_name == name) return true;
    }
    return false;
  }
  // 404 naming the commands there are.
  http::Problem unknown_command_problem(const std::string& name) const {
    std::string allowed;
    for (const auto& n : names_) allowed += (allowed.empty() ? "" : ", ") + n;
    return http::not_found_problem("no " + noun_ + " command '" + name +
                                   "'; commands are: " + allowed);
  }

  std::expected<Command, http::Problem> parse(const std::string& name, const nlohmann::json& body,
                                              const http::InstantRange& instants,
                                              const Context&... context) const {
    for (const auto& [command_name, parser] : parsers_) {
      if (command_name != name) continue;
      http::JsonFields fields(body, instants);
      auto command = parser(fields, context...);
      fields.reject_unknown_fields();
      if (!fields.ok()) return std::unexpected(http::validation_problem(fields.errors()));
      return command;
    }
    return std::unexpected(unknown_command_problem(name));
  }

 private:
  std::string noun_;
  std::string creation_;
  std::vector<std::pair<std::string, Parser>> parsers_;
  std::vector<std::string> names_;
};

}  // namespace opsdesk::aggregate
