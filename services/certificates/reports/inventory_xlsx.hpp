#pragma once
// The certificate inventory (証明書管理台帳) as a workbook: one row per certificate, the soonest to
// expire first, with its days left, renewal due time and the rule behind it, status, where it is
// used and the warnings recorded at its import; Japanese headings.

#include <expected>
#include <string>
#include <vector>

#include "libs/core/instant.hpp"
#include "services/certificates/domain/certificate.hpp"

namespace opsdesk::certificates {

struct InventoryRow {
  CertificateState certificate;
  std::string status;  // valid | renewal_due | expiring | expired | retired, at the report's time
  std::int64_t days_left = 0;
};

std::expected<std::string, std::string> inventory_xlsx(const std::vector<InventoryRow>& rows,
                                                       core::Instant now);

// 有効 / 更新期限超過 / 期限間近 / 期限切れ / 廃止
std::string status_ja(const std::string& status);
// コード署名 / SSLサーバ / その他
std::string purpose_ja(const std::string& purpose);

}  // namespace opsdesk::certificates
