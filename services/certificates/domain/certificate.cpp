#include "services/certificates/domain/certificate.hpp"

#include <algorithm>
#include <array>

#include "libs/aggregate/field_check.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/core/words.hpp"
#include "libs/tenants/scope.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::certificates {

namespace {

using core::Instant;
using proto::from_timestamp;
using proto::to_timestamp;
using Result = std::expected<std::vector<CertificateEvent>, DomainError>;

// How far a time stamped by a person's clock may run ahead of the server's.
constexpr std::chrono::minutes kAllowedClockSkew{2};
constexpr std::array<std::string_view, 3> kLocationKinds = {"configuration_item", "url",
                                                            "signing_host"};
constexpr std::size_t kMaxLocations = 100;

struct FieldCheck : aggregate::FieldCheck {
  explicit FieldCheck(Instant now) : aggregate::FieldCheck(now, kAllowedClockSkew) {}
  void location(const std::string& field, const Location& l) {
    if (!core::is_one_of(kLocationKinds, l.kind))
      add(field + ".kind", "'" + l.kind + "' is not a kind of location; allowed: " +
                               core::words_text(kLocationKinds));
    not_blank(field + ".value", l.value);
  }
};

std::string day_text(Instant at) { return core::format_tokyo_rfc3339(at).substr(0, 10); }

std::string name_of(const CertificateState& s) {
  return "certificate " + (s.facts.subject_cn.empty() ? s.fingerprint.substr(0, 16)
                                                      : "'" + s.facts.subject_cn + "'");
}

std::optional<DomainError> refuse_retired(const CertificateState& s) {
  if (!s.retired) return std::nullopt;
  return aggregate::rule_violated("certificate-retired",
                                  name_of(s) + " was retired: " + s.retired->reason)
      .error();
}

v1::Location location_message(const Location& l) {
  v1::Location m;
  m.set_kind(l.kind);
  m.set_value(l.value);
  return m;
}
Location location_of(const v1::Location& m) { return {m.kind(), m.value()}; }

// What the desk is to know of a certificate it takes in: not valid now, over its lifetime limit,
// a chain that does not verify.
std::vector<std::string> warnings_of(const ImportCertificate& c, Instant now) {
  std::vector<std::string> warnings;
  const auto& f = c.read.leaf;
  if (now > f.not_after)
    warnings.push_back("expired on " + day_text(f.not_after) +
                       ": kept in the inventory, since signatures timestamped while it was valid "
                       "stay verifiable");
  if (now < f.not_before) warnings.push_back("not valid until " + day_text(f.not_before));
  if (auto over = lifetime_warning(f.purpose(), f.not_before, f.not_after))
    warnings.push_back(*over);
  if (!c.chain)
    warnings.push_back("no trust store is configured for " + f.purpose() +
                       " certificates: its chain was not verified");
  else if (!c.chain->verified)
    warnings.push_back("its chain does not verify to the " + c.trust_store +
                       " trust store: " + c.chain->reason);
  return warnings;
}

Result decide_import(const CertificateState& s, const ImportCertificate& c, Instant now) {
  const auto& f = c.read.leaf;
  if (s.exists())
    return aggregate::rule_violated("certificate-already-imported",
                                    name_of(s) + " (" + s.fingerprint + ") is in the inventory");
  FieldCheck check(now);
  check.not_blank("owner", c.owner);
  if (auto problem = tenants::scope_problem(c.tenants)) check.add("tenants", *problem);
  if (c.locations.size() > kMaxLocations)
    check.add("locations", "at most " + std::to_string(kMaxLocations) + " locations");
  for (std::size_t i = 0; i < c.locations.size(); ++i) {
    const auto field = "locations[" + std::to_string(i) + "]";
    check.location(field, c.locations[i]);
    for (std::size_t j = 0; j < i; ++j)
      if (c.locations[j] == c.locations[i]) check.add(field, "is listed twice");
  }
  if (c.renewal.renew_before && *c.renewal.renew_before <= std::chrono::seconds{0})
    check.add("renew_before", "must be a positive duration");
  if (c.renewal.renew_before_percentage &&
      (*c.renewal.renew_before_percentage < 1 || *c.renewal.renew_before_percentage > 99))
    check.add("renew_before_percentage", "must be from 1 to 99");
  if (!c.predecessor.empty() && c.predecessor == f.fingerprint)
    check.add("pem", "this is the certificate being renewed, not its successor");
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::CertificateImported e;
  e.set_fingerprint(f.fingerprint);
  e.set_der(f.der);
  for (const auto& link : c.read.chain) e.add_chain(link.der);
  e.set_subject(f.subject);
  e.set_subject_cn(f.subject_cn);
  e.set_issuer(f.issuer);
  e.set_serial(f.serial);
  for (const auto& name : f.alt_names) {
    auto* m = e.add_alt_names();
    m->set_kind(name.kind);
    m->set_value(name.value);
  }
  e.set_key_algorithm(f.key_algorithm);
  e.set_key_bits(static_cast<std::uint32_t>(f.key_bits));
  e.set_signature_algorithm(f.signature_algorithm);
  *e.mutable_not_before() = to_timestamp(f.not_before);
  *e.mutable_not_after() = to_timestamp(f.not_after);
  for (const auto& oid : f.extended_key_usages) e.add_extended_key_usages(oid);
  e.set_purpose(f.purpose());
  e.set_is_ca(f.is_ca);
  e.set_trust_store(c.chain ? c.trust_store : "none");
  e.set_chain_verified(c.chain && c.chain->verified);
  e.set_chain_result(c.chain ? c.chain->reason : "");
  for (auto& warning : warnings_of(c, now)) e.add_warnings(std::move(warning));
  e.set_owner(c.owner);
  for (const auto& t : c.tenants) e.add_tenants(t);
  for (const auto& l : c.locations) *e.add_locations() = location_message(l);
  if (c.renewal.renew_before)
    e.mutable_renewal()->set_renew_before_seconds(
        static_cast<std::uint64_t>(c.renewal.renew_before->count()));
  if (c.renewal.renew_before_percentage)
    e.mutable_renewal()->set_renew_before_percentage(
        static_cast<std::uint32_t>(*c.renewal.renew_before_percentage));
  const auto due = renewal_due_at(f.not_before, f.not_after, c.renewal);
  *e.mutable_renewal_due_at() = to_timestamp(due.at);
  e.set_renewal_rule(due.rule);
  e.set_predecessor(c.predecessor);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<CertificateEvent>{e};
}

Result decide_add_location(const CertificateState& s, const AddLocation& c, Instant now) {
  FieldCheck check(now);
  check.location("location", c.location);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  if (std::ranges::find(s.locations, c.location) != s.locations.end())
    return aggregate::rule_violated(
        "location-listed",
        name_of(s) + " is already used at " + c.location.kind + " " + c.location.value);
  v1::CertificateLocationAdded e;
  *e.mutable_location() = location_message(c.location);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<CertificateEvent>{e};
}

Result decide_remove_location(const CertificateState& s, const RemoveLocation& c, Instant now) {
  FieldCheck check(now);
  check.location("location", c.location);
  check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (std::ranges::find(s.locations, c.location) == s.locations.end())
    return aggregate::rule_violated(
        "location-not-listed",
        name_of(s) + " is not used at " + c.location.kind + " " + c.location.value);
  v1::CertificateLocationRemoved e;
  *e.mutable_location() = location_message(c.location);
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<CertificateEvent>{e};
}

Result decide_request_renewal(const CertificateState& s, const RequestRenewal& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("ca", c.ca);
  // 仕様書 4.(3)⑤ケ: SSL certificates are renewed on the association side's instruction.
  if (s.facts.purpose() == "tls_server") {
    if (aggregate::is_blank(c.instructed_by))
      check.add("instructed_by",
                "an SSL certificate is renewed on the association side's "
                "instruction (仕様書 4.(3)⑤ケ): who gave it");
    if (!c.instructed_at)
      check.add("instructed_at",
                "an SSL certificate is renewed on the association side's "
                "instruction (仕様書 4.(3)⑤ケ): when it was given");
  }
  if (c.instructed_at) check.not_in_future("instructed_at", *c.instructed_at);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  if (!s.successor.empty())
    return aggregate::rule_violated("successor-issued", name_of(s) +
                                                            " was renewed already: its successor "
                                                            "is " +
                                                            s.successor);
  v1::RenewalRequested e;
  e.set_ca(c.ca);
  e.set_order_id(c.order_id);
  e.set_instructed_by(c.instructed_by);
  if (c.instructed_at) *e.mutable_instructed_at() = to_timestamp(*c.instructed_at);
  e.set_note(c.note);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<CertificateEvent>{e};
}

Result decide_successor(const CertificateState& s, const RecordSuccessorIssued& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("successor", c.successor);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  if (!s.successor.empty())
    return aggregate::rule_violated("successor-issued",
                                    name_of(s) + " already has its successor " + s.successor);
  v1::SuccessorIssued e;
  e.set_successor(c.successor);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<CertificateEvent>{e};
}

Result decide_deployed(const CertificateState& s, const RecordDeployed& c, Instant now) {
  FieldCheck check(now);
  check.location("location", c.location);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (check.ok() && std::ranges::find(s.locations, c.location) == s.locations.end())
    check.add("location", name_of(s) + " is not used at " + c.location.kind + " " +
                              c.location.value + " (add_location first)");
  if (!check.ok()) return check.error();
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  if (s.deployed_at(c.location))
    return aggregate::rule_violated(
        "deployed", name_of(s) + " was deployed at " + c.location.kind + " " + c.location.value);
  v1::CertificateDeployed e;
  *e.mutable_location() = location_message(c.location);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<CertificateEvent>{e};
}

Result decide_retire(const CertificateState& s, const RetireCertificate& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  v1::CertificateRetired e;
  e.set_reason(c.reason);
  e.set_replaced_by(c.replaced_by.empty() ? s.successor : c.replaced_by);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<CertificateEvent>{e};
}

std::optional<DomainError> refuse_watch(const CertificateState& s) {
  if (auto retired = refuse_retired(s)) return retired;
  if (s.expired_recorded_at)
    return aggregate::rule_violated("expired-recorded", name_of(s) + " was recorded expired")
        .error();
  return std::nullopt;
}

Result decide_renewal_due(const CertificateState& s, const RecordRenewalDue& c, Instant now) {
  if (auto refused = refuse_watch(s)) return std::unexpected(*refused);
  if (s.renewal_due_recorded_at)
    return aggregate::rule_violated("renewal-due-recorded",
                                    name_of(s) + " was recorded due for renewal");
  if (now < s.renewal_due.at)
    return aggregate::rule_violated(
        "not-yet-due",
        name_of(s) + " is due for renewal at " + core::format_tokyo_rfc3339(s.renewal_due.at));
  v1::RenewalDue e;
  *e.mutable_due_at() = to_timestamp(s.renewal_due.at);
  e.set_rule(s.renewal_due.rule);
  *e.mutable_at() = to_timestamp(c.at);
  return std::vector<CertificateEvent>{e};
}

Result decide_expiry_approaching(const CertificateState& s, const RecordExpiryApproaching& c,
                                 Instant now) {
  if (auto refused = refuse_watch(s)) return std::unexpected(*refused);
  if (std::ranges::find(s.expiry_leads_recorded, c.lead_business_days) !=
      s.expiry_leads_recorded.end())
    return aggregate::rule_violated("notice-recorded", name_of(s) + " was recorded " +
                                                           std::to_string(c.lead_business_days) +
                                                           " business days before it expires");
  if (now < c.notice_at)
    return aggregate::rule_violated(
        "not-yet-due", "the " + std::to_string(c.lead_business_days) + "-business-day notice of " +
                           name_of(s) + " is at " + core::format_tokyo_rfc3339(c.notice_at));
  v1::ExpiryApproaching e;
  e.set_lead_business_days(static_cast<std::uint32_t>(c.lead_business_days));
  *e.mutable_notice_at() = to_timestamp(c.notice_at);
  *e.mutable_not_after() = to_timestamp(s.facts.not_after);
  *e.mutable_at() = to_timestamp(c.at);
  return std::vector<CertificateEvent>{e};
}

Result decide_expired(const CertificateState& s, const RecordExpired& c, Instant now) {
  if (auto refused = refuse_watch(s)) return std::unexpected(*refused);
  if (now <= s.facts.not_after)
    return aggregate::rule_violated(
        "not-yet-due", name_of(s) + " expires at " + core::format_tokyo_rfc3339(s.facts.not_after));
  v1::CertificateExpired e;
  *e.mutable_not_after() = to_timestamp(s.facts.not_after);
  *e.mutable_at() = to_timestamp(c.at);
  return std::vector<CertificateEvent>{e};
}

Result decide_task_scheduled(const CertificateState& s, const RecordRenewalTaskScheduled& c) {
  if (auto refused = refuse_watch(s)) return std::unexpected(*refused);
  if (s.facts.purpose() != "code_signing")
    return aggregate::rule_violated("not-code-signing",
                                    name_of(s) +
                                        " is not a code-signing certificate: only those "
                                        "are renewed on the centre's schedule");
  if (!s.renewal_task_id.empty())
    return aggregate::rule_violated(
        "renewal-task-scheduled",
        name_of(s) + " has its renewal task " + s.renewal_task_id + " on the schedule");
  v1::RenewalTaskScheduled e;
  e.set_task_id(c.task_id);
  *e.mutable_planned_on() = to_timestamp(c.planned_on);
  *e.mutable_at() = to_timestamp(c.at);
  return std::vector<CertificateEvent>{e};
}

CertificateFacts facts_of(const v1::CertificateImported& e) {
  CertificateFacts f;
  f.fingerprint = e.fingerprint();
  f.subject = e.subject();
  f.subject_cn = e.subject_cn();
  f.issuer = e.issuer();
  f.serial = e.serial();
  for (const auto& name : e.alt_names()) f.alt_names.push_back({name.kind(), name.value()});
  f.key_algorithm = e.key_algorithm();
  f.key_bits = static_cast<int>(e.key_bits());
  f.signature_algorithm = e.signature_algorithm();
  f.not_before = from_timestamp(e.not_before());
  f.not_after = from_timestamp(e.not_after());
  f.extended_key_usages.assign(e.extended_key_usages().begin(), e.extended_key_usages().end());
  f.is_ca = e.is_ca();
  f.der = e.der();
  return f;
}

}  // namespace

bool CertificateState::deployed_at(const Location& location) const {
  return std::ranges::any_of(deployments,
                             [&](const Deployment& d) { return d.location == location; });
}

std::vector<std::string> CertificateState::concerned() const {
  return tenants::concerned_codes(tenants);
}

std::expected<std::vector<CertificateEvent>, DomainError> decide(const CertificateState& state,
                                                                 const CertificateCommand& command,
                                                                 Instant now) {
  if (const auto* c = std::get_if<ImportCertificate>(&command))
    return decide_import(state, *c, now);
  if (!state.exists())
    return std::unexpected(DomainError{
        DomainError::Kind::not_found, "certificate-not-found", "no such certificate", {}});
  return std::visit(
      core::overloaded{
          [](const ImportCertificate&) -> Result { return {}; },  // handled above
          [&](const AddLocation& c) { return decide_add_location(state, c, now); },
          [&](const RemoveLocation& c) { return decide_remove_location(state, c, now); },
          [&](const RequestRenewal& c) { return decide_request_renewal(state, c, now); },
          [&](const RecordSuccessorIssued& c) { return decide_successor(state, c, now); },
          [&](const RecordDeployed& c) { return decide_deployed(state, c, now); },
          [&](const RetireCertificate& c) { return decide_retire(state, c, now); },
          [&](const RecordRenewalDue& c) { return decide_renewal_due(state, c, now); },
          [&](const RecordExpiryApproaching& c) {
            return decide_expiry_approaching(state, c, now);
          },
          [&](const RecordExpired& c) { return decide_expired(state, c, now); },
          [&](const RecordRenewalTaskScheduled& c) { return decide_task_scheduled(state, c); },
      },
      command);
}

CertificateState evolve(CertificateState s, const CertificateEvent& event) {
  std::visit(
      core::overloaded{
          [&](const v1::CertificateImported& e) {
            s.fingerprint = e.fingerprint();
            s.facts = facts_of(e);
            s.chain.assign(e.chain().begin(), e.chain().end());
            s.trust_store = e.trust_store();
            s.chain_verified = e.chain_verified();
            s.chain_result = e.chain_result();
            s.warnings.assign(e.warnings().begin(), e.warnings().end());
            s.owner = e.owner();
            s.tenants.assign(e.tenants().begin(), e.tenants().end());
            for (const auto& l : e.locations()) s.locations.push_back(location_of(l));
            if (e.renewal().renew_before_seconds() > 0)
              s.renewal.renew_before = std::chrono::seconds{
                  static_cast<std::int64_t>(e.renewal().renew_before_seconds())};
            if (e.renewal().renew_before_percentage() > 0)
              s.renewal.renew_before_percentage =
                  static_cast<int>(e.renewal().renew_before_percentage());
            s.renewal_due = {from_timestamp(e.renewal_due_at()), e.renewal_rule()};
            s.predecessor = e.predecessor();
            s.imported_at = from_timestamp(e.at());
            s.imported_by = e.by();
          },
          [&](const v1::CertificateLocationAdded& e) {
            s.locations.push_back(location_of(e.location()));
          },
          [&](const v1::CertificateLocationRemoved& e) {
            std::erase(s.locations, location_of(e.location()));
          },
          [&](const v1::RenewalRequested& e) {
            RenewalRequest r{e.ca(),       e.order_id(), e.instructed_by(),
                             std::nullopt, e.note(),     from_timestamp(e.at()),
                             e.by()};
            if (e.has_instructed_at()) r.instructed_at = from_timestamp(e.instructed_at());
            s.renewal_request = std::move(r);
          },
          [&](const v1::SuccessorIssued& e) { s.successor = e.successor(); },
          [&](const v1::CertificateDeployed& e) {
            s.deployments.push_back({location_of(e.location()), from_timestamp(e.at()), e.by()});
          },
          [&](const v1::CertificateRetired& e) {
            s.retired = Retirement{e.reason(), e.replaced_by(), from_timestamp(e.at()), e.by()};
          },
          [&](const v1::RenewalDue& e) { s.renewal_due_recorded_at = from_timestamp(e.at()); },
          [&](const v1::ExpiryApproaching& e) {
            s.expiry_leads_recorded.push_back(static_cast<int>(e.lead_business_days()));
          },
          [&](const v1::CertificateExpired& e) { s.expired_recorded_at = from_timestamp(e.at()); },
          [&](const v1::RenewalTaskScheduled& e) { s.renewal_task_id = e.task_id(); },
      },
      event);
  ++s.version;
  s.changed_at = occurred_at(event);
  return s;
}

std::vector<std::string> tenants_named(const CertificateCommand& command) {
  if (const auto* c = std::get_if<ImportCertificate>(&command))
    return tenants::concerned_codes(c->tenants);
  return {};
}

}  // namespace opsdesk::certificates
