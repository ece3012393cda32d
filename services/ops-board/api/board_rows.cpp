#include "services/ops-board/api/board_rows.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/ops-board/board_projection.hpp"

namespace opsdesk::ops_board::api {

namespace {

using nlohmann::json;

std::string duration_text(std::chrono::seconds elapsed) {
  const auto hours = elapsed.count() / 3600;
  const auto minutes = (elapsed.count() % 3600) / 60;
  return std::to_string(hours) + ":" + (minutes < 10 ? "0" : "") + std::to_string(minutes);
}

}  // namespace

view::BoardRow parsed_row(std::string_view value) {
  view::BoardRow stored;
  if (!stored.ParseFromArray(value.data(), static_cast<int>(value.size())))
    throw std::runtime_error("ops-board: unreadable row in the view");
  return stored;
}

bool visible_to(const view::BoardRow& stored, const auth::Principal& who) {
  return std::any_of(stored.tenants().begin(), stored.tenants().end(),
                     [&](const auto& notices) { return who.can_see_tenant(notices.tenant()); });
}

std::optional<json> visible_row(const view::BoardRow& stored, const auth::Principal& who,
                                const std::optional<std::string>& tenant, core::Instant now) {
  json row = board_row_json(stored);
  json visible_tenants = json::array();
  // Of the tenants shown: others' reports are not the caller's business.
  std::optional<std::int64_t> last_report_us;
  for (int i = 0; i < stored.tenants_size(); ++i) {
    const auto& notices = stored.tenants(i);
    const auto& code = notices.tenant();
    if (!who.can_see_tenant(code) || (tenant && code != *tenant)) continue;
    auto& entry = row["tenants"][static_cast<std::size_t>(i)];
    entry["first_notice_sent"] = notices.has_first_notice_at_us();
    if (const auto* known = tenants::find_tenant(code))
      entry["name_ja"] = std::string(known->name_ja);
    if (notices.has_last_report_at_us() &&
        (!last_report_us || *last_report_us < notices.last_report_at_us()))
      last_report_us = notices.last_report_at_us();
    visible_tenants.push_back(std::move(entry));
  }
  if (visible_tenants.empty()) return std::nullopt;
  const auto detected = core::from_unix_micros(stored.detected_at_us());
  // A detection time may run up to 2 minutes ahead of our clock: never show negative time.
  const auto elapsed = std::max(std::chrono::seconds{0},
                                std::chrono::duration_cast<std::chrono::seconds>(now - detected));
  row["tenants"] = std::move(visible_tenants);
  row["last_report_at"] =
      last_report_us ? json(core::format_tokyo_rfc3339(core::from_unix_micros(*last_report_us)))
                     : json(nullptr);
  row["elapsed_seconds"] = elapsed.count();
  row["elapsed_text"] = duration_text(elapsed);
  return row;
}

}  // namespace opsdesk::ops_board::api
