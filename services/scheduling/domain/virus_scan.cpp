#include "services/scheduling/domain/virus_scan.hpp"

#include <algorithm>
#include <array>

#include "libs/aggregate/field_check.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/scheduling/domain/vocabulary.hpp"

namespace opsdesk::scheduling {

namespace {

using proto::from_timestamp;
using proto::to_timestamp;
using std::chrono::sys_days;

constexpr std::array<std::string_view, 4> kStates = {"done", "not_done", "risk", "detected"};
constexpr std::size_t kMaxTerminalName = 64;

bool not_done_on(const TerminalState& s, Date day) {
  const auto* scan = s.on(day);
  return scan != nullptr && scan->state == "not_done";
}

// What starts an episode with this record, if one is not open already.
std::optional<ScanAttention> attention_for(const TerminalState& s, const RecordVirusScan& c) {
  if (s.attention) return std::nullopt;  // once per episode
  if (c.state == "risk" || c.state == "detected") return ScanAttention{c.state, {c.day}, c.at};
  if (c.state != "not_done" || !c.business_day || c.previous_business_days.size() < 2)
    return std::nullopt;
  const auto nearer = c.previous_business_days[0];
  const auto earlier = c.previous_business_days[1];
  if (!not_done_on(s, nearer) || !not_done_on(s, earlier)) return std::nullopt;
  return ScanAttention{"not_done_3_business_days", {earlier, nearer, c.day}, c.at};
}

}  // namespace

std::span<const std::string_view> scan_states() { return kStates; }

bool is_terminal_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxTerminalName && std::ranges::all_of(name, [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

const ScanDay* TerminalState::on(Date day) const {
  const auto found = std::ranges::find(days, day, &ScanDay::day);
  return found == days.end() ? nullptr : &*found;
}

std::expected<std::vector<VirusScanEvent>, DomainError> decide(const TerminalState& state,
                                                               const VirusScanCommand& command,
                                                               core::Instant now) {
  const auto& c = std::get<RecordVirusScan>(command);
  aggregate::FieldCheck check(now, kAllowedClockSkew);
  const auto* tenant = tenants::find_tenant(c.tenant);
  if (tenant == nullptr)
    check.add("tenant", "unknown association code '" + c.tenant +
                            "'; allowed: " + tenants::allowed_codes_text());
  if (!is_terminal_name(c.terminal))
    check.add("terminal", "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
  if (!is_one_of(kStates, c.state))
    check.add("state", "'" + c.state + "' is not a scan state; allowed: " + words_text(kStates));
  if (sys_days{c.day} > sys_days{core::to_tokyo(now).date})
    check.add("day",
              "is after today (" + calendar::format_iso_date(core::to_tokyo(now).date) + ")");
  if (c.state != "done") check.not_blank("note", c.note);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();

  v1::VirusScanRecorded recorded;
  recorded.set_tenant(c.tenant);
  recorded.set_terminal(c.terminal);
  recorded.set_day(calendar::format_iso_date(c.day));
  recorded.set_state(c.state);
  recorded.set_note(c.note);
  *recorded.mutable_at() = to_timestamp(c.at);
  recorded.set_by(c.by);
  std::vector<VirusScanEvent> events{recorded};
  if (auto attention = attention_for(state, c)) {
    v1::VirusScanAttentionRequired e;
    e.set_tenant(c.tenant);
    e.set_terminal(c.terminal);
    e.set_reason(attention->reason);
    for (const auto day : attention->days) e.add_days(calendar::format_iso_date(day));
    *e.mutable_at() = to_timestamp(c.at);
    events.emplace_back(std::move(e));
  }
  return events;
}

TerminalState evolve(TerminalState s, const VirusScanEvent& event) {
  std::visit(core::overloaded{
                 [&](const v1::VirusScanRecorded& e) {
                   s.tenant = e.tenant();
                   s.terminal = e.terminal();
                   s.id = terminal_id_of(e.tenant(), e.terminal());
                   const auto day = calendar::parse_iso_date(e.day()).value_or(Date{});
                   ScanDay scan{day, e.state(), e.note(), from_timestamp(e.at()), e.by()};
                   auto at = std::ranges::lower_bound(
                       s.days, sys_days{day}, {}, [](const ScanDay& d) { return sys_days{d.day}; });
                   if (at != s.days.end() && at->day == day)
                     *at = std::move(scan);
                   else
                     s.days.insert(at, std::move(scan));
                   // A scan done on or after the episode's last day ends it.
                   if (s.attention && e.state() == "done" &&
                       sys_days{day} >= sys_days{s.attention->days.back()})
                     s.attention.reset();
                 },
                 [&](const v1::VirusScanAttentionRequired& e) {
                   ScanAttention attention{e.reason(), {}, from_timestamp(e.at())};
                   for (const auto& d : e.days())
                     attention.days.push_back(calendar::parse_iso_date(d).value_or(Date{}));
                   s.attention = attention;
                   s.last_attention = attention;
                   ++s.attentions_raised;
                 },
             },
             event);
  ++s.version;
  return s;
}

}  // namespace opsdesk::scheduling
