#pragma once
// What an escalated fault leads to (DOMAIN.md §Inquiries, issue 17 §2), as pure functions: the
// incident it opens (the body of POST /v1/incidents) and the Idempotency-Keys that make opening
// and linking it happen once, however often the process manager tries.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "services/inquiries/contract/inquiry_events.hpp"

namespace opsdesk::inquiries::escalation {

// One escalation the process manager has to carry out: the inquiry, the stream version of the
// classification that escalated it (which names this escalation in the keys), and the incident
// to open.
struct Escalation {
  std::string inquiry_id;
  std::uint64_t classified_version = 0;
  nlohmann::json incident;  // the body of POST /v1/incidents

  nlohmann::json to_json() const;
  static Escalation from_json(const nlohmann::json& json);
};

// Whether a classification escalates to an incident: a fault with escalate set. (An improvement
// escalates to a change request once the changes service exists; until then the desk links it
// by hand.)
bool opens_incident(const v1::InquiryClassified& classified);

// The incident of an escalated fault: source inquiry, the inquiry's id, the severity and title
// the desk gave, the associations it hits (the desk's list, else the inquiry's tenant), and
// since when: the time the desk gave, else the reception. The inquiry's body is its description
// (cut to the incidents' 4,000 characters).
Escalation escalation_of(const v1::InquiryReceived& received,
                         const v1::InquiryClassified& classified, std::uint64_t classified_version);

// Idempotency-Keys: the same for every attempt at the same escalation.
std::string incident_key(const Escalation& escalation);
std::string link_key(const Escalation& escalation);

}  // namespace opsdesk::inquiries::escalation
