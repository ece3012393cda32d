#include "services/certificates/api/command_parsing.hpp"

#include <charconv>

#include "libs/core/words.hpp"

namespace opsdesk::certificates::api {

namespace {

constexpr bool kRequired = true;
constexpr bool kOptional = false;
constexpr std::size_t kMaxLocations = 100;
constexpr int kMaxRenewBeforeDays = 3650;

std::string text(http::JsonFields& f, const std::string& name, bool required,
                 std::size_t max = 200) {
  return f.string(name, required, max).value_or("");
}
std::string by(http::JsonFields& f, const std::string& who) {
  return f.string("by", kOptional, 100).value_or(who);
}
core::Instant at(http::JsonFields& f, core::Instant now) {
  return f.instant("at", kOptional).value_or(now);
}

Location location_from(const nlohmann::json& object, const std::string& field,
                       http::JsonFields& outer) {
  http::JsonFields f(object, {}, field + ".");
  Location l{text(f, "kind", kRequired, 40), text(f, "value", kRequired, 500)};
  f.reject_unknown_fields();
  outer.add_errors_of(f);
  return l;
}

Location location(http::JsonFields& f) {
  const auto* object = f.object("location", kRequired);
  return object ? location_from(*object, "location", f) : Location{};
}

CertificateCommand parse_add_location(http::JsonFields& f, const core::Instant& now,
                                      const std::string& who) {
  return AddLocation{location(f), by(f, who), at(f, now)};
}

CertificateCommand parse_remove_location(http::JsonFields& f, const core::Instant& now,
                                         const std::string& who) {
  auto l = location(f);
  return RemoveLocation{l, text(f, "reason", kRequired, 500), by(f, who), at(f, now)};
}

CertificateCommand parse_request_renewal(http::JsonFields& f, const core::Instant& now,
                                         const std::string& who) {
  RequestRenewal c;
  c.ca = text(f, "ca", kRequired);
  c.order_id = text(f, "order_id", kOptional);
  c.instructed_by = text(f, "instructed_by", kOptional);
  c.instructed_at = f.instant("instructed_at", kOptional);
  c.note = text(f, "note", kOptional, 2000);
  c.by = by(f, who);
  c.at = at(f, now);
  return c;
}

CertificateCommand parse_record_deployed(http::JsonFields& f, const core::Instant& now,
                                         const std::string& who) {
  return RecordDeployed{location(f), by(f, who), at(f, now)};
}

CertificateCommand parse_retire(http::JsonFields& f, const core::Instant& now,
                                const std::string& who) {
  RetireCertificate c;
  c.reason = text(f, "reason", kRequired, 500);
  c.replaced_by = text(f, "replaced_by", kOptional, 64);
  c.by = by(f, who);
  c.at = at(f, now);
  return c;
}

// Comma-separated words of a query parameter.
std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find(',', start), text.size());
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::optional<int> whole_number(const http::Request& request, const std::string& name, int min,
                                int max, std::vector<http::FieldError>& errors) {
  auto text = request.query_param(name);
  if (!text) return std::nullopt;
  int value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc{} || end != text->data() + text->size() || value < min || value > max) {
    errors.push_back({name, "must be a whole number from " + std::to_string(min) + " to " +
                                std::to_string(max)});
    return std::nullopt;
  }
  return value;
}

}  // namespace

const CertificateCommandTable& certificate_commands() {
  static const CertificateCommandTable table("certificate", "import",
                                             {{"add_location", parse_add_location},
                                              {"remove_location", parse_remove_location},
                                              {"request_renewal", parse_request_renewal},
                                              {"record_deployed", parse_record_deployed},
                                              {"retire", parse_retire}});
  return table;
}

ImportFields import_fields(http::JsonFields& f, std::string& certificate, bool required,
                           core::Instant now, const std::string& who) {
  ImportFields fields;
  certificate = f.string("pem", kRequired, 256 * 1024).value_or("");
  fields.owner = text(f, "owner", required, 100);
  fields.tenants = f.string_list("tenants", required, 20, 40).value_or(std::vector<std::string>{});
  if (const auto* list = f.array("locations", kOptional, kMaxLocations)) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto field = "locations[" + std::to_string(i) + "]";
      if (!(*list)[i].is_object()) {
        f.add_error(field, "must be an object {kind, value}");
        continue;
      }
      fields.locations.push_back(location_from((*list)[i], field, f));
    }
  }
  if (auto days = f.integer("renew_before_days", kOptional, 1, kMaxRenewBeforeDays))
    fields.renewal.renew_before = std::chrono::days{*days};
  if (auto percent = f.integer("renew_before_percentage", kOptional, 1, 99))
    fields.renewal.renew_before_percentage = static_cast<int>(*percent);
  fields.by = by(f, who);
  fields.at = at(f, now);
  return fields;
}

ImportFields import_fields(const http::Request& request, std::vector<http::FieldError>& errors,
                           core::Instant now, const std::string& who) {
  static const std::vector<std::string_view> kParams = {
      "owner", "tenants", "location", "renew_before_days", "renew_before_percentage", "by"};
  for (const auto& [name, value] : request.query)
    if (!core::is_one_of(kParams, name))
      errors.push_back(
          {name, "is not a parameter of an import; allowed: " + core::words_text(kParams)});
  ImportFields fields;
  fields.owner = request.query_param("owner").value_or("");
  if (fields.owner.empty()) errors.push_back({"owner", "is required (?owner=)"});
  fields.tenants = split(request.query_param("tenants").value_or(""));
  if (fields.tenants.empty())
    errors.push_back({"tenants", "is required: association codes, or all_centre (?tenants=a,b)"});
  if (auto l = request.query_param("location")) {
    const auto colon = l->find(':');
    if (colon == std::string::npos)
      errors.push_back({"location", "must be kind:value, e.g. signing_host:sign01.centre.local"});
    else
      fields.locations.push_back({l->substr(0, colon), l->substr(colon + 1)});
  }
  if (auto days = whole_number(request, "renew_before_days", 1, kMaxRenewBeforeDays, errors))
    fields.renewal.renew_before = std::chrono::days{*days};
  fields.renewal.renew_before_percentage =
      whole_number(request, "renew_before_percentage", 1, 99, errors);
  fields.by = request.query_param("by").value_or(who);
  fields.at = now;
  return fields;
}

}  // namespace opsdesk::certificates::api
