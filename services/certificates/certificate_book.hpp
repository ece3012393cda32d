#pragma once
// The certificates service's read model, in memory and rebuilt from its log on open: every
// certificate of the inventory by fingerprint, with the renewals that link them, and every
// signing made with them.
//
// Thread-safe: the store's syncer thread upserts; HTTP threads, /metrics and the expiry watch
// read.

#include <functional>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "libs/eventstore/event_store.hpp"
#include "services/certificates/certificate_aggregate.hpp"

namespace opsdesk::certificates {

class CertificateBook {
 public:
  void rebuild(const eventstore::EventStore& store);
  void upsert(const CertificateState& certificate);
  void upsert(const SigningState& signing);

  std::optional<CertificateState> certificate(const std::string& fingerprint) const;
  // Every certificate that passes `keep`, the soonest to expire first (then by fingerprint).
  std::vector<CertificateState> certificates(
      const std::function<bool(const CertificateState&)>& keep) const;
  // Whether the successor of `certificate` is in use everywhere it was (standing.hpp).
  bool successor_in_use(const CertificateState& certificate) const;
  // The certificates it renewed, oldest first, and those that renewed it, in order.
  std::vector<CertificateState> predecessors(const CertificateState& certificate) const;
  std::vector<CertificateState> successors(const CertificateState& certificate) const;

  std::optional<SigningState> signing(const std::string& id) const;
  // Every signing that passes `keep`, newest first.
  std::vector<SigningState> signings(const std::function<bool(const SigningState&)>& keep) const;

  struct Figures {
    std::size_t certificates = 0;
    std::size_t code_signing = 0;
    std::size_t tls_server = 0;
    std::size_t retired = 0;
    std::size_t signings = 0;
  };
  Figures figures() const;

 private:
  bool successor_in_use_locked(const CertificateState& certificate) const;

  mutable std::shared_mutex mutex_;
  std::map<std::string, CertificateState> certificates_;  // by fingerprint
  std::map<std::string, SigningState> signings_;          // by id (UUIDv7: in recording order)
};

}  // namespace opsdesk::certificates
