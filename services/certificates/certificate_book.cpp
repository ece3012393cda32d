#include "services/certificates/certificate_book.hpp"

#include <algorithm>
#include <mutex>
#include <set>
#include <tuple>

#include "libs/aggregate/summary_index.hpp"
#include "services/certificates/domain/standing.hpp"

namespace opsdesk::certificates {

void CertificateBook::rebuild(const eventstore::EventStore& store) {
  std::map<std::string, CertificateState> certificates;
  aggregate::fold_every_aggregate<CertificateAggregate>(
      store, [&](const CertificateState& c) { certificates[c.fingerprint] = c; });
  std::map<std::string, SigningState> signings;
  aggregate::fold_every_aggregate<SigningAggregate>(
      store, [&](const SigningState& s) { signings[s.id] = s; });
  std::unique_lock lock(mutex_);
  certificates_ = std::move(certificates);
  signings_ = std::move(signings);
}

void CertificateBook::upsert(const SigningState& signing) {
  std::unique_lock lock(mutex_);
  signings_[signing.id] = signing;
}

std::optional<SigningState> CertificateBook::signing(const std::string& id) const {
  std::shared_lock lock(mutex_);
  auto found = signings_.find(id);
  if (found == signings_.end()) return std::nullopt;
  return found->second;
}

std::vector<SigningState> CertificateBook::signings(
    const std::function<bool(const SigningState&)>& keep) const {
  std::shared_lock lock(mutex_);
  std::vector<SigningState> kept;
  for (auto it = signings_.rbegin(); it != signings_.rend(); ++it)
    if (keep(it->second)) kept.push_back(it->second);
  return kept;
}

void CertificateBook::upsert(const CertificateState& certificate) {
  std::unique_lock lock(mutex_);
  certificates_[certificate.fingerprint] = certificate;
}

std::optional<CertificateState> CertificateBook::certificate(const std::string& fingerprint) const {
  std::shared_lock lock(mutex_);
  auto found = certificates_.find(fingerprint);
  if (found == certificates_.end()) return std::nullopt;
  return found->second;
}

std::vector<CertificateState> CertificateBook::certificates(
    const std::function<bool(const CertificateState&)>& keep) const {
  std::vector<CertificateState> kept;
  {
    std::shared_lock lock(mutex_);
    for (const auto& [fingerprint, c] : certificates_)
      if (keep(c)) kept.push_back(c);
  }
  std::ranges::sort(kept, [](const CertificateState& a, const CertificateState& b) {
    return std::tie(a.facts.not_after, a.fingerprint) < std::tie(b.facts.not_after, b.fingerprint);
  });
  return kept;
}

bool CertificateBook::successor_in_use_locked(const CertificateState& c) const {
  if (c.successor.empty()) return false;
  auto successor = certificates_.find(c.successor);
  return successor != certificates_.end() && certificates::successor_in_use(c, successor->second);
}

bool CertificateBook::successor_in_use(const CertificateState& c) const {
  std::shared_lock lock(mutex_);
  return successor_in_use_locked(c);
}

std::vector<CertificateState> CertificateBook::predecessors(const CertificateState& c) const {
  std::shared_lock lock(mutex_);
  std::vector<CertificateState> chain;
  std::set<std::string> seen{c.fingerprint};
  // A successor names its predecessor when record_issued imported it; one imported on its own
  // before is linked only by the old certificate's SuccessorIssued.
  const auto predecessor_of = [&](const CertificateState& of) -> std::string {
    if (!of.predecessor.empty()) return of.predecessor;
    for (const auto& [fingerprint, other] : certificates_)
      if (other.successor == of.fingerprint) return fingerprint;
    return {};
  };
  for (auto link = predecessor_of(c); !link.empty() && seen.insert(link).second;) {
    auto found = certificates_.find(link);
    if (found == certificates_.end()) break;
    chain.insert(chain.begin(), found->second);
    link = predecessor_of(found->second);
  }
  return chain;
}

std::vector<CertificateState> CertificateBook::successors(const CertificateState& c) const {
  std::shared_lock lock(mutex_);
  std::vector<CertificateState> chain;
  std::set<std::string> seen{c.fingerprint};
  for (auto link = c.successor; !link.empty() && seen.insert(link).second;) {
    auto found = certificates_.find(link);
    if (found == certificates_.end()) break;
    chain.push_back(found->second);
    link = found->second.successor;
  }
  return chain;
}

CertificateBook::Figures CertificateBook::figures() const {
  std::shared_lock lock(mutex_);
  Figures f;
  for (const auto& [fingerprint, c] : certificates_) {
    ++f.certificates;
    const auto purpose = c.facts.purpose();
    if (purpose == "code_signing") ++f.code_signing;
    if (purpose == "tls_server") ++f.tls_server;
    if (c.retired) ++f.retired;
  }
  f.signings = signings_.size();
  return f;
}

}  // namespace opsdesk::certificates
