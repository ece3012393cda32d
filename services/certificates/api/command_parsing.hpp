#pragma once
// The certificates API's command bodies: one parser per command name (a CommandTable: every bad
// or unknown field in one 422, a 404 naming the commands), and the import's own fields, which
// come either in a JSON body or, beside a raw PEM/DER body, as query parameters.

#include <optional>
#include <string>
#include <vector>

#include "libs/aggregate/command_table.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/message.hpp"
#include "services/certificates/domain/certificate.hpp"

namespace opsdesk::certificates::api {

// POST /v1/certificates/{fingerprint}/{command}: add_location, remove_location, request_renewal,
// record_deployed, retire (record_issued carries a certificate and is the routes' own).
using CertificateCommandTable =
    aggregate::CommandTable<CertificateCommand, core::Instant, std::string>;
const CertificateCommandTable& certificate_commands();

// What an import names besides the certificate: where it is used, whose it is, when to renew.
struct ImportFields {
  std::string owner;
  std::vector<std::string> tenants;
  std::vector<Location> locations;
  RenewalSettings renewal;
  std::string by;
  core::Instant at{};
};

// From a JSON body: {"pem": …, "owner", "tenants", "locations", "renew_before_days",
// "renew_before_percentage", "by", "at"}; the certificate's bytes go to `certificate`.
// `required`: owner and tenants must be given (a successor takes its predecessor's otherwise).
ImportFields import_fields(http::JsonFields& f, std::string& certificate, bool required,
                           core::Instant now, const std::string& who);

// From the query of a raw body (Content-Type application/x-pem-file or application/pkix-cert):
// ?owner=&tenants=a,b&location=kind:value&renew_before_days=&renew_before_percentage=&by=.
ImportFields import_fields(const http::Request& request, std::vector<http::FieldError>& errors,
                           core::Instant now, const std::string& who);

}  // namespace opsdesk::certificates::api
