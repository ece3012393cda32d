#include "services/inquiries/escalation/escalation.hpp"

#include "libs/core/tokyo_time.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::inquiries::escalation {

namespace {

constexpr std::size_t kIncidentTitleMax = 200;  // characters, as the incidents API allows
constexpr std::size_t kIncidentDescriptionMax = 4000;
constexpr std::size_t kChangeDescriptionMax = 8000;  // as the changes API allows

// The first `max` characters of UTF-8 text (never cutting a character in two).
std::string first_characters(const std::string& text, std::size_t max) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte
    if (characters == max) return text.substr(0, i);
    ++characters;
  }
  return text;
}

}  // namespace

nlohmann::json Escalation::to_json() const {
  return {{"inquiry_id", inquiry_id},
          {"classified_version", classified_version},
          {"target", target},
          {"request", request}};
}

Escalation Escalation::from_json(const nlohmann::json& json) {
  // Views written before improvements escalated hold a fault's incident under "incident".
  if (json.contains("incident"))
    return {json.at("inquiry_id").get<std::string>(),
            json.at("classified_version").get<std::uint64_t>(), std::string(kToIncident),
            json.at("incident")};
  return {json.at("inquiry_id").get<std::string>(),
          json.at("classified_version").get<std::uint64_t>(), json.at("target").get<std::string>(),
          json.at("request")};
}

bool escalates(const v1::InquiryClassified& classified) {
  return classified.escalate() &&
         (classified.inquiry_class() == "fault" || classified.inquiry_class() == "improvement");
}

namespace {

Escalation change_of(const v1::InquiryReceived& received, const v1::InquiryClassified& classified,
                     std::uint64_t classified_version) {
  std::vector<std::string> tenants(classified.affected_tenants().begin(),
                                   classified.affected_tenants().end());
  if (tenants.empty())
    tenants.push_back(received.tenant() == "centre_ops" ? "all_centre" : received.tenant());
  const auto& title = classified.title().empty() ? received.subject() : classified.title();
  return {received.inquiry_id(), classified_version, std::string(kToChange),
          nlohmann::json{
              {"origin", "improvement"},
              {"inquiry_id", received.inquiry_id()},
              {"title", first_characters(title, kIncidentTitleMax)},
              {"description", first_characters(received.body(), kChangeDescriptionMax)},
              {"tenants", tenants},
          }};
}

}  // namespace

Escalation escalation_of(const v1::InquiryReceived& received,
                         const v1::InquiryClassified& classified,
                         std::uint64_t classified_version) {
  if (classified.inquiry_class() == "improvement")
    return change_of(received, classified, classified_version);
  const auto occurred_at = classified.has_fault_occurred_at()
                               ? proto::from_timestamp(classified.fault_occurred_at())
                               : proto::from_timestamp(received.received_at());
  std::vector<std::string> tenants(classified.affected_tenants().begin(),
                                   classified.affected_tenants().end());
  if (tenants.empty()) tenants.push_back(received.tenant());
  const auto& title = classified.title().empty() ? received.subject() : classified.title();
  return {received.inquiry_id(), classified_version, std::string(kToIncident),
          nlohmann::json{
              {"occurred_at", core::format_tokyo_rfc3339(occurred_at)},
              {"source", "inquiry"},
              {"severity", classified.severity()},
              {"title", first_characters(title, kIncidentTitleMax)},
              {"description", first_characters(received.body(), kIncidentDescriptionMax)},
              {"affected_tenants", tenants},
              {"inquiry_id", received.inquiry_id()},
          }};
}

std::string opening_key(const Escalation& e) {
  return "inquiry-escalation:" + e.inquiry_id + ":" + std::to_string(e.classified_version) + ":" +
         e.target;
}

std::string link_key(const Escalation& e) {
  return "inquiry-escalation:" + e.inquiry_id + ":" + std::to_string(e.classified_version) +
         (e.target == kToIncident ? ":link" : ":change-link");
}

}  // namespace opsdesk::inquiries::escalation
