#include "services/scheduling/domain/daily_report.hpp"

#include <array>

#include "libs/aggregate/field_check.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/scheduling/domain/vocabulary.hpp"

namespace opsdesk::scheduling {

namespace {

constexpr std::array<std::string_view, 5> kChannels = {"email", "phone", "portal", "in_person",
                                                       "other"};

}  // namespace

std::span<const std::string_view> report_channels() { return kChannels; }

std::expected<std::vector<DailyReportEvent>, DomainError> decide(const DailyReportState& state,
                                                                 const DailyReportCommand& command,
                                                                 core::Instant now) {
  const auto& c = std::get<SendDailyReport>(command);
  if (state.exists())
    return aggregate::rule_violated("daily-report-already-sent",
                                    "daily report " + state.id + " was sent");
  aggregate::FieldCheck check(now, kAllowedClockSkew);
  if (auto problem = scope_problem(c.tenants)) check.add("tenants", *problem);
  if (!is_one_of(report_channels(), c.channel))
    check.add("channel",
              "'" + c.channel + "' is not a channel; allowed: " + words_text(report_channels()));
  check.not_blank("summary", c.summary);
  check.not_blank("by", c.by);
  check.not_in_future("sent_at", c.sent_at);
  if (std::chrono::sys_days{core::to_tokyo(c.sent_at).date} < std::chrono::sys_days{c.day})
    check.add("sent_at",
              "is before the day the report is about (" + calendar::format_iso_date(c.day) + ")");
  if (!check.ok()) return check.error();
  v1::DailyReportSent e;
  e.set_report_id(c.report_id);
  for (const auto& code : concerned_codes(c.tenants)) e.add_tenants(code);
  e.set_day(calendar::format_iso_date(c.day));
  *e.mutable_at() = proto::to_timestamp(c.sent_at);
  e.set_channel(c.channel);
  e.set_summary(c.summary);
  e.set_abnormal(c.abnormal);
  for (const auto& o : c.occurrences) {
    auto& reported = *e.add_occurrences();
    reported.set_occurrence_id(o.occurrence_id);
    reported.set_title(o.title);
    reported.set_kind(o.kind);
    reported.set_status(o.status);
    for (const auto& t : o.open_tenants) reported.add_open_tenants(t);
  }
  e.set_by(c.by);
  return std::vector<DailyReportEvent>{e};
}

DailyReportState evolve(DailyReportState s, const DailyReportEvent& event) {
  const auto& e = std::get<v1::DailyReportSent>(event);
  s.id = e.report_id();
  s.tenants.assign(e.tenants().begin(), e.tenants().end());
  s.day = calendar::parse_iso_date(e.day()).value();
  s.sent_at = proto::from_timestamp(e.at());
  s.channel = e.channel();
  s.summary = e.summary();
  s.abnormal = e.abnormal();
  s.occurrences.clear();
  for (const auto& o : e.occurrences())
    s.occurrences.push_back({o.occurrence_id(),
                             o.title(),
                             o.kind(),
                             o.status(),
                             {o.open_tenants().begin(), o.open_tenants().end()}});
  s.by = e.by();
  ++s.version;
  return s;
}

}  // namespace opsdesk::scheduling
