#include "services/certificates/api/certificate_routes.hpp"

#include "libs/aggregate/event_records.hpp"
#include "libs/aggregate/field_check.hpp"
#include "libs/aggregate/http_commands.hpp"
#include "libs/aggregate/route_support.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "services/certificates/api/command_parsing.hpp"
#include "services/certificates/domain/standing.hpp"
#include "services/certificates/reports/inventory_xlsx.hpp"

namespace opsdesk::certificates::api {

namespace {

using namespace aggregate::routes;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kDefaultPageSize = 100;
constexpr std::size_t kMaxPageSize = 500;
const std::vector<std::string_view> kPurposes = {"code_signing", "tls_server", "other"};
const std::vector<std::string_view> kStatuses = {"valid", "renewal_due", "expiring", "expired",
                                                 "retired"};
constexpr std::string_view kPemType = "application/x-pem-file";
constexpr std::string_view kDerType = "application/pkix-cert";

http::Problem certificate_problem(const std::string& message) {
  return http::validation_problem({{"pem", message}});
}

json location_json(const Location& l) { return {{"kind", l.kind}, {"value", l.value}}; }

// Whole days left until notAfter (negative once past it), as the inventory shows them.
std::int64_t days_left(const CertificateState& c, core::Instant now) {
  return std::chrono::floor<std::chrono::days>(c.facts.not_after - now).count();
}

// A certificate in a renewal chain: enough to find it.
json link_json(const CertificateState& c, const CertificateApi& api, core::Instant now) {
  return {{"fingerprint", c.fingerprint},
          {"subject_cn", c.facts.subject_cn},
          {"serial", c.facts.serial},
          {"not_after", time_text(c.facts.not_after)},
          {"status",
           status_of(c, api.book.successor_in_use(c), now, api.lead_business_days, api.calendar)}};
}

class Handlers {
 public:
  explicit Handlers(CertificateApi api) : api_(std::move(api)) {}

  // POST /v1/certificates: JSON {"pem": …, …}, or the certificate itself with its fields in the
  // query.
  void import_certificate(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    const auto type = request.media_type();
    std::string bytes;
    ImportFields fields;
    if (type == kPemType || type == kDerType) {
      std::vector<http::FieldError> errors;
      fields = import_fields(request, errors, now, who.subject);
      if (!errors.empty())
        return reply.send(answer(http::validation_problem(std::move(errors)), request));
      bytes = request.body;
    } else if (type == "application/json") {
      auto body = http::parse_json_object(request);
      if (!body) return reply.send(answer(body.error(), request));
      http::JsonFields f(*body, api_.instants);
      fields = import_fields(f, bytes, true, now, who.subject);
      f.reject_unknown_fields();
      if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    } else {
      return reply.send(
          answer(http::unsupported_media_type_problem(
                     "Content-Type '" + type + "' is not accepted; send " +
                     "application/json ({\"pem\": …}), application/x-pem-file (PEM) or "
                     "application/pkix-cert (DER)"),
                 request));
    }
    auto read = read_certificates(bytes);
    if (!read) return reply.send(answer(certificate_problem(read.error()), request));
    auto command = import_of(std::move(*read), std::move(fields), "", now);
    const auto fingerprint = command.read.leaf.fingerprint;
    aggregate::execute_http_command(
        api_.commands, request, reply, who, fingerprint, CertificateCommand{std::move(command)},
        now, [](const CertificateState& c) { return "/v1/certificates/" + c.fingerprint; },
        render());
  }

  void command(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    const auto& name = request.path_params.at("command");
    auto certificate = visible(request);
    if (!certificate) return reply.send(no_certificate(request));
    if (name == "record_issued") return record_issued(request, reply, *certificate);
    const auto& table = certificate_commands();
    if (!table.contains(name) || name == table.creation()) {
      auto problem = table.unknown_command_problem(name);
      problem.detail += ", record_issued";
      return reply.send(answer(problem, request));
    }
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    auto command = table.parse(name, *body, api_.instants, now, who.subject);
    if (!command) return reply.send(answer(command.error(), request));
    aggregate::execute_http_command(api_.commands, request, reply, who, certificate->fingerprint,
                                    std::move(*command), now, {}, render());
  }

  // ?purpose=, ?status=, ?expires_before= (a date or an instant), ?tenant=; the soonest to expire
  // first.
  Response list(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    std::vector<http::FieldError> errors;
    const auto wanted = filters(request, who, errors);
    const auto limit = http::page_limit(request, kDefaultPageSize, kMaxPageSize, errors);
    std::optional<CertificateState> after;
    if (auto cursor = request.query_param("cursor")) {
      after = api_.book.certificate(*cursor);
      if (!after) errors.push_back({"cursor", "must be the next_cursor of the page before"});
    }
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    const auto certificates = api_.book.certificates([&](const CertificateState& c) {
      if (after && std::tie(c.facts.not_after, c.fingerprint) <=
                       std::tie(after->facts.not_after, after->fingerprint))
        return false;
      return passes(wanted, c, who, now);
    });
    return Response::json(
        200, page_json(
                 certificates, limit,
                 [&](const CertificateState& c) { return certificate_json(c, api_, now); },
                 "fingerprint"));
  }

  // 証明書管理台帳: the certificates the list would give (its filters), every one of them, as a
  // workbook.
  Response report(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    std::vector<http::FieldError> errors;
    const auto wanted = filters(request, who, errors);
    if (request.query_param("format").value_or("xlsx") != "xlsx")
      errors.push_back({"format", "must be xlsx (the list as JSON is GET /v1/certificates)"});
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    std::vector<InventoryRow> rows;
    for (auto& c : api_.book.certificates(
             [&](const CertificateState& c) { return passes(wanted, c, who, now); })) {
      auto status = status_now(c, now);
      const auto left = days_left(c, now);
      rows.push_back({std::move(c), std::move(status), left});
    }
    auto bytes = inventory_xlsx(rows, now);
    if (!bytes) throw std::runtime_error("the certificate inventory workbook: " + bytes.error());
    return Response::text(200, std::move(*bytes),
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .set_header("Content-Disposition", "attachment; filename=\"certificates.xlsx\"");
  }

  // One certificate with its history and its renewals: those it renewed (oldest first) and those
  // that renewed it.
  Response get(const Request& request) const {
    auto certificate = visible(request);
    if (!certificate) return no_certificate(request);
    const auto now = api_.clock.now();
    auto body = certificate_json(*certificate, api_, now);
    // Renewals serving none of the caller's associations stay unnamed.
    const auth::Principal& who = auth::caller_of(request);
    auto predecessors = json::array();
    for (const auto& c : api_.book.predecessors(*certificate))
      if (who.can_see_any(c.concerned())) predecessors.push_back(link_json(c, api_, now));
    auto successors = json::array();
    for (const auto& c : api_.book.successors(*certificate))
      if (who.can_see_any(c.concerned())) successors.push_back(link_json(c, api_, now));
    body["predecessors"] = std::move(predecessors);
    body["successors"] = std::move(successors);
    body["history"] = aggregate::history_json(api_.repository, certificate->fingerprint);
    return Response::json(200, body).set_header("ETag", aggregate::etag(certificate->version));
  }

 private:
  // The certificate read, verified against the store of its purpose at `now`.
  ImportCertificate import_of(ReadCertificates read, ImportFields fields, std::string predecessor,
                              core::Instant now) const {
    ImportCertificate c;
    const auto purpose = read.leaf.purpose();
    const TrustStore* store = nullptr;
    if (purpose == "code_signing" && api_.stores.code_signing) {
      store = &*api_.stores.code_signing;
      c.trust_store = "code_signing";
    } else if (purpose != "code_signing" && api_.stores.tls) {
      store = &*api_.stores.tls;
      c.trust_store = "tls";
    }
    if (store) c.chain = store->verify(read.leaf, read.chain, now);
    c.read = std::move(read);
    c.owner = std::move(fields.owner);
    c.tenants = std::move(fields.tenants);
    c.locations = std::move(fields.locations);
    c.renewal = fields.renewal;
    c.predecessor = std::move(predecessor);
    c.by = std::move(fields.by);
    c.at = fields.at;
    return c;
  }

  // record_issued: the renewed certificate is imported as this one's successor (taking its
  // owner, associations, locations and renewal settings unless the body names others), then
  // SuccessorIssued is recorded on this one. Two streams: every refusal is found before the
  // first append, and a retry after a failure between the two finds the successor imported and
  // records only what is missing.
  void record_issued(const Request& request, const http::Reply& reply,
                     const CertificateState& old) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    std::string bytes;
    auto fields = import_fields(f, bytes, false, now, who.subject);
    f.reject_unknown_fields();
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    if (!body->contains("owner")) fields.owner = old.owner;
    if (!body->contains("tenants")) fields.tenants = old.tenants;
    if (!body->contains("locations")) fields.locations = old.locations;
    if (!body->contains("renew_before_days") && !body->contains("renew_before_percentage"))
      fields.renewal = old.renewal;
    auto read = read_certificates(bytes);
    if (!read) return reply.send(answer(certificate_problem(read.error()), request));
    const auto successor = read->leaf.fingerprint;
    if (successor == old.fingerprint)
      return reply.send(
          answer(certificate_problem("this is the certificate being renewed, not its successor"),
                 request));
    const RecordSuccessorIssued link{successor, fields.by, fields.at};
    const bool linked = old.successor == successor;
    if (!linked) {
      if (auto refused = decide(old, CertificateCommand{link}, now); !refused)
        return reply.send(answer(rejection(refused.error()), request));
    }
    auto existing = api_.book.certificate(successor);
    std::optional<ImportCertificate> import;
    if (!existing) {
      import = import_of(std::move(*read), std::move(fields), old.fingerprint, now);
      if (auto refused = decide(CertificateState{}, CertificateCommand{*import}, now); !refused)
        return reply.send(answer(rejection(refused.error()), request));
    } else if (!existing->predecessor.empty() && existing->predecessor != old.fingerprint) {
      return reply.send(answer(
          rejection(aggregate::rule_violated("successor-of-another",
                                             "certificate " + successor + " renews " +
                                                 existing->predecessor + ", not " + old.fingerprint)
                        .error()),
          request));
    }
    reply.run_blocking(
        [this, request, reply, who, now, old, link, linked, import = std::move(import)]() mutable {
          // Both events carry the request's id, as any command's do.
          const auto context = [&] {
            return aggregate::CommandContext{who.subject, request.request_id, std::nullopt,
                                             std::nullopt, who};
          };
          if (import) {
            auto imported =
                api_.commands.execute_and_wait(link.successor, std::move(*import), now, context());
            if (!imported) return reply.send(answer(refusal(imported.error()), request));
          }
          if (!linked) {
            auto recorded = api_.commands.execute_and_wait(old.fingerprint, link, now, context());
            if (!recorded) return reply.send(answer(refusal(recorded.error()), request));
          }
          auto successor = api_.book.certificate(link.successor);
          if (!successor) return reply.send(answer(http::internal_error_problem(), request));
          reply.send(Response::json(201, certificate_json(*successor, api_, now))
                         .set_header("Location", "/v1/certificates/" + successor->fingerprint)
                         .set_header("ETag", aggregate::etag(successor->version)));
        });
  }

  static http::Problem rejection(const DomainError& error) {
    return aggregate::rejection_problem(
        aggregate::CommandRejected{aggregate::CommandRejected::Kind::domain, error, 0, ""},
        CertificateAggregate::kNoun);
  }
  static http::Problem refusal(const aggregate::CommandRejected& rejected) {
    return aggregate::rejection_problem(rejected, CertificateAggregate::kNoun);
  }

  std::function<std::string(const CertificateState&, const auth::Principal&, std::uint64_t)>
  render() const {
    return [this](const CertificateState& c, const auth::Principal&, std::uint64_t) {
      return certificate_json(c, api_, api_.clock.now()).dump();
    };
  }

  // What the list and the workbook are filtered by.
  struct Filters {
    std::optional<std::string> purpose, status, tenant;
    std::optional<core::Instant> expires_before;
  };

  Filters filters(const Request& request, const auth::Principal& who,
                  std::vector<http::FieldError>& errors) const {
    return {word_param(request, "purpose", kPurposes, errors),
            word_param(request, "status", kStatuses, errors), tenant_param(request, who, errors),
            expires_before(request, errors)};
  }

  bool passes(const Filters& f, const CertificateState& c, const auth::Principal& who,
              core::Instant now) const {
    const auto concerned = c.concerned();
    if (!who.can_see_any(concerned)) return false;
    if (f.tenant && std::ranges::find(concerned, *f.tenant) == concerned.end()) return false;
    if (f.purpose && c.facts.purpose() != *f.purpose) return false;
    if (f.expires_before && c.facts.not_after >= *f.expires_before) return false;
    return !f.status || status_now(c, now) == *f.status;
  }

  std::string status_now(const CertificateState& c, core::Instant now) const {
    return status_of(c, api_.book.successor_in_use(c), now, api_.lead_business_days, api_.calendar);
  }

  std::optional<core::Instant> expires_before(const Request& request,
                                              std::vector<http::FieldError>& errors) const {
    auto text = request.query_param("expires_before");
    if (!text) return std::nullopt;
    if (auto date = calendar::parse_iso_date(*text); date && date->ok())
      return core::from_tokyo(*date, std::chrono::microseconds{0});
    if (auto instant = core::parse_rfc3339(*text)) return *instant;
    errors.push_back({"expires_before",
                      "must be a date (2027-03-31, midnight in Tokyo) or an RFC 3339 instant"});
    return std::nullopt;
  }

  std::optional<CertificateState> visible(const Request& request) const {
    auto certificate = api_.book.certificate(request.path_params.at("fingerprint"));
    if (!certificate || !auth::caller_of(request).can_see_any(certificate->concerned()))
      return std::nullopt;
    return certificate;
  }

  static Response no_certificate(const Request& request) {
    return answer(
        http::not_found_problem("no certificate " + request.path_params.at("fingerprint") +
                                " (a certificate is named by its SHA-256 "
                                "fingerprint, 64 lower-case hex digits)"),
        request);
  }

  CertificateApi api_;
};

}  // namespace

json certificate_json(const CertificateState& c, const CertificateApi& api, core::Instant now) {
  const bool successor_in_use = api.book.successor_in_use(c);
  const auto status = status_of(c, successor_in_use, now, api.lead_business_days, api.calendar);
  const auto& f = c.facts;
  auto alt_names = json::array();
  for (const auto& n : f.alt_names) alt_names.push_back({{"kind", n.kind}, {"value", n.value}});
  auto locations = json::array();
  for (const auto& l : c.locations) locations.push_back(location_json(l));
  auto deployments = json::array();
  for (const auto& d : c.deployments)
    deployments.push_back(
        {{"location", location_json(d.location)}, {"at", time_text(d.at)}, {"by", d.by}});
  json request = nullptr;
  if (c.renewal_request)
    request = {{"ca", c.renewal_request->ca},
               {"order_id", c.renewal_request->order_id},
               {"instructed_by", c.renewal_request->instructed_by},
               {"instructed_at", optional_time(c.renewal_request->instructed_at)},
               {"note", c.renewal_request->note},
               {"at", time_text(c.renewal_request->at)},
               {"by", c.renewal_request->by}};
  json retired = nullptr;
  if (c.retired)
    retired = {{"reason", c.retired->reason},
               {"replaced_by", c.retired->replaced_by},
               {"at", time_text(c.retired->at)},
               {"by", c.retired->by}};
  return {{"fingerprint", c.fingerprint},
          {"version", c.version},
          {"subject", f.subject},
          {"subject_cn", f.subject_cn},
          {"issuer", f.issuer},
          {"serial", f.serial},
          {"alt_names", alt_names},
          {"key_algorithm", f.key_algorithm},
          {"key_bits", f.key_bits},
          {"signature_algorithm", f.signature_algorithm},
          {"not_before", time_text(f.not_before)},
          {"not_after", time_text(f.not_after)},
          {"days_left", days_left(c, now)},
          {"extended_key_usages", f.extended_key_usages},
          {"purpose", f.purpose()},
          {"is_ca", f.is_ca},
          {"chain",
           {{"trust_store", c.trust_store},
            {"verified", c.chain_verified},
            {"result", c.chain_result},
            {"intermediates", c.chain.size()}}},
          {"warnings", c.warnings},
          {"owner", c.owner},
          {"tenants", c.tenants},
          {"locations", locations},
          {"renewal",
           {{"due_at", time_text(c.renewal_due.at)},
            {"rule", c.renewal_due.rule},
            {"renew_before_days",
             c.renewal.renew_before
                 ? json(std::chrono::floor<std::chrono::days>(*c.renewal.renew_before).count())
                 : json(nullptr)},
            {"renew_before_percentage", c.renewal.renew_before_percentage
                                            ? json(*c.renewal.renew_before_percentage)
                                            : json(nullptr)},
            {"request", request},
            {"task_id", c.renewal_task_id.empty() ? json(nullptr) : json(c.renewal_task_id)}}},
          {"status", status},
          {"ready", status == "valid"},
          {"predecessor", c.predecessor.empty() ? json(nullptr) : json(c.predecessor)},
          {"successor", c.successor.empty() ? json(nullptr) : json(c.successor)},
          {"successor_in_use", successor_in_use},
          {"deployments", deployments},
          {"retired", retired},
          {"recorded",
           {{"renewal_due_at", optional_time(c.renewal_due_recorded_at)},
            {"expiry_notices_business_days", c.expiry_leads_recorded},
            {"expired_at", optional_time(c.expired_recorded_at)}}},
          {"pem", pem_of(f.der)},
          {"imported_at", time_text(c.imported_at)},
          {"imported_by", c.imported_by},
          {"changed_at", time_text(c.changed_at)}};
}

void add_certificate_routes(http::Router& router, CertificateApi api) {
  const auto kReaders = http::Access::any_role_own_tenants();
  auto h = std::make_shared<Handlers>(std::move(api));
  router.add_async("POST", "/v1/certificates", http::Access::only({"maintainer"}),
                   [h](const Request& r, http::Reply reply) { h->import_certificate(r, reply); });
  router.add_async("POST", "/v1/certificates/{fingerprint}/{command}",
                   http::Access::only({"maintainer"}),
                   [h](const Request& r, http::Reply reply) { h->command(r, reply); });
  router.add("GET", "/v1/certificates", kReaders, [h](const Request& r) { return h->list(r); });
  router.add("GET", "/v1/certificates/report", kReaders,
             [h](const Request& r) { return h->report(r); });
  router.add("GET", "/v1/certificates/{fingerprint}", kReaders,
             [h](const Request& r) { return h->get(r); });
}

}  // namespace opsdesk::certificates::api
