#pragma once
// The register of controlled documents (原本管理台帳) as a workbook, with the filing index the
// contract asks for (仕様書 4.(3)⑦ア: ファイル内インデックス, labels): one row per document with
// its version in force, its approval, its newest version and where the original is kept.

#include <expected>
#include <string>
#include <vector>

#include "libs/core/instant.hpp"
#include "services/changes/domain/document.hpp"

namespace opsdesk::changes {

std::expected<std::string, std::string> document_register_xlsx(
    const std::vector<DocumentState>& documents, core::Instant now);

// 手順書 / 設計書 / … : a document's kind as the register writes it.
std::string document_kind_ja(const std::string& kind);
// 書架 / 耐火金庫 / 電子: a filing location as the register writes it.
std::string filing_location_ja(const std::string& location);

}  // namespace opsdesk::changes
