#pragma once
// The controlled documents' HTTP API (docs/api/changes.yaml, /v1/documents/…): register a
// document, add versions (with the SHA-256, or the bytes), approve a version (the association
// side), file the original, retire; read one with its version in force and its history, a
// version's bytes, and the register with its filing index (JSON or xlsx). Associations see the
// documents that concern them; commands are the desk's (role maintainer), approve also an
// association administrator's.

#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/changes/change_book.hpp"

namespace opsdesk::changes::api {

struct DocumentApi {
  DocumentCommands& documents;
  DocumentRepository& repository;
  ChangeBook& book;
  const core::Clock& clock;
  core::UuidV7Generator& ids;
  http::InstantRange instants{};
};

void add_document_routes(http::Router& router, DocumentApi api);

}  // namespace opsdesk::changes::api
