#pragma once
// A certificate of the inventory as a decider (仕様書 4.(2)③イ, 4.(3)④コ⑤ケ): imported from what
// OpenSSL read of it (with the chain's verdict and the warnings: not valid now, over the CA/
// Browser Forum lifetime, chain not verified), its locations, its renewal ordered (an SSL
// certificate on the association side's instruction), its successor issued, deployed location by
// location, retired; and the expiry watch's records, each once: RenewalDue, ExpiryApproaching per
// lead time, CertificateExpired. Pure: reading the certificate, verifying its chain and checking
// what exists elsewhere are the service's; their results come in the commands.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/certificates/contract/certificate_events.hpp"
#include "services/certificates/domain/lifetime.hpp"
#include "services/certificates/x509/certificate_reader.hpp"
#include "services/certificates/x509/trust_store.hpp"

namespace opsdesk::certificates {

using DomainError = aggregate::DomainError;

struct Location {
  std::string kind;  // configuration_item | url | signing_host
  std::string value;
  bool operator==(const Location&) const = default;
};

struct Deployment {
  Location location;
  core::Instant at{};
  std::string by;
  bool operator==(const Deployment&) const = default;
};

struct RenewalRequest {
  std::string ca;
  std::string order_id;
  std::string instructed_by;
  std::optional<core::Instant> instructed_at;
  std::string note;
  core::Instant at{};
  std::string by;
  bool operator==(const RenewalRequest&) const = default;
};

struct Retirement {
  std::string reason;
  std::string replaced_by;
  core::Instant at{};
  std::string by;
  bool operator==(const Retirement&) const = default;
};

struct CertificateState {
  std::string fingerprint;
  std::uint64_t version = 0;
  CertificateFacts facts;
  std::vector<std::string> chain;  // DER
  std::string trust_store;         // tls | code_signing | none
  bool chain_verified = false;
  std::string chain_result;
  std::vector<std::string> warnings;
  std::string owner;
  std::vector<std::string> tenants;  // codes, or "all_centre"
  std::vector<Location> locations;
  RenewalSettings renewal;
  RenewalDue renewal_due;
  std::string predecessor;
  std::string successor;
  std::optional<RenewalRequest> renewal_request;
  std::vector<Deployment> deployments;
  std::optional<Retirement> retired;
  std::optional<core::Instant> renewal_due_recorded_at;
  std::vector<int> expiry_leads_recorded;
  std::optional<core::Instant> expired_recorded_at;
  std::string renewal_task_id;  // the scheduling service's certificate_renewal task, once made
  core::Instant imported_at{};
  std::string imported_by;
  core::Instant changed_at{};

  bool exists() const { return version > 0; }
  bool deployed_at(const Location& location) const;
  // The associations it serves (all_centre as the 18).
  std::vector<std::string> concerned() const;
  bool operator==(const CertificateState&) const = default;
};

struct ImportCertificate {
  ReadCertificates read;
  std::string trust_store;            // the store of its purpose the service verified it against
  std::optional<ChainVerdict> chain;  // nullopt: no store is configured for its purpose
  std::string owner;
  std::vector<std::string> tenants;
  std::vector<Location> locations;
  RenewalSettings renewal;
  std::string predecessor;  // record_issued: the certificate it renews (checked by the service)
  std::string by;
  core::Instant at{};
};
struct AddLocation {
  Location location;
  std::string by;
  core::Instant at{};
};
struct RemoveLocation {
  Location location;
  std::string reason;
  std::string by;
  core::Instant at{};
};
struct RequestRenewal {
  std::string ca;
  std::string order_id;
  std::string instructed_by;
  std::optional<core::Instant> instructed_at;
  std::string note;
  std::string by;
  core::Instant at{};
};
struct RecordSuccessorIssued {
  std::string successor;  // its fingerprint, imported just before
  std::string by;
  core::Instant at{};
};
struct RecordDeployed {
  Location location;
  std::string by;
  core::Instant at{};
};
struct RetireCertificate {
  std::string reason;
  std::string replaced_by;
  std::string by;
  core::Instant at{};
};
// The expiry watch's.
struct RecordRenewalDue {
  core::Instant at{};
};
struct RecordExpiryApproaching {
  int lead_business_days = 0;
  core::Instant notice_at{};
  core::Instant at{};
};
struct RecordExpired {
  core::Instant at{};
};
struct RecordRenewalTaskScheduled {
  std::string task_id;
  core::Instant planned_on{};
  core::Instant at{};
};

using CertificateCommand =
    std::variant<ImportCertificate, AddLocation, RemoveLocation, RequestRenewal,
                 RecordSuccessorIssued, RecordDeployed, RetireCertificate, RecordRenewalDue,
                 RecordExpiryApproaching, RecordExpired, RecordRenewalTaskScheduled>;

std::expected<std::vector<CertificateEvent>, DomainError> decide(const CertificateState& state,
                                                                 const CertificateCommand& command,
                                                                 core::Instant now);
CertificateState evolve(CertificateState state, const CertificateEvent& event);
std::vector<std::string> tenants_named(const CertificateCommand& command);

}  // namespace opsdesk::certificates
