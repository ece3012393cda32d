#pragma once
// `opsdesk certificates list|show|import|add-location|remove-location|request-renewal|issued|
// deployed|retire|report` and `opsdesk signatures list|record|verify`: the certificate inventory
// (証明書管理, 仕様書 4.(2)③イ, 4.(3)④コ⑤ケ) and its signing records from a terminal. A
// certificate is named by its SHA-256 fingerprint; files are PEM or DER as the CA delivered them.

#include <string>
#include <vector>

#include "cmd/opsdesk/client/client_commands.hpp"

namespace opsdesk::cli::client {

class CertificatesCommands final : public ClientCommands {
 public:
  CertificatesCommands(CLI::App& app, ConnectionFlags& flags);
  bool chosen() const override;
  int run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
          std::ostream& err) override;

 private:
  CLI::App* group_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* import_ = nullptr;
  CLI::App* add_location_ = nullptr;
  CLI::App* remove_location_ = nullptr;
  CLI::App* request_renewal_ = nullptr;
  CLI::App* issued_ = nullptr;
  CLI::App* deployed_ = nullptr;
  CLI::App* retire_ = nullptr;
  CLI::App* report_ = nullptr;

  std::string fingerprint_, file_, output_;
  std::string purpose_, status_, expires_before_, tenant_;
  std::string owner_, location_, reason_, ca_, order_id_, instructed_by_, instructed_at_, note_;
  std::vector<std::string> tenants_, locations_;
  int renew_before_days_ = 0;
};

class SignaturesCommands final : public ClientCommands {
 public:
  SignaturesCommands(CLI::App& app, ConnectionFlags& flags);
  bool chosen() const override;
  int run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
          std::ostream& err) override;

 private:
  CLI::App* group_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* record_ = nullptr;
  CLI::App* verify_ = nullptr;

  std::string change_, certificate_, file_, signature_, at_;
  std::string artifact_, version_, sha256_, signed_at_, tsa_, timestamped_at_, note_;
};

}  // namespace opsdesk::cli::client
