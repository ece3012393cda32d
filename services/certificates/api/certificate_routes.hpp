#pragma once
// The certificate inventory over HTTP (docs/api/certificates.yaml, /v1/certificates/…): import a
// certificate from its PEM or DER (JSON {"pem": …}, or the raw body as application/x-pem-file or
// application/pkix-cert), the commands of its life (locations, renewal, its successor issued and
// deployed, retirement), the list by purpose, status and end, one certificate with its history
// and its renewals before and after it. Associations see the certificates that serve them;
// commands are the desk's.

#include <optional>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/certificates/certificate_book.hpp"
#include "services/certificates/x509/trust_store.hpp"

namespace opsdesk::certificates::api {

// The roots chains are verified against, one store per purpose; none configured: not verified
// (and said so in the certificate's warnings).
struct TrustStores {
  std::optional<TrustStore> tls;
  std::optional<TrustStore> code_signing;
};

struct CertificateApi {
  CertificateCommands& commands;
  CertificateRepository& repository;
  CertificateBook& book;
  const core::Clock& clock;
  const calendar::BusinessCalendar& calendar;
  const TrustStores& stores;
  std::vector<int> lead_business_days;
  http::InstantRange instants{};
};

void add_certificate_routes(http::Router& router, CertificateApi api);

// The certificate as the API shows it: its facts, where it is used, its renewal and status at
// `now` (its successor's deployments come from the book).
nlohmann::json certificate_json(const CertificateState& certificate, const CertificateApi& api,
                                core::Instant now);

}  // namespace opsdesk::certificates::api
