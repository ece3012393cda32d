// The certificates domain's states in snapshots as JSON: exact (instants in microseconds, the
// DER of a certificate and its chain in base64).

#include <nlohmann/json.hpp>

#include "libs/auth/base64url.hpp"
#include "services/certificates/certificate_aggregate.hpp"

namespace opsdesk::certificates {

namespace {

using nlohmann::json;

std::int64_t micros(core::Instant at) { return core::to_unix_micros(at); }
core::Instant instant(const json& j) { return core::from_unix_micros(j.get<std::int64_t>()); }
json optional_micros(const std::optional<core::Instant>& at) {
  return at ? json(micros(*at)) : json(nullptr);
}
std::optional<core::Instant> optional_instant(const json& j) {
  if (j.is_null()) return std::nullopt;
  return instant(j);
}
std::string bytes_of(const json& j) {
  auto decoded = auth::base64_decode(j.get<std::string>());
  if (!decoded) throw std::invalid_argument("bytes that are not base64");
  return *decoded;
}

json location_json(const Location& l) { return {l.kind, l.value}; }
Location location_of(const json& j) { return {j.at(0), j.at(1)}; }

json facts_json(const CertificateFacts& f) {
  json names = json::array();
  for (const auto& n : f.alt_names) names.push_back({n.kind, n.value});
  return {{"fingerprint", f.fingerprint},
          {"subject", f.subject},
          {"subject_cn", f.subject_cn},
          {"issuer", f.issuer},
          {"serial", f.serial},
          {"alt_names", names},
          {"key_algorithm", f.key_algorithm},
          {"key_bits", f.key_bits},
          {"signature_algorithm", f.signature_algorithm},
          {"not_before_us", micros(f.not_before)},
          {"not_after_us", micros(f.not_after)},
          {"extended_key_usages", f.extended_key_usages},
          {"is_ca", f.is_ca},
          {"der", auth::base64_encode(f.der)}};
}

CertificateFacts facts_of(const json& j) {
  CertificateFacts f;
  f.fingerprint = j.at("fingerprint");
  f.subject = j.at("subject");
  f.subject_cn = j.at("subject_cn");
  f.issuer = j.at("issuer");
  f.serial = j.at("serial");
  for (const auto& n : j.at("alt_names")) f.alt_names.push_back({n.at(0), n.at(1)});
  f.key_algorithm = j.at("key_algorithm");
  f.key_bits = j.at("key_bits");
  f.signature_algorithm = j.at("signature_algorithm");
  f.not_before = instant(j.at("not_before_us"));
  f.not_after = instant(j.at("not_after_us"));
  f.extended_key_usages = j.at("extended_key_usages").get<std::vector<std::string>>();
  f.is_ca = j.at("is_ca");
  f.der = bytes_of(j.at("der"));
  return f;
}

json renewal_request_json(const std::optional<RenewalRequest>& r) {
  if (!r) return nullptr;
  return {{"ca", r->ca},
          {"order_id", r->order_id},
          {"instructed_by", r->instructed_by},
          {"instructed_at_us", optional_micros(r->instructed_at)},
          {"note", r->note},
          {"at_us", micros(r->at)},
          {"by", r->by}};
}

std::optional<RenewalRequest> renewal_request_of(const json& j) {
  if (j.is_null()) return std::nullopt;
  return RenewalRequest{j.at("ca"),
                        j.at("order_id"),
                        j.at("instructed_by"),
                        optional_instant(j.at("instructed_at_us")),
                        j.at("note"),
                        instant(j.at("at_us")),
                        j.at("by")};
}

CertificateState state_from(const json& j) {
  CertificateState s;
  s.fingerprint = j.at("fingerprint");
  s.version = j.at("version");
  s.facts = facts_of(j.at("facts"));
  for (const auto& der : j.at("chain")) s.chain.push_back(bytes_of(der));
  s.trust_store = j.at("trust_store");
  s.chain_verified = j.at("chain_verified");
  s.chain_result = j.at("chain_result");
  s.warnings = j.at("warnings").get<std::vector<std::string>>();
  s.owner = j.at("owner");
  s.tenants = j.at("tenants").get<std::vector<std::string>>();
  for (const auto& l : j.at("locations")) s.locations.push_back(location_of(l));
  if (!j.at("renew_before_s").is_null())
    s.renewal.renew_before = std::chrono::seconds{j.at("renew_before_s").get<std::int64_t>()};
  if (!j.at("renew_before_percentage").is_null())
    s.renewal.renew_before_percentage = j.at("renew_before_percentage").get<int>();
  s.renewal_due = {instant(j.at("renewal_due_at_us")), j.at("renewal_rule")};
  s.predecessor = j.at("predecessor");
  s.successor = j.at("successor");
  s.renewal_request = renewal_request_of(j.at("renewal_request"));
  for (const auto& d : j.at("deployments"))
    s.deployments.push_back({location_of(d.at(0)), instant(d.at(1)), d.at(2)});
  if (!j.at("retired").is_null()) {
    const auto& r = j.at("retired");
    s.retired = Retirement{r.at(0), r.at(1), instant(r.at(2)), r.at(3)};
  }
  s.renewal_due_recorded_at = optional_instant(j.at("renewal_due_recorded_at_us"));
  s.expiry_leads_recorded = j.at("expiry_leads_recorded").get<std::vector<int>>();
  s.expired_recorded_at = optional_instant(j.at("expired_recorded_at_us"));
  s.renewal_task_id = j.at("renewal_task_id");
  s.imported_at = instant(j.at("imported_at_us"));
  s.imported_by = j.at("imported_by");
  s.changed_at = instant(j.at("changed_at_us"));
  return s;
}

}  // namespace

std::string encode_state(const CertificateState& s) {
  json chain = json::array();
  for (const auto& der : s.chain) chain.push_back(auth::base64_encode(der));
  json locations = json::array();
  for (const auto& l : s.locations) locations.push_back(location_json(l));
  json deployments = json::array();
  for (const auto& d : s.deployments)
    deployments.push_back({location_json(d.location), micros(d.at), d.by});
  return json{{"fingerprint", s.fingerprint},
              {"version", s.version},
              {"facts", facts_json(s.facts)},
              {"chain", chain},
              {"trust_store", s.trust_store},
              {"chain_verified", s.chain_verified},
              {"chain_result", s.chain_result},
              {"warnings", s.warnings},
              {"owner", s.owner},
              {"tenants", s.tenants},
              {"locations", locations},
              {"renew_before_s",
               s.renewal.renew_before ? json(s.renewal.renew_before->count()) : json(nullptr)},
              {"renew_before_percentage", s.renewal.renew_before_percentage
                                              ? json(*s.renewal.renew_before_percentage)
                                              : json(nullptr)},
              {"renewal_due_at_us", micros(s.renewal_due.at)},
              {"renewal_rule", s.renewal_due.rule},
              {"predecessor", s.predecessor},
              {"successor", s.successor},
              {"renewal_request", renewal_request_json(s.renewal_request)},
              {"deployments", deployments},
              {"retired", s.retired ? json{s.retired->reason, s.retired->replaced_by,
                                           micros(s.retired->at), s.retired->by}
                                    : json(nullptr)},
              {"renewal_due_recorded_at_us", optional_micros(s.renewal_due_recorded_at)},
              {"expiry_leads_recorded", s.expiry_leads_recorded},
              {"expired_recorded_at_us", optional_micros(s.expired_recorded_at)},
              {"renewal_task_id", s.renewal_task_id},
              {"imported_at_us", micros(s.imported_at)},
              {"imported_by", s.imported_by},
              {"changed_at_us", micros(s.changed_at)}}
      .dump();
}

std::expected<CertificateState, std::string> decode_certificate_state(std::string_view bytes) {
  try {
    return state_from(json::parse(bytes));
  } catch (const std::exception& e) {
    return std::unexpected(std::string("a certificate state that does not decode: ") + e.what());
  }
}

std::string encode_state(const SigningState& s) {
  return json{{"id", s.id},
              {"version", s.version},
              {"artifact_name", s.artifact_name},
              {"artifact_version", s.artifact_version},
              {"sha256", s.sha256},
              {"certificate_fingerprint", s.certificate_fingerprint},
              {"certificate_subject_cn", s.certificate_subject_cn},
              {"signed_at_us", micros(s.signed_at)},
              {"tsa_name", s.tsa_name},
              {"timestamped_at_us", optional_micros(s.timestamped_at)},
              {"change_id", s.change_id},
              {"tenants", s.tenants},
              {"note", s.note},
              {"recorded_at_us", micros(s.recorded_at)},
              {"recorded_by", s.recorded_by}}
      .dump();
}

std::expected<SigningState, std::string> decode_signing_state(std::string_view bytes) {
  try {
    const auto j = json::parse(bytes);
    SigningState s;
    s.id = j.at("id");
    s.version = j.at("version");
    s.artifact_name = j.at("artifact_name");
    s.artifact_version = j.at("artifact_version");
    s.sha256 = j.at("sha256");
    s.certificate_fingerprint = j.at("certificate_fingerprint");
    s.certificate_subject_cn = j.at("certificate_subject_cn");
    s.signed_at = instant(j.at("signed_at_us"));
    s.tsa_name = j.at("tsa_name");
    s.timestamped_at = optional_instant(j.at("timestamped_at_us"));
    s.change_id = j.at("change_id");
    s.tenants = j.at("tenants").get<std::vector<std::string>>();
    s.note = j.at("note");
    s.recorded_at = instant(j.at("recorded_at_us"));
    s.recorded_by = j.at("recorded_by");
    return s;
  } catch (const std::exception& e) {
    return std::unexpected(std::string("a signing state that does not decode: ") + e.what());
  }
}

}  // namespace opsdesk::certificates
