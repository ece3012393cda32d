#include "services/changes/change_book.hpp"

#include <algorithm>
#include <mutex>

#include "libs/aggregate/summary_index.hpp"

namespace opsdesk::changes {

void ChangeBook::rebuild(const eventstore::EventStore& store) {
  std::map<std::string, ConfigurationItemState> items;
  aggregate::fold_every_aggregate<ConfigurationItemAggregate>(
      store, [&](const ConfigurationItemState& item) { items[item.id] = item; });
  std::map<std::string, ChangeState> changes;
  aggregate::fold_every_aggregate<ChangeAggregate>(
      store, [&](const ChangeState& change) { changes[change.id] = change; });
  std::map<std::string, EffortCapState> caps;
  aggregate::fold_every_aggregate<EffortCapAggregate>(
      store, [&](const EffortCapState& cap) { caps[cap.term] = cap; });
  std::map<std::string, PatchState> patches;
  aggregate::fold_every_aggregate<PatchAggregate>(
      store, [&](const PatchState& patch) { patches[patch.id] = patch; });
  std::map<std::string, DocumentState> documents;
  aggregate::fold_every_aggregate<DocumentAggregate>(
      store, [&](const DocumentState& document) { documents[document.id] = document; });
  std::map<std::string, MeetingState> meetings;
  aggregate::fold_every_aggregate<MeetingAggregate>(
      store, [&](const MeetingState& meeting) { meetings[meeting.id] = meeting; });
  std::map<std::string, CheckoutState> checkouts;
  aggregate::fold_every_aggregate<CheckoutAggregate>(
      store, [&](const CheckoutState& checkout) { checkouts[checkout.id] = checkout; });
  std::unique_lock lock(mutex_);
  items_ = std::move(items);
  id_of_code_.clear();
  for (const auto& [id, item] : items_) id_of_code_[item.code] = id;
  changes_ = std::move(changes);
  change_of_inquiry_.clear();
  for (const auto& [id, change] : changes_) {
    if (!change.inquiry_id.empty()) change_of_inquiry_[change.inquiry_id] = id;
  }
  caps_ = std::move(caps);
  patches_ = std::move(patches);
  documents_ = std::move(documents);
  meetings_ = std::move(meetings);
  checkouts_ = std::move(checkouts);
}

void ChangeBook::upsert(const ConfigurationItemState& item) {
  std::unique_lock lock(mutex_);
  items_[item.id] = item;
  id_of_code_[item.code] = item.id;
  claimed_codes_.erase(item.code);
}

void ChangeBook::upsert(const ChangeState& change) {
  std::unique_lock lock(mutex_);
  changes_[change.id] = change;
  if (!change.inquiry_id.empty()) {
    change_of_inquiry_[change.inquiry_id] = change.id;
    claimed_inquiries_.erase(change.inquiry_id);
  }
}

void ChangeBook::upsert(const EffortCapState& cap) {
  std::unique_lock lock(mutex_);
  caps_[cap.term] = cap;
}

std::optional<ConfigurationItemState> ChangeBook::item(const std::string& id) const {
  std::shared_lock lock(mutex_);
  auto found = items_.find(id);
  if (found == items_.end()) return std::nullopt;
  return found->second;
}

std::optional<ConfigurationItemState> ChangeBook::item_by_code_or_id(
    const std::string& code_or_id) const {
  std::shared_lock lock(mutex_);
  if (auto by_code = id_of_code_.find(code_or_id); by_code != id_of_code_.end())
    return items_.at(by_code->second);
  auto found = items_.find(code_or_id);
  if (found == items_.end()) return std::nullopt;
  return found->second;
}

std::vector<ConfigurationItemState> ChangeBook::items(
    const std::function<bool(const ConfigurationItemState&)>& keep) const {
  std::shared_lock lock(mutex_);
  std::vector<ConfigurationItemState> out;
  for (const auto& [code, id] : id_of_code_) {
    const auto& item = items_.at(id);
    if (keep(item)) out.push_back(item);
  }
  return out;
}

std::vector<ConfigurationItemState> ChangeBook::items_related_to(const std::string& id) const {
  std::shared_lock lock(mutex_);
  std::vector<ConfigurationItemState> out;
  for (const auto& [code, item_id] : id_of_code_) {
    const auto& item = items_.at(item_id);
    if (std::ranges::any_of(item.relations, [&](const CiRelation& r) { return r.target_id == id; }))
      out.push_back(item);
  }
  return out;
}

bool ChangeBook::claim_code(const std::string& code) {
  std::unique_lock lock(mutex_);
  if (id_of_code_.contains(code)) return false;
  return claimed_codes_.insert(code).second;
}

void ChangeBook::release_code(const std::string& code) {
  std::unique_lock lock(mutex_);
  claimed_codes_.erase(code);
}

bool ChangeBook::claim_inquiry(const std::string& inquiry_id) {
  std::unique_lock lock(mutex_);
  if (change_of_inquiry_.contains(inquiry_id)) return false;
  return claimed_inquiries_.insert(inquiry_id).second;
}

void ChangeBook::release_inquiry(const std::string& inquiry_id) {
  std::unique_lock lock(mutex_);
  claimed_inquiries_.erase(inquiry_id);
}

std::optional<ChangeState> ChangeBook::change(const std::string& id) const {
  std::shared_lock lock(mutex_);
  auto found = changes_.find(id);
  if (found == changes_.end()) return std::nullopt;
  return found->second;
}

std::vector<ChangeState> ChangeBook::changes(
    const std::function<bool(const ChangeState&)>& keep) const {
  std::shared_lock lock(mutex_);
  std::vector<ChangeState> out;
  for (auto it = changes_.rbegin(); it != changes_.rend(); ++it) {
    if (keep(it->second)) out.push_back(it->second);
  }
  return out;
}

std::optional<ChangeState> ChangeBook::change_of_inquiry(const std::string& inquiry_id) const {
  std::shared_lock lock(mutex_);
  auto found = change_of_inquiry_.find(inquiry_id);
  if (found == change_of_inquiry_.end()) return std::nullopt;
  return changes_.at(found->second);
}

EffortCapState ChangeBook::effort_cap(const std::string& term) const {
  std::shared_lock lock(mutex_);
  auto found = caps_.find(term);
  if (found == caps_.end()) return EffortCapState{term, 0, {}};
  return found->second;
}

namespace {

// Keeps the newest state: the syncer's upserts arrive in order, but a rebuild may race them.
template <typename State>
void keep_newest(std::map<std::string, State>& states, const State& state) {
  auto& held = states[state.id];
  if (held.version < state.version) held = state;
}

template <typename State>
std::optional<State> find_in(const std::map<std::string, State>& states, const std::string& id) {
  auto found = states.find(id);
  if (found == states.end()) return std::nullopt;
  return found->second;
}

template <typename State>
std::vector<State> newest_first(const std::map<std::string, State>& states,
                                const std::function<bool(const State&)>& keep) {
  std::vector<State> out;
  for (auto it = states.rbegin(); it != states.rend(); ++it)
    if (keep(it->second)) out.push_back(it->second);
  return out;
}

}  // namespace

void ChangeBook::upsert(const PatchState& patch) {
  std::unique_lock lock(mutex_);
  keep_newest(patches_, patch);
}

std::optional<PatchState> ChangeBook::patch(const std::string& id) const {
  std::shared_lock lock(mutex_);
  return find_in(patches_, id);
}

std::vector<PatchState> ChangeBook::patches(
    const std::function<bool(const PatchState&)>& keep) const {
  std::shared_lock lock(mutex_);
  return newest_first(patches_, keep);
}

void ChangeBook::upsert(const DocumentState& document) {
  std::unique_lock lock(mutex_);
  keep_newest(documents_, document);
}

void ChangeBook::upsert(const MeetingState& meeting) {
  std::unique_lock lock(mutex_);
  keep_newest(meetings_, meeting);
}

void ChangeBook::upsert(const CheckoutState& checkout) {
  std::unique_lock lock(mutex_);
  keep_newest(checkouts_, checkout);
}

std::optional<DocumentState> ChangeBook::document(const std::string& id) const {
  std::shared_lock lock(mutex_);
  return find_in(documents_, id);
}

std::vector<DocumentState> ChangeBook::documents(
    const std::function<bool(const DocumentState&)>& keep) const {
  std::shared_lock lock(mutex_);
  return newest_first(documents_, keep);
}

std::optional<MeetingState> ChangeBook::meeting(const std::string& id) const {
  std::shared_lock lock(mutex_);
  return find_in(meetings_, id);
}

std::vector<MeetingState> ChangeBook::meetings(
    const std::function<bool(const MeetingState&)>& keep) const {
  std::shared_lock lock(mutex_);
  return newest_first(meetings_, keep);
}

std::optional<MeetingState> ChangeBook::meeting_of_minutes(const std::string& document_id) const {
  std::shared_lock lock(mutex_);
  for (const auto& [id, meeting] : meetings_)
    if (meeting.minutes && meeting.minutes->document_id == document_id) return meeting;
  return std::nullopt;
}

std::optional<CheckoutState> ChangeBook::checkout(const std::string& id) const {
  std::shared_lock lock(mutex_);
  return find_in(checkouts_, id);
}

std::vector<CheckoutState> ChangeBook::checkouts(
    const std::function<bool(const CheckoutState&)>& keep) const {
  std::shared_lock lock(mutex_);
  return newest_first(checkouts_, keep);
}

ChangeBook::Figures ChangeBook::figures() const {
  std::shared_lock lock(mutex_);
  Figures f;
  f.configuration_items = items_.size();
  f.changes = changes_.size();
  f.open_changes = static_cast<std::size_t>(
      std::ranges::count_if(changes_, [](const auto& entry) { return !entry.second.settled(); }));
  f.patches = patches_.size();
  f.patches_rolling_out =
      static_cast<std::size_t>(std::ranges::count_if(patches_, [](const auto& entry) {
        return !entry.second.targets.empty() && !entry.second.rolled_out();
      }));
  f.documents = documents_.size();
  f.meetings_awaiting_minutes = static_cast<std::size_t>(
      std::ranges::count_if(meetings_, [](const auto& entry) { return !entry.second.minutes; }));
  f.assets_out = static_cast<std::size_t>(
      std::ranges::count_if(checkouts_, [](const auto& entry) { return !entry.second.returned; }));
  return f;
}

}  // namespace opsdesk::changes
