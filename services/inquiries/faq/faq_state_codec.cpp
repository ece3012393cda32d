// FAQ states in snapshots as JSON: exact, and short enough that a schema of their own (as the
// inquiries' and incidents' protobuf snapshots have) would buy nothing.

#include <nlohmann/json.hpp>

#include "services/inquiries/faq/faq_aggregate.hpp"

namespace opsdesk::inquiries::faq {

namespace {

using nlohmann::json;

std::int64_t micros(core::Instant at) { return core::to_unix_micros(at); }

}  // namespace

std::vector<std::string> event_tenants(const std::vector<std::string>& entry_tenants) {
  if (std::ranges::find(entry_tenants, kEveryAssociation) != entry_tenants.end()) return {};
  return entry_tenants;
}

std::string encode_state(const FaqEntryState& s) {
  return json{{"id", s.id},
              {"version", s.version},
              {"inquiry_id", s.inquiry_id},
              {"question", s.question},
              {"answer", s.answer},
              {"category", s.category},
              {"tenants", s.tenants},
              {"is_public", s.is_public},
              {"retired", s.retired},
              {"created_at_us", micros(s.created_at)},
              {"updated_at_us", micros(s.updated_at)}}
      .dump();
}

std::expected<FaqEntryState, std::string> decode_entry_state(std::string_view bytes) {
  auto j = json::parse(bytes, nullptr, false);
  if (!j.is_object()) return std::unexpected(std::string("not an encoded FAQ entry state"));
  try {
    FaqEntryState s;
    s.id = j.at("id");
    s.version = j.at("version");
    s.inquiry_id = j.at("inquiry_id");
    s.question = j.at("question");
    s.answer = j.at("answer");
    s.category = j.at("category");
    s.tenants = j.at("tenants").get<std::vector<std::string>>();
    s.is_public = j.at("is_public");
    s.retired = j.at("retired");
    s.created_at = core::from_unix_micros(j.at("created_at_us"));
    s.updated_at = core::from_unix_micros(j.at("updated_at_us"));
    return s;
  } catch (const json::exception& e) {
    return std::unexpected(std::string("an FAQ entry state without ") + e.what());
  }
}

std::string encode_state(const FaqFilesState& s) {
  json entries = json::array();
  for (const auto& ref : s.last_entries) entries.push_back({ref.faq_id, ref.entry_version});
  return json{{"version", s.version}, {"last_entries", entries}}.dump();
}

std::expected<FaqFilesState, std::string> decode_files_state(std::string_view bytes) {
  auto j = json::parse(bytes, nullptr, false);
  if (!j.is_object()) return std::unexpected(std::string("not an encoded FAQ file log state"));
  try {
    FaqFilesState s;
    s.version = j.at("version");
    for (const auto& ref : j.at("last_entries"))
      s.last_entries.push_back({ref.at(0).get<std::string>(), ref.at(1).get<std::uint64_t>()});
    return s;
  } catch (const json::exception& e) {
    return std::unexpected(std::string("an FAQ file log state without ") + e.what());
  }
}

}  // namespace opsdesk::inquiries::faq
