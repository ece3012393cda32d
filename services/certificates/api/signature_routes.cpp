#include "services/certificates/api/signature_routes.hpp"

#include <fstream>

#include "libs/aggregate/http_commands.hpp"
#include "libs/aggregate/route_support.hpp"
#include "libs/auth/base64url.hpp"
#include "libs/auth/digests.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/core/sha256_text.hpp"
#include "services/certificates/verification/authenticode.hpp"
#include "services/certificates/verification/detached_cms.hpp"

namespace opsdesk::certificates::api {

namespace {

using namespace aggregate::routes;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr bool kRequired = true;
constexpr bool kOptional = false;
constexpr std::size_t kDefaultPageSize = 50;
constexpr std::size_t kMaxPageSize = 200;
// The media types a signed program arrives as (verified as Authenticode).
const std::vector<std::string_view> kProgramTypes = {
    "application/octet-stream", "application/vnd.microsoft.portable-executable",
    "application/x-msi", "application/x-msdownload"};

// ?<name>= a SHA-256 (a file's, a certificate's fingerprint): 64 hex digits, either case.
std::optional<std::string> hex_param(const Request& request, const std::string& name,
                                     std::vector<http::FieldError>& errors) {
  auto value = request.query_param(name);
  if (!value) return std::nullopt;
  for (auto& c : *value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!core::is_sha256_hex(*value)) {
    errors.push_back({name, "must be a SHA-256 as 64 hex digits"});
    return std::nullopt;
  }
  return value;
}

json signing_json(const SigningState& s) {
  return {{"id", s.id},
          {"version", s.version},
          {"artifact_name", s.artifact_name},
          {"artifact_version", s.artifact_version},
          {"sha256", s.sha256},
          {"certificate_fingerprint", s.certificate_fingerprint},
          {"certificate_subject_cn", s.certificate_subject_cn},
          {"signed_at", time_text(s.signed_at)},
          {"timestamp", s.timestamped_at
                            ? json{{"tsa_name", s.tsa_name}, {"time", time_text(*s.timestamped_at)}}
                            : json(nullptr)},
          {"change_id", s.change_id.empty() ? json(nullptr) : json(s.change_id)},
          {"tenants", s.tenants},
          {"note", s.note},
          {"recorded_at", time_text(s.recorded_at)},
          {"recorded_by", s.recorded_by}};
}

// What was verified, however it was verified.
struct Verification {
  std::string format;  // authenticode | detached_cms
  bool verified = false;
  std::string reason;
  core::Instant checked_at{};
  bool timestamped = false;
  bool timestamp_verified = false;
  std::optional<core::Instant> timestamp_time;
  std::string signer_der;
  std::string signer_subject;  // when the certificate itself could not be had
  std::string signer_serial;
};

class Handlers {
 public:
  explicit Handlers(SignatureApi api) : api_(std::move(api)) {}

  void record(const Request& request, const http::Reply& reply) const {
    const auth::Principal& who = auth::caller_of(request);
    const auto now = api_.clock.now();
    auto body = http::parse_json_object(request);
    if (!body) return reply.send(answer(body.error(), request));
    http::JsonFields f(*body, api_.instants);
    RecordSigning c;
    c.signing_id = api_.ids.next(now).to_string();
    c.artifact_name = f.string("artifact_name", kRequired, 200).value_or("");
    c.artifact_version = f.string("artifact_version", kRequired, 60).value_or("");
    c.sha256 = f.string("sha256", kRequired, 64).value_or("");
    for (auto& ch : c.sha256) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    c.certificate_fingerprint = f.string("certificate_fingerprint", kRequired, 64).value_or("");
    c.signed_at = f.instant("signed_at", kRequired).value_or(core::Instant{});
    c.tsa_name = f.string("tsa_name", kOptional, 300).value_or("");
    c.timestamped_at = f.instant("timestamped_at", kOptional);
    c.change_id = f.string("change_id", kOptional, 36).value_or("");
    c.note = f.string("note", kOptional, 2000).value_or("");
    c.by = f.string("by", kOptional, 100).value_or(who.subject);
    c.at = f.instant("at", kOptional).value_or(now);
    f.reject_unknown_fields();
    if (!c.change_id.empty()) {
      if (auto id = aggregate::canonical_id(c.change_id))
        c.change_id = *id;
      else
        f.add_error("change_id", "must be a change's id (a UUID)");
    }
    if (!f.ok()) return reply.send(answer(http::validation_problem(f.errors()), request));
    if (auto certificate = api_.book.certificate(c.certificate_fingerprint);
        certificate && who.can_see_any(certificate->concerned()))
      c.certificate =
          SigningCertificate{certificate->fingerprint,     certificate->facts.subject_cn,
                             certificate->facts.purpose(), certificate->facts.not_before,
                             certificate->facts.not_after, certificate->tenants};
    const auto id = c.signing_id;
    aggregate::execute_http_command(
        api_.commands, request, reply, who, id, SigningCommand{std::move(c)}, now,
        [](const SigningState& s) { return "/v1/signatures/" + s.id; },
        [](const SigningState& s, const auth::Principal&, std::uint64_t) {
          return signing_json(s).dump();
        });
  }

  // ?change_id=, ?certificate=, ?sha256=; newest first.
  Response list(const Request& request) const {
    const auth::Principal& who = auth::caller_of(request);
    std::vector<http::FieldError> errors;
    auto change = request.query_param("change_id");
    if (change) {
      change = aggregate::canonical_id(*change);
      if (!change) errors.push_back({"change_id", "must be a change's id (a UUID)"});
    }
    const auto certificate = hex_param(request, "certificate", errors);
    const auto sha256 = hex_param(request, "sha256", errors);
    const auto limit = http::page_limit(request, kDefaultPageSize, kMaxPageSize, errors);
    const auto cursor = aggregate::list_cursor(request, errors);
    if (!errors.empty()) return answer(http::validation_problem(std::move(errors)), request);
    return Response::json(200, page_json(api_.book.signings([&](const SigningState& s) {
                            if (!cursor.empty() && s.id >= cursor) return false;
                            if (!who.can_see_any(s.concerned())) return false;
                            if (change && s.change_id != *change) return false;
                            if (certificate && s.certificate_fingerprint != *certificate)
                              return false;
                            return !sha256 || s.sha256 == *sha256;
                          }),
                                         limit, signing_json));
  }

  Response get(const Request& request) const {
    auto id = aggregate::canonical_id(request.path_params.at("id"));
    auto signing = id ? api_.book.signing(*id) : std::nullopt;
    if (!signing || !auth::caller_of(request).can_see_any(signing->concerned()))
      return answer(http::not_found_problem("no signing record " + request.path_params.at("id")),
                    request);
    auto body = signing_json(*signing);
    body["history"] = aggregate::history_json(api_.repository, signing->id);
    return Response::json(200, body).set_header("ETag", aggregate::etag(signing->version));
  }

  // POST /v1/signatures/verify: a signed program as the body, or JSON {artifact_base64,
  // signature_base64} for a detached signature; ?at= the time to verify at (now by default).
  void verify(const Request& request, const http::Reply& reply) const {
    const auto type = request.media_type();
    std::vector<http::FieldError> errors;
    core::Instant at = api_.clock.now();
    if (auto text = request.query_param("at")) {
      if (auto parsed = core::parse_rfc3339(*text))
        at = *parsed;
      else
        errors.push_back({"at", "must be an RFC 3339 instant, e.g. 2027-08-01T09:00:00+09:00"});
    }
    std::string artifact;
    std::optional<std::string> signature;
    if (std::ranges::find(kProgramTypes, type) != kProgramTypes.end()) {
      artifact = request.body;
    } else if (type == "application/json") {
      auto body = http::parse_json_object(request);
      if (!body) return reply.send(answer(body.error(), request));
      http::JsonFields f(*body, api_.instants);
      const auto artifact_text = f.string("artifact_base64", kRequired, 64u << 20);
      const auto signature_text = f.string("signature_base64", kOptional, 1u << 20);
      f.reject_unknown_fields();
      for (const auto& e : f.errors()) errors.push_back(e);
      if (artifact_text) {
        if (auto bytes = auth::base64_decode(*artifact_text))
          artifact = std::move(*bytes);
        else
          errors.push_back({"artifact_base64", "is not base64"});
      }
      if (signature_text) {
        if (auto bytes = auth::base64_decode(*signature_text))
          signature = std::move(*bytes);
        else
          errors.push_back({"signature_base64", "is not base64"});
      }
    } else {
      return reply.send(answer(http::unsupported_media_type_problem(
                                   "Content-Type '" + type + "' is not accepted; send " +
                                   "the signed program as application/octet-stream, or "
                                   "application/json {\"artifact_base64\", \"signature_base64\"} "
                                   "for a file with its detached signature"),
                               request));
    }
    if (artifact.empty() && errors.empty())
      errors.push_back({"artifact", "is empty: send the signed file"});
    if (!errors.empty())
      return reply.send(answer(http::validation_problem(std::move(errors)), request));
    if (api_.code_signing_roots.empty() || !api_.stores.code_signing) {
      http::Problem p;
      p.status = 503;
      p.type = http::problem_type("not-configured");
      p.title = "Signatures cannot be verified here";
      p.detail =
          "no code-signing roots are configured: set certificates.code_signing_trust_bundle to "
          "the PEM bundle of the roots the desk's code-signing certificates chain to";
      return reply.send(answer(p, request));
    }
    reply.run_blocking([this, request, reply, artifact = std::move(artifact),
                        signature = std::move(signature), at] {
      auto verified = signature ? detached(artifact, *signature, at) : authenticode(artifact, at);
      if (!verified) return reply.send(answer(verified.error(), request));
      reply.send(Response::json(
          200, verification_json(*verified, artifact, at, auth::caller_of(request))));
    });
  }

 private:
  // The verification could not be carried out here and now (a tool, a disk): worth a retry.
  static http::Problem unavailable(std::string detail) {
    http::Problem p;
    p.status = 503;
    p.type = http::problem_type("verification-unavailable");
    p.title = "The signature could not be verified now";
    p.detail = std::move(detail);
    p.retry_after_seconds = 30;
    return p;
  }

  std::expected<Verification, http::Problem> detached(const std::string& artifact,
                                                      const std::string& signature,
                                                      core::Instant at) const {
    auto cms = verify_detached_cms(artifact, signature, *api_.stores.code_signing, at);
    if (!cms) return std::unexpected(http::validation_problem({{"signature_base64", cms.error()}}));
    Verification v;
    v.format = "detached_cms";
    v.verified = cms->verified;
    v.reason = cms->reason;
    v.checked_at = at;
    v.signer_der = cms->signer_der;
    return v;
  }

  std::expected<Verification, http::Problem> authenticode(const std::string& artifact,
                                                          core::Instant at) const {
    std::error_code ignored;
    std::filesystem::create_directories(api_.scratch_dir, ignored);
    const auto file =
        api_.scratch_dir / ("verify-" + api_.ids.next(api_.clock.now()).to_string() + ".bin");
    {
      std::ofstream out(file, std::ios::binary);
      out << artifact;
      if (!out.flush())
        return std::unexpected(
            unavailable("the file could not be written to " + api_.scratch_dir.string()));
    }
    auto verdict = verify_authenticode(
        file,
        {api_.code_signing_roots,
         api_.timestamp_roots.empty() ? api_.code_signing_roots : api_.timestamp_roots},
        at);
    auto signer = authenticode_signer(file);
    std::filesystem::remove(file, ignored);
    if (!verdict)
      return std::unexpected(
          unavailable("osslsigncode could not verify the file: " + verdict.error()));
    if (!signer && !verdict->verified && verdict->signer_subject.empty())
      return std::unexpected(http::validation_problem(
          {{"artifact",
            "is not an Authenticode-signed program (a PE or MSI file with its "
            "signature): " +
                verdict->reason}}));
    Verification v;
    v.format = "authenticode";
    v.verified = verdict->verified;
    v.reason = verdict->reason;
    v.checked_at = verdict->verified_at.value_or(at);
    v.timestamped = verdict->timestamped;
    v.timestamp_verified = verdict->timestamp_verified;
    v.timestamp_time = verdict->timestamp_time;
    v.signer_subject = verdict->signer_subject;
    v.signer_serial = verdict->signer_serial;
    if (signer) v.signer_der = *signer;
    return v;
  }

  json verification_json(const Verification& v, const std::string& artifact, core::Instant at,
                         const auth::Principal& who) const {
    const auto sha256 = auth::sha256_hex(artifact);
    json signer = nullptr;
    std::optional<CertificateFacts> facts;
    if (!v.signer_der.empty())
      if (auto read = read_certificates(v.signer_der)) facts = read->leaf;
    std::optional<CertificateState> known;
    if (facts) {
      known = api_.book.certificate(facts->fingerprint);
      if (known && !who.can_see_any(known->concerned())) known.reset();
      signer = {{"fingerprint", facts->fingerprint},
                {"subject", facts->subject},
                {"subject_cn", facts->subject_cn},
                {"serial", facts->serial},
                {"not_before", time_text(facts->not_before)},
                {"not_after", time_text(facts->not_after)},
                {"in_inventory", known.has_value()}};
    } else if (!v.signer_subject.empty()) {
      signer = {{"subject", v.signer_subject}, {"serial", v.signer_serial}};
    }
    json record = nullptr;
    for (const auto& s : api_.book.signings([&](const SigningState& s) {
           return facts && s.sha256 == sha256 && s.certificate_fingerprint == facts->fingerprint &&
                  who.can_see_any(s.concerned());
         })) {
      record = signing_json(s);
      break;
    }
    const bool expired_since = facts && facts->not_after < at;
    const bool kept_by_timestamp = v.verified && v.timestamp_verified && expired_since;
    return {{"format", v.format},
            {"sha256", sha256},
            {"size", artifact.size()},
            {"verified", v.verified},
            {"reason", v.verified ? json(nullptr) : json(v.reason)},
            {"checked_at", time_text(v.checked_at)},
            {"timestamp", v.timestamped ? json{{"verified", v.timestamp_verified},
                                               {"time", optional_time(v.timestamp_time)}}
                                        : json(nullptr)},
            {"signer", signer},
            {"signing_record", record},
            {"valid_after_certificate_expired", kept_by_timestamp},
            {"summary", summary(v, facts, expired_since, at)}};
  }

  static std::string summary(const Verification& v, const std::optional<CertificateFacts>& signer,
                             bool expired_since, core::Instant at) {
    if (!v.verified) return "The signature does not verify: " + v.reason + ".";
    const auto ends = signer ? time_text(signer->not_after) : std::string("its end");
    if (v.timestamp_verified && v.timestamp_time) {
      auto text = "The signature verifies. A trusted authority timestamped it at " +
                  time_text(*v.timestamp_time) + ", while the signer's certificate was valid";
      if (expired_since)
        return text + ", so it stays valid although the certificate expired at " + ends + ".";
      return text + ": it stays valid after the certificate expires at " + ends + ".";
    }
    const auto why = v.format == "detached_cms"
                         ? std::string("A timestamp in a detached signature is not read")
                     : v.timestamped ? std::string("Its timestamp does not verify")
                                     : std::string("It is not timestamped");
    return "The signature verifies at " + time_text(at) + ". " + why +
           ", so it stops verifying once the signer's certificate expires at " + ends + ".";
  }

  SignatureApi api_;
};

}  // namespace

void add_signature_routes(http::Router& router, SignatureApi api) {
  const auto kReaders = http::Access::any_role_own_tenants();
  auto h = std::make_shared<Handlers>(std::move(api));
  router.add_async("POST", "/v1/signatures", http::Access::only({"maintainer"}),
                   [h](const Request& r, http::Reply reply) { h->record(r, reply); });
  router.add_async("POST", "/v1/signatures/verify", http::Access::any_role(),
                   [h](const Request& r, http::Reply reply) { h->verify(r, reply); });
  router.add("GET", "/v1/signatures", kReaders, [h](const Request& r) { return h->list(r); });
  router.add("GET", "/v1/signatures/{id}", kReaders, [h](const Request& r) { return h->get(r); });
}

}  // namespace opsdesk::certificates::api
