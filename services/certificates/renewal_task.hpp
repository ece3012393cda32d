#pragma once
// The renewal of a code-signing certificate as a task of the centre's schedule (仕様書
// 4.(3)④コ): the body of the scheduling service's POST /v1/schedule/tasks, a one-off
// certificate_renewal task planned at the opening of the day renewal is due (today, for a
// certificate already past it), and the Idempotency-Key that names it. Pure.

#include <nlohmann/json.hpp>
#include <string>

#include "services/certificates/domain/certificate.hpp"

namespace opsdesk::certificates {

nlohmann::json renewal_task_body(const CertificateState& certificate, core::Instant now);
std::string renewal_task_key(const CertificateState& certificate);

}  // namespace opsdesk::certificates
