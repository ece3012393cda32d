#include "libs/auth/jwt.hpp"

#include <openssl/crypto.h>

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>

#include "libs/auth/base64url.hpp"
#include "libs/auth/jws_signature.hpp"
#include "libs/auth/tenant_scope.hpp"
#include "libs/auth/verified_token_cache.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/http/json_body.hpp"

namespace opsdesk::auth {

namespace {

using nlohmann::json;
using std::chrono::duration_cast;
using std::chrono::microseconds;

// Far above any real token (a few hundred bytes) and below any header limit; bounds the work an
// unauthenticated caller can ask of us.
constexpr std::size_t kMaxTokenBytes = 16 * 1024;
// Values from a token are echoed in messages only this long, so a message stays a message.
constexpr std::size_t kMaxEchoBytes = 40;
// 9999-12-31T23:59:59Z: later NumericDates are nonsense and would overflow microsecond Instants.
constexpr std::int64_t kMaxNumericDate = 253'402'300'799;
constexpr std::string_view kExpectedHeader = "expected 'Authorization: Bearer <token>'";

std::unexpected<AuthError> fail(errc code, std::string message) {
  return std::unexpected(AuthError{code, std::move(message)});
}

// 'value', cut to kMaxEchoBytes on a UTF-8 boundary: the text ends up in problem+json, whose
// serialiser refuses a split code point.
std::string echo_quoted(std::string_view value) {
  std::string out = "'";
  if (value.size() <= kMaxEchoBytes) {
    out += value;
  } else {
    std::size_t cut = kMaxEchoBytes;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xc0) == 0x80) --cut;
    out += value.substr(0, cut);
    out += "…";
  }
  out += "'";
  return out;
}

std::optional<json> decode_json_object(std::string_view part) {
  const auto text = base64url_decode(part);
  if (!text) return std::nullopt;
  // A key given twice (or a number no double holds) makes the part unreadable: which of two
  // "sub"s or "tenants" would count is exactly what an attacker would like to choose.
  auto value = http::parse_strict_json(*text);
  if (!value || !value->is_object()) return std::nullopt;
  return std::move(*value);
}

// RFC 7519 NumericDate: seconds since the epoch, possibly with a fraction.
std::expected<std::optional<core::Instant>, AuthError> numeric_date(const json& payload,
                                                                    const char* name,
                                                                    bool required) {
  const auto it = payload.find(name);
  if (it == payload.end()) {
    if (!required) return std::nullopt;
    return fail(
        errc::bad_claims,
        std::string(name) + " claim is required (NumericDate: seconds since 1970-01-01T00:00:00Z)");
  }
  const auto invalid = [&] {
    return fail(errc::bad_claims,
                std::string(name) +
                    " claim must be a NumericDate: seconds since 1970-01-01T00:00:00Z, "
                    "at most 253402300799");
  };
  if (it->is_number_unsigned()) {
    const auto seconds = it->get<std::uint64_t>();
    if (seconds > static_cast<std::uint64_t>(kMaxNumericDate)) return invalid();
    return core::Instant{std::chrono::seconds{static_cast<std::int64_t>(seconds)}};
  }
  if (it->is_number_integer()) {
    const auto seconds = it->get<std::int64_t>();
    if (seconds < 0 || seconds > kMaxNumericDate) return invalid();
    return core::Instant{std::chrono::seconds{seconds}};
  }
  if (it->is_number_float()) {
    const auto seconds = it->get<double>();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > static_cast<double>(kMaxNumericDate))
      return invalid();
    return core::Instant{duration_cast<microseconds>(std::chrono::duration<double>{seconds})};
  }
  return invalid();
}

std::expected<std::string, AuthError> subject_claim(const json& payload) {
  const auto it = payload.find("sub");
  if (it == payload.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return fail(errc::bad_claims, "sub claim must be a non-empty string (the caller's user id)");
  }
  return it->get<std::string>();
}

std::expected<std::set<Role>, AuthError> roles_claim(const json& payload) {
  const auto it = payload.find("roles");
  if (it == payload.end() || !it->is_array() || it->empty()) {
    return fail(errc::bad_claims, "roles claim must be a non-empty array of role names; allowed: " +
                                      allowed_roles_text());
  }
  std::set<Role> roles;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& item = (*it)[i];
    if (!item.is_string()) {
      return fail(errc::bad_claims, "roles[" + std::to_string(i) +
                                        "] must be a string; allowed: " + allowed_roles_text());
    }
    const auto& name = item.get_ref<const std::string&>();
    const auto role = parse_role(name);
    if (!role)
      return fail(errc::bad_claims,
                  "unknown role " + echo_quoted(name) + "; allowed: " + allowed_roles_text());
    roles.insert(*role);
  }
  return roles;
}

std::expected<std::vector<std::string>, AuthError> tenants_claim(
    const json& payload, const std::set<std::string>& known_codes, const std::string& allowed) {
  std::vector<std::string> codes;
  // Absent is read as empty: maintainers need no list, everyone else is told what to give.
  if (const auto it = payload.find("tenants"); it != payload.end()) {
    if (!it->is_array()) {
      return fail(errc::bad_claims,
                  "tenants claim must be an array of tenant codes or [\"*\"]; allowed: " + allowed);
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& item = (*it)[i];
      if (!item.is_string()) {
        return fail(errc::bad_claims,
                    "tenants[" + std::to_string(i) + "] must be a string; allowed: " + allowed);
      }
      const auto& code = item.get_ref<const std::string&>();
      if (code != kAllTenantsMarker && !known_codes.contains(code)) {
        return fail(errc::bad_claims, "unknown tenant code " + echo_quoted(code) +
                                          " in tenants claim; allowed: " + allowed);
      }
      codes.push_back(code);
    }
  }
  if (codes.empty()) {
    return fail(errc::bad_claims,
                "tenants claim is missing or empty; every role needs one: tenant codes, or "
                "[\"*\"] for centre staff; allowed: " +
                    allowed);
  }
  return codes;
}

std::string seconds_text(std::chrono::seconds leeway) {
  return std::to_string(leeway.count()) + "s";
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// A short word of letters, digits and '-' is a scheme name worth echoing ("Basic"); anything else
// may be a credential sent without a scheme, which must never appear in a message.
bool safe_to_echo_scheme(std::string_view scheme) {
  if (scheme.empty() || scheme.size() > 20) return false;
  for (const char c : scheme) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

struct TokenVerifier::Impl {
  std::string hs256_secret;
  std::optional<RsaPublicKey> rs256_key;
  std::chrono::seconds leeway{60};
  std::set<std::string> tenant_codes;
  std::string allowed_tenants_text;  // "shugiin, sangiin, …, or \"*\"": for error messages
  VerifiedTokenCache verified;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  // Do not leave the shared secret in freed heap memory.
  ~Impl() { OPENSSL_cleanse(hs256_secret.data(), hs256_secret.size()); }

  std::string accepted_algorithms() const {
    if (!hs256_secret.empty() && rs256_key) return "HS256, RS256";
    return hs256_secret.empty() ? "RS256" : "HS256";
  }
};

TokenVerifier::TokenVerifier() : impl_(std::make_unique<Impl>()) {}
TokenVerifier::TokenVerifier(TokenVerifier&&) noexcept = default;
TokenVerifier& TokenVerifier::operator=(TokenVerifier&&) noexcept = default;
TokenVerifier::~TokenVerifier() = default;

std::expected<TokenVerifier, std::string> TokenVerifier::create(VerifierOptions options) {
  if (options.hs256_secret.empty() && options.rs256_public_key_pem.empty()) {
    return std::unexpected(
        "no token key configured: set an HS256 secret or an RS256 public key (PEM)");
  }
  if (options.tenant_codes.empty()) {
    return std::unexpected("no tenant codes given: the verifier must know which codes exist");
  }
  if (options.leeway < std::chrono::seconds{0}) {
    return std::unexpected("token leeway must not be negative (got " +
                           seconds_text(options.leeway) + ")");
  }
  TokenVerifier verifier;
  if (!options.rs256_public_key_pem.empty()) {
    auto key = RsaPublicKey::from_pem(options.rs256_public_key_pem);
    if (!key) return std::unexpected(std::move(key.error()));
    verifier.impl_->rs256_key = std::move(*key);
  }
  // Copied, not moved, so the bytes of our by-value copy can be wiped (a moved-from short string
  // keeps its characters in place).
  verifier.impl_->hs256_secret = options.hs256_secret;
  OPENSSL_cleanse(options.hs256_secret.data(), options.hs256_secret.size());
  verifier.impl_->leeway = options.leeway;
  verifier.impl_->tenant_codes = {options.tenant_codes.begin(), options.tenant_codes.end()};
  for (const auto& code : options.tenant_codes) verifier.impl_->allowed_tenants_text += code + ", ";
  verifier.impl_->allowed_tenants_text += "or \"*\"";
  return verifier;
}

std::expected<Principal, AuthError> TokenVerifier::verify(std::string_view token,
                                                          core::Instant now) const {
  if (!impl_) throw std::logic_error("TokenVerifier used after being moved from");
  if (token.empty())
    return fail(errc::missing_token, "no bearer token given; " + std::string(kExpectedHeader));
  if (token.size() > kMaxTokenBytes) {
    return fail(errc::malformed_token, "token is " + std::to_string(token.size()) +
                                           " bytes; at most " + std::to_string(kMaxTokenBytes) +
                                           " are accepted");
  }

  if (auto hit = impl_->verified.find(token);
      hit && now < hit->expires_at + impl_->leeway &&
      !(hit->not_before && now + impl_->leeway < *hit->not_before)) {
    return hit->principal;
  }

  const auto first_dot = token.find('.');
  const auto second_dot =
      first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    const auto parts = std::ranges::count(token, '.') + 1;
    return fail(errc::malformed_token,
                "a JWT has three base64url parts separated by '.' (header.payload.signature); "
                "this one has " +
                    std::to_string(parts));
  }
  const auto header_part = token.substr(0, first_dot);
  const auto payload_part = token.substr(first_dot + 1, second_dot - first_dot - 1);
  const auto signing_input = token.substr(0, second_dot);
  const auto signature_part = token.substr(second_dot + 1);

  const auto header = decode_json_object(header_part);
  if (!header)
    return fail(errc::malformed_token, "token header is not a base64url-encoded JSON object");
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) {
    return fail(errc::malformed_token,
                "token header has no \"alg\" string; accepted: " + impl_->accepted_algorithms());
  }
  // RFC 7515 §4.1.11: a token that names extensions we do not understand must be refused.
  if (header->contains("crit")) {
    return fail(errc::malformed_token,
                "token header lists critical extensions (\"crit\"), which are not supported");
  }
  // The algorithm comes from the token, so it is only honoured when this verifier holds the key
  // for it: never "none", and never HS256 keyed with an RSA public key (algorithm confusion).
  const auto& alg_name = alg->get_ref<const std::string&>();
  const bool use_hs256 = alg_name == "HS256" && !impl_->hs256_secret.empty();
  const bool use_rs256 = alg_name == "RS256" && impl_->rs256_key.has_value();
  if (!use_hs256 && !use_rs256) {
    return fail(errc::unsupported_algorithm,
                "token algorithm " + echo_quoted(alg_name) +
                    " is not accepted; accepted: " + impl_->accepted_algorithms());
  }
  const auto signature = base64url_decode(signature_part);
  if (!signature) return fail(errc::malformed_token, "token signature is not base64url");
  const bool verified = use_hs256 ? hs256_verifies(impl_->hs256_secret, signing_input, *signature)
                                  : impl_->rs256_key->rs256_verifies(signing_input, *signature);
  if (!verified)
    return fail(errc::bad_signature, "token signature does not verify (" + alg_name + ")");

  // Only now, with the signature checked, are the claims worth reading.
  const auto payload = decode_json_object(payload_part);
  if (!payload)
    return fail(errc::malformed_token, "token payload is not a base64url-encoded JSON object");

  const auto expires_at = numeric_date(*payload, "exp", /*required=*/true);
  if (!expires_at) return std::unexpected(expires_at.error());
  const auto not_before = numeric_date(*payload, "nbf", /*required=*/false);
  if (!not_before) return std::unexpected(not_before.error());
  if (const auto issued_at = numeric_date(*payload, "iat", /*required=*/false); !issued_at) {
    return std::unexpected(issued_at.error());
  }
  const auto clock_note = " (server time " + core::format_tokyo_rfc3339(now) + ", leeway " +
                          seconds_text(impl_->leeway) + ")";
  if (now >= **expires_at + impl_->leeway) {
    return fail(errc::expired,
                "token expired at " + core::format_tokyo_rfc3339(**expires_at) + clock_note);
  }
  if (*not_before && now + impl_->leeway < **not_before) {
    return fail(errc::not_yet_valid, "token is not valid before " +
                                         core::format_tokyo_rfc3339(**not_before) + clock_note);
  }

  auto subject = subject_claim(*payload);
  if (!subject) return std::unexpected(subject.error());
  auto roles = roles_claim(*payload);
  if (!roles) return std::unexpected(roles.error());
  auto codes = tenants_claim(*payload, impl_->tenant_codes, impl_->allowed_tenants_text);
  if (!codes) return std::unexpected(codes.error());

  Principal principal;
  principal.subject = std::move(*subject);
  principal.roles = std::move(*roles);
  principal.tenants = std::move(*codes);
  principal.all_tenants = spans_all_tenants(principal.tenants);
  impl_->verified.remember(token, {principal, **expires_at, *not_before});
  return principal;
}

std::expected<Principal, AuthError> TokenVerifier::verify_authorization_header(
    std::string_view header, core::Instant now) const {
  while (!header.empty() && is_blank(header.front())) header.remove_prefix(1);
  while (!header.empty() && is_blank(header.back())) header.remove_suffix(1);
  if (header.empty())
    return fail(errc::missing_token, "no Authorization header; " + std::string(kExpectedHeader));

  const auto scheme_end = std::ranges::find_if(header, is_blank) - header.begin();
  const auto scheme = header.substr(0, static_cast<std::size_t>(scheme_end));
  if (!iequals(scheme, "Bearer")) {
    if (safe_to_echo_scheme(scheme)) {
      return fail(errc::missing_token, "Authorization scheme " + echo_quoted(scheme) +
                                           " is not supported; " + std::string(kExpectedHeader));
    }
    return fail(errc::missing_token,
                "Authorization header is not a bearer token; " + std::string(kExpectedHeader));
  }
  auto token = header.substr(scheme.size());
  while (!token.empty() && is_blank(token.front())) token.remove_prefix(1);
  if (token.empty())
    return fail(errc::missing_token, "bearer token is empty; " + std::string(kExpectedHeader));
  return verify(token, now);
}

std::string mint_hs256(const TokenClaims& claims, std::string_view secret) {
  const auto unix_seconds = [](core::Instant at) {
    return std::chrono::floor<std::chrono::seconds>(at).time_since_epoch().count();
  };
  // ordered_json keeps the claims in the documented order, which makes tokens easy to read.
  nlohmann::ordered_json payload;
  payload["sub"] = claims.subject;
  payload["roles"] = claims.roles;
  payload["tenants"] = claims.tenants;
  payload["iat"] = unix_seconds(claims.issued_at);
  payload["exp"] = unix_seconds(claims.expires_at);

  const std::string signing_input =
      base64url_encode(R"({"alg":"HS256","typ":"JWT"})") + '.' + base64url_encode(payload.dump());
  return signing_input + '.' + base64url_encode(hmac_sha256(secret, signing_input));
}

}  // namespace opsdesk::auth
