#pragma once
// The changes service's read model, in memory and rebuilt from its log on open: every
// configuration item (by id and by code), every change request, the term's effort cap, every
// security patch, every controlled document, meeting and check-out.
// A code is claimed while its registration is on its way, so two registrations of one code
// cannot both pass.
//
// Thread-safe: the store's syncer thread upserts, HTTP threads and the effort watch read.

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <vector>

#include "libs/eventstore/event_store.hpp"
#include "services/changes/change_aggregates.hpp"

namespace opsdesk::changes {

class ChangeBook {
 public:
  // Folds every item, change and effort cap of the store.
  void rebuild(const eventstore::EventStore& store);
  void upsert(const ConfigurationItemState& item);
  void upsert(const ChangeState& change);
  void upsert(const EffortCapState& cap);
  void upsert(const PatchState& patch);
  void upsert(const DocumentState& document);
  void upsert(const MeetingState& meeting);
  void upsert(const CheckoutState& checkout);

  std::optional<ConfigurationItemState> item(const std::string& id) const;
  // By code ("srv-soumu") or id.
  std::optional<ConfigurationItemState> item_by_code_or_id(const std::string& code_or_id) const;
  // Every item that passes `keep`, by code.
  std::vector<ConfigurationItemState> items(
      const std::function<bool(const ConfigurationItemState&)>& keep) const;
  // The items with a relation to `id`.
  std::vector<ConfigurationItemState> items_related_to(const std::string& id) const;
  // Claims `code` for a registration on its way: false when an item has it or another
  // registration claimed it. The claim ends when the item is recorded or release_code is called.
  bool claim_code(const std::string& code);
  void release_code(const std::string& code);

  // Claims an inquiry for the change being registered from it: false when a change has it or
  // another registration claimed it. Ends like a code's claim.
  bool claim_inquiry(const std::string& inquiry_id);
  void release_inquiry(const std::string& inquiry_id);

  std::optional<ChangeState> change(const std::string& id) const;
  // Every change that passes `keep`, newest first.
  std::vector<ChangeState> changes(const std::function<bool(const ChangeState&)>& keep) const;
  // The change registered from an inquiry (an improvement request), if any.
  std::optional<ChangeState> change_of_inquiry(const std::string& inquiry_id) const;

  EffortCapState effort_cap(const std::string& term) const;

  std::optional<PatchState> patch(const std::string& id) const;
  // Every patch that passes `keep`, newest first.
  std::vector<PatchState> patches(const std::function<bool(const PatchState&)>& keep) const;

  std::optional<DocumentState> document(const std::string& id) const;
  // Every document that passes `keep`, newest first.
  std::vector<DocumentState> documents(const std::function<bool(const DocumentState&)>& keep) const;
  std::optional<MeetingState> meeting(const std::string& id) const;
  // Every meeting that passes `keep`, newest first.
  std::vector<MeetingState> meetings(const std::function<bool(const MeetingState&)>& keep) const;
  // The meeting whose minutes are this document, if any.
  std::optional<MeetingState> meeting_of_minutes(const std::string& document_id) const;
  std::optional<CheckoutState> checkout(const std::string& id) const;
  // Every check-out that passes `keep`, newest first.
  std::vector<CheckoutState> checkouts(const std::function<bool(const CheckoutState&)>& keep) const;

  struct Figures {
    std::size_t configuration_items = 0;
    std::size_t changes = 0;
    std::size_t open_changes = 0;
    std::size_t patches = 0;
    std::size_t patches_rolling_out = 0;  // with a target not applied nor not applicable
    std::size_t documents = 0;
    std::size_t meetings_awaiting_minutes = 0;
    std::size_t assets_out = 0;  // checked out and not returned
  };
  Figures figures() const;

 private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, ConfigurationItemState> items_;  // by id
  std::map<std::string, std::string> id_of_code_;
  std::set<std::string> claimed_codes_;
  std::map<std::string, ChangeState> changes_;  // by id (UUIDv7: in registration order)
  std::map<std::string, std::string> change_of_inquiry_;
  std::set<std::string> claimed_inquiries_;
  std::map<std::string, EffortCapState> caps_;
  std::map<std::string, PatchState> patches_;       // by id (UUIDv7: in registration order)
  std::map<std::string, DocumentState> documents_;  // by id (UUIDv7: in registration order)
  std::map<std::string, MeetingState> meetings_;    // by id (UUIDv7: in recording order)
  std::map<std::string, CheckoutState> checkouts_;  // by id (UUIDv7: in check-out order)
};

}  // namespace opsdesk::changes
