#pragma once
// `opsdesk calendar holidays|business-duration|add|business-days`: the business calendar for
// operators and scripts, built from the same settings as the server (override file, extra
// days, schedules). Answers on stdout; bad input exits 2 with one line on stderr.

#include <CLI/CLI.hpp>

#include "cmd/opsdesk/calendar_queries.hpp"
#include "cmd/opsdesk/settings.hpp"

namespace opsdesk::cli {

class CalendarCommand {
 public:
  // Registers `calendar` and its four subcommands on `app`. The options write into this
  // object, so it must outlive app.parse() and stay where it is.
  explicit CalendarCommand(CLI::App& app);
  CalendarCommand(const CalendarCommand&) = delete;
  CalendarCommand& operator=(const CalendarCommand&) = delete;

  bool parsed() const { return command_->parsed(); }
  // Returns the exit code: 0, or 2 for bad input or a bad calendar setting.
  int run(const Settings& settings) const;

 private:
  CLI::App* command_;
  CLI::App* holidays_;
  CLI::App* business_duration_;
  CLI::App* add_;
  CLI::App* business_days_;
  CalendarInputs inputs_;  // what the flags gave, by query-parameter name
  std::string format_ = "json";
};

}  // namespace opsdesk::cli
