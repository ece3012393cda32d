#pragma once
// Signing records and signature verification over HTTP (docs/api/certificates.yaml,
// /v1/signatures…, 仕様書 4.(2)③イ): record that a program was signed with a code-signing
// certificate of the inventory (for a change), list and show those records, and verify a signed
// file: an Authenticode-signed PE/MSI (osslsigncode) or a file with its detached CMS signature
// (OpenSSL); the answer says whether the signature and its timestamp verify, which certificate
// signed it, and which signing record it matches.

#include <filesystem>
#include <vector>

#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/certificates/api/certificate_routes.hpp"
#include "services/certificates/certificate_book.hpp"

namespace opsdesk::certificates::api {

struct SignatureApi {
  SigningCommands& commands;
  SigningRepository& repository;
  CertificateBook& book;
  const core::Clock& clock;
  core::UuidV7Generator& ids;
  const TrustStores& stores;
  std::filesystem::path
      code_signing_roots;                 // the bundle osslsigncode verifies against; empty: none
  std::filesystem::path timestamp_roots;  // the bundle timestamping authorities verify against
  std::filesystem::path scratch_dir;      // where a file being verified waits for osslsigncode
  http::InstantRange instants{};
};

void add_signature_routes(http::Router& router, SignatureApi api);

}  // namespace opsdesk::certificates::api
