#pragma once
// The ci-links read model's projection: which incidents name which configuration items.
// Incidents keep `configuration_items` as free text (no cross-service check when a fault is
// detected); a text that is a configuration item's code (compared trimmed and in lower case)
// links the incident to that item, whichever was recorded first. Keys:
// - ci/<ci id>: {"code", "name", "tenants"} of an item (tenants: the codes it serves)
// - code/<code>: its id
// - incident/<incident id>: {"id", "title", "severity", "occurred_at", "tenants", "texts"}
//   as detected
// - added-tenant/<incident id>/<tenant>: a tenant added to it later
// - closed/<incident id>: present while it is closed
// - text/<text>/<incident id>: an incident naming this text (lower case, trimmed)
// - link/<ci id>/<incident id>: the text that linked them
// - incident-link/<incident id>/<ci id>: the same, by incident

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "libs/projection/projection.hpp"

namespace opsdesk::ci_links {

class CiLinksProjection final : public projection::Projection {
 public:
  std::string name() const override { return "ci-links"; }
  int schema_version() const override { return 2; }
  void apply(const eventstore::RecordedEvent& event, projection::ViewWriter& view) override;
};

// "AP Server 1 " -> "ap server 1": how a text is compared with a code.
std::string normalised(std::string_view text);

struct LinkedItem {
  std::string ci_id;
  std::string code;
  std::string name;
  std::string text;                  // the incident's text that named it
  std::vector<std::string> tenants;  // the associations it serves
};

// The item a path names (id or code), as {ci_id, code, name}; nullopt when the view has none.
std::optional<LinkedItem> find_item(const projection::ViewReader& view,
                                    const std::string& id_or_code);
// The incidents linked to an item: their summaries (JSON as stored) with the linking text.
std::vector<nlohmann::json> incidents_of(const projection::ViewReader& view,
                                         const std::string& ci_id);
// The items an incident's texts link to.
std::vector<LinkedItem> items_of(const projection::ViewReader& view,
                                 const std::string& incident_id);
// An incident's summary, if the view has it: as detected, with the tenants added since and
// "closed".
std::optional<nlohmann::json> incident(const projection::ViewReader& view,
                                       const std::string& incident_id);

}  // namespace opsdesk::ci_links
