#pragma once
// `opsdesk documents list|show|register|add-version|approve|file|retire|content`: the controlled
// documents (原本管理, 仕様書 4.(3)④イ⑤エ⑦ア) from a terminal: the register with its filing index
// (and its workbook), versions added from a file (its bytes sent when small enough, else its
// SHA-256 and size, computed here), approvals, filing, a version's bytes saved back to a file.

#include <string>
#include <vector>

#include "cmd/opsdesk/client/client_commands.hpp"

namespace opsdesk::cli::client {

class DocumentsCommands final : public ClientCommands {
 public:
  DocumentsCommands(CLI::App& app, ConnectionFlags& flags);
  bool chosen() const override;
  int run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
          std::ostream& err) override;

 private:
  CLI::App* group_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* register_ = nullptr;
  CLI::App* add_version_ = nullptr;
  CLI::App* approve_ = nullptr;
  CLI::App* file_ = nullptr;
  CLI::App* retire_ = nullptr;
  CLI::App* content_ = nullptr;

  std::string id_;
  std::string title_, kind_, description_, status_, tenant_, words_, xlsx_file_;
  std::vector<std::string> tenants_;
  std::string version_, path_, sha256_, media_type_, note_;
  std::int64_t size_ = -1;
  std::string approver_, location_, label_, index_, reason_, output_;
};

}  // namespace opsdesk::cli::client
