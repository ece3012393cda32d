#include "cmd/opsdesk/calendar_command.hpp"

#include <algorithm>
#include <iostream>

#include "cmd/opsdesk/calendar_setup.hpp"
#include "libs/calendar/holiday_file.hpp"

namespace opsdesk::cli {

namespace {

// "--business-minutes: …; --from: …" on one line, flags spelled as the user typed them.
int refuse(const std::string& subcommand, const InputProblems& problems) {
  std::string line;
  for (const auto& p : problems) {
    std::string flag = "--" + p.input;
    std::replace(flag.begin(), flag.end(), '_', '-');
    line += (line.empty() ? "" : "; ") + flag + ": " + p.message;
  }
  std::cerr << "opsdesk calendar " << subcommand << ": " << line << "\n";
  return 2;
}

}  // namespace

CalendarCommand::CalendarCommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "calendar", "the Japanese business calendar: holidays, business days and hours");
  command_->require_subcommand(1);
  // `opsdesk calendar holidays --year 2026 --config FILE` reads as well as with --config first.
  command_->fallthrough();
  const auto input = [this](CLI::App* sub, const std::string& name, const std::string& help) {
    sub->fallthrough();
    std::string flag = "--" + name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    sub->add_option_function<std::string>(
        flag, [this, name](const std::string& value) { inputs_[name] = value; }, help);
  };

  holidays_ = command_->add_subcommand("holidays", "list a year's holidays");
  input(holidays_, "year", "the year, 1955 to 2099 (required)");
  holidays_
      ->add_option("--format", format_,
                   "json (default) or csv (the Cabinet Office override-file format)")
      ->check(CLI::IsMember({"json", "csv"}));

  business_duration_ = command_->add_subcommand(
      "business-duration", "business time between two instants: seconds and H:MM");
  input(business_duration_, "from",
        "RFC 3339 date-time, e.g. 2026-12-28T17:00:00+09:00 (required)");
  input(business_duration_, "to", "RFC 3339 date-time, not before --from (required)");
  input(business_duration_, "schedule",
        "business (default), centre_room, 24x7 or a configured one");

  add_ =
      command_->add_subcommand("add", "the instant at which an amount of business time has passed");
  input(add_, "from", "RFC 3339 date-time (required)");
  input(add_, "business_minutes", "minutes of business time, 0 or more (required)");
  input(add_, "schedule", "business (default), centre_room, 24x7 or a configured one");

  business_days_ = command_->add_subcommand(
      "business-days", "count the business days between two dates, both included");
  input(business_days_, "from", "first date, YYYY-MM-DD (required)");
  input(business_days_, "to", "last date, YYYY-MM-DD (required)");
}

int CalendarCommand::run(const Settings& settings) const {
  const auto calendar = build_calendar(settings);
  if (!calendar) {
    std::cerr << "opsdesk calendar: " << calendar.error() << "\n";
    return 2;
  }

  if (holidays_->parsed()) {
    const auto answer = ask_holidays(*calendar, inputs_);
    if (!answer) return refuse("holidays", answer.error());
    if (format_ == "csv") {
      std::cout << calendar::format_holiday_file(
          {answer->holidays.begin(), answer->holidays.end()});
    } else {
      std::cout << holiday_list_json(answer->holidays).dump() << "\n";
    }
    return 0;
  }
  if (business_duration_->parsed()) {
    const auto answer = ask_business_duration(*calendar, inputs_);
    if (!answer) return refuse("business-duration", answer.error());
    std::cout << std::chrono::floor<std::chrono::seconds>(answer->duration).count() << " "
              << hours_minutes(answer->duration) << "\n";
    return 0;
  }
  if (add_->parsed()) {
    const auto answer = ask_add(*calendar, inputs_);
    if (!answer) return refuse("add", answer.error());
    std::cout << format_tokyo(answer->result) << "\n";
    return 0;
  }
  const auto answer = ask_business_days(*calendar, inputs_);
  if (!answer) return refuse("business-days", answer.error());
  std::cout << answer->days.size() << "\n";
  return 0;
}

}  // namespace opsdesk::cli
