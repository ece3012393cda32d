#pragma once
// What an escalated inquiry leads to (DOMAIN.md §Inquiries), as pure functions: a fault opens an
// incident (the body of POST /v1/incidents), an improvement request registers a change request
// (the body of POST /v1/changes); and the Idempotency-Keys that make opening and linking it
// happen once, however often the process manager tries.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "services/inquiries/contract/inquiry_events.hpp"

namespace opsdesk::inquiries::escalation {

inline constexpr std::string_view kToIncident = "incident";
inline constexpr std::string_view kToChange = "change";

// One escalation the process manager has to carry out: the inquiry, the stream version of the
// classification that escalated it (which names this escalation in the keys), and what to open.
struct Escalation {
  std::string inquiry_id;
  std::uint64_t classified_version = 0;
  std::string target;      // incident (a fault) | change (an improvement request)
  nlohmann::json request;  // the body of POST /v1/incidents or POST /v1/changes

  nlohmann::json to_json() const;
  static Escalation from_json(const nlohmann::json& json);
};

// Whether a classification escalates: a fault (to an incident) or an improvement request (to a
// change request) with escalate set.
bool escalates(const v1::InquiryClassified& classified);

// The incident of an escalated fault: source inquiry, the inquiry's id, the severity and title
// the desk gave, the associations it hits (the desk's list, else the inquiry's tenant), and
// since when: the time the desk gave, else the reception. The inquiry's body is its description
// (cut to the incidents' 4,000 characters).
// The change of an escalated improvement request: origin improvement, the inquiry's id, the title
// the desk gave (else the subject), the body as its description, and the associations it is for
// (the desk's list, else the inquiry's tenant; the centre operations team's request: the
// centre's 18).
Escalation escalation_of(const v1::InquiryReceived& received,
                         const v1::InquiryClassified& classified, std::uint64_t classified_version);

// Idempotency-Keys: the same for every attempt at the same escalation.
std::string opening_key(const Escalation& escalation);
std::string link_key(const Escalation& escalation);

}  // namespace opsdesk::inquiries::escalation
