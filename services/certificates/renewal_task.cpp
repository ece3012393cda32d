#include "services/certificates/renewal_task.hpp"

#include <algorithm>

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"

namespace opsdesk::certificates {

nlohmann::json renewal_task_body(const CertificateState& c, core::Instant now) {
  const auto planned = core::to_tokyo(std::max(c.renewal_due.at, now)).date;
  const auto name = c.facts.subject_cn.empty() ? c.fingerprint.substr(0, 16) : c.facts.subject_cn;
  return {{"title", "コード署名証明書の更新: " + name + " (有効期限 " +
                        core::format_tokyo_rfc3339(c.facts.not_after).substr(0, 10) + ")"},
          {"kind", "certificate_renewal"},
          {"tenants", c.tenants},
          {"rrule", "FREQ=DAILY;COUNT=1"},
          {"dtstart", calendar::format_iso_date(planned)},
          {"time_of_day", "09:00"},
          {"duration", "1h"},
          {"calendar_rule", "next_business_day"},
          {"due_within", "9h"},
          {"owner", c.owner},
          {"by", "certificates-expiry-watch"}};
}

std::string renewal_task_key(const CertificateState& c) {
  return "certificate-renewal-task-" + c.fingerprint;
}

}  // namespace opsdesk::certificates
