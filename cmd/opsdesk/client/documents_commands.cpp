#include "cmd/opsdesk/client/documents_commands.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "cmd/opsdesk/client/text_table.hpp"
#include "libs/auth/base64url.hpp"
#include "libs/auth/digests.hpp"

namespace opsdesk::cli::client {

namespace {

using nlohmann::json;

// The most bytes the server takes with a version (services/changes/domain/document.hpp); a
// larger file is named by its hash and size and stays where it is.
constexpr std::size_t kMaxContentBytes = 512 * 1024;

std::string word_ja(const std::string& word) {
  static const std::map<std::string, std::string> kWords = {
      {"procedure", "手順書"}, {"design", "設計書"},        {"manual", "マニュアル"},
      {"report", "報告書"},    {"test_plan", "試験計画書"}, {"minutes", "議事録"},
      {"draft", "作成中"},     {"in_review", "承認待ち"},   {"approved", "承認済"},
      {"retired", "廃止"},     {"shelf", "書架"},           {"fireproof_safe", "耐火金庫"},
      {"electronic", "電子"}};
  const auto it = kWords.find(word);
  return it == kWords.end() ? (word.empty() ? "—" : word) : it->second;
}

std::string filing_text(const json& filing) {
  if (!filing.is_object()) return "未保管";
  std::string text = word_ja(text_of(filing, "location")) + " " + text_of(filing, "label");
  if (!text_of(filing, "index").empty()) text += "（" + text_of(filing, "index") + "）";
  return text;
}

std::string version_of(const json& version) {
  return version.is_object() ? text_of(version, "version") : "—";
}

std::string documents_text(const json& answer) {
  TextTable table({"文書名", "種別", "状態", "承認版", "最新版", "保管", "ID"});
  for (const auto& d : answer["items"])
    table.add({text_of(d, "title"), word_ja(text_of(d, "kind")), word_ja(text_of(d, "status")),
               version_of(d["approved_version"]),
               d["latest_version"].is_string() ? d["latest_version"].get<std::string>() : "—",
               filing_text(d["filing"]), text_of(d, "id")});
  if (table.empty()) return "文書はありません\n";
  return table.render();
}

std::string document_text(const json& d) {
  std::string text = text_of(d, "title") + "（" + word_ja(text_of(d, "kind")) + "、" +
                     word_ja(text_of(d, "status")) + "） " + text_of(d, "id") + "\n";
  text +=
      "承認版: " + version_of(d["approved_version"]) + "　保管: " + filing_text(d["filing"]) + "\n";
  TextTable table({"版", "SHA-256", "サイズ", "ファイル", "承認", "登録"});
  if (d.contains("versions"))
    for (const auto& v : d["versions"]) {
      const auto& approval = v["approval"];
      table.add({text_of(v, "version"), text_of(v, "sha256").substr(0, 12),
                 std::to_string(v.value("size", 0)), text_of(v, "file_name"),
                 approval.is_object()
                     ? text_of(approval, "approver") + " " + tokyo_text(approval["at"])
                     : "未承認",
                 tokyo_text(v["at"])});
    }
  if (!table.empty()) text += table.render();
  return text;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

DocumentsCommands::DocumentsCommands(CLI::App& app, ConnectionFlags& flags) {
  group_ = add_service_group(
      app, "documents",
      "controlled documents (原本管理): versions, approvals and where the originals are kept, on "
      "a running server",
      flags);

  list_ = group_->add_subcommand("list", "the register of documents, newest first");
  list_->add_option("--kind", kind_, "procedure, design, manual, report, test_plan or minutes");
  list_->add_option("--status", status_, "draft, in_review, approved or retired");
  list_->add_option("--tenant", tenant_, "only this association's (code)");
  list_->add_option("--q", words_, "words in the title, description, label or filing index");
  list_->add_option("--xlsx", xlsx_file_, "save the register as an Excel workbook to FILE");

  show_ = group_->add_subcommand("show", "one document with its versions and approvals");
  show_->add_option("id", id_, "the document's id")->required();

  register_ = group_->add_subcommand("register", "bring a document under control");
  register_->add_option("--title", title_, "its title")->required();
  register_->add_option("--kind", kind_, "procedure, design, manual, report, test_plan or minutes")
      ->required();
  register_->add_option("--tenants", tenants_, "association codes, or all_centre (comma-separated)")
      ->delimiter(',')
      ->required();
  register_->add_option("--description", description_, "what it is");

  add_version_ = group_->add_subcommand(
      "add-version", "add a version from a file (its bytes up to 512 KiB, else its hash and size)");
  add_version_->add_option("id", id_, "the document's id")->required();
  add_version_->add_option("--version", version_, "the version's name, e.g. 1.0")->required();
  auto* file = add_version_->add_option("--file", path_, "the version's file");
  auto* hash = add_version_->add_option("--sha256", sha256_, "its SHA-256 (a file kept elsewhere)");
  add_version_->add_option("--size", size_, "its size in bytes (with --sha256)")->needs(hash);
  file->excludes(hash);
  add_version_->add_option("--media-type", media_type_, "e.g. application/pdf");
  add_version_->add_option("--note", note_, "what changed");

  approve_ =
      group_->add_subcommand("approve", "record the association side's approval of a version");
  approve_->add_option("id", id_, "the document's id")->required();
  approve_->add_option("--version", version_, "the version approved")->required();
  approve_->add_option("--approver", approver_, "who approved, as the association names them")
      ->required();
  approve_->add_option("--note", note_, "a note");

  file_ = group_->add_subcommand("file", "record where the original is kept (4.(3)⑦)");
  file_->add_option("id", id_, "the document's id")->required();
  file_
      ->add_option("--location", location_, "shelf (書架), fireproof_safe (耐火金庫) or electronic")
      ->required();
  file_->add_option("--label", label_, "the label on the binder or medium")->required();
  file_->add_option("--index", index_, "its place in the file (ファイル内インデックス)");

  retire_ = group_->add_subcommand("retire", "take a document out of use");
  retire_->add_option("id", id_, "the document's id")->required();
  retire_->add_option("--reason", reason_, "why")->required();

  content_ = group_->add_subcommand("content", "save a version's bytes to a file");
  content_->add_option("id", id_, "the document's id")->required();
  content_->add_option("--version", version_, "the version")->required();
  content_->add_option("--output", output_, "the file to write")->required();
}

bool DocumentsCommands::chosen() const { return group_->parsed(); }

int DocumentsCommands::run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                           std::ostream& err) {
  if (list_->parsed()) {
    const auto path = with_query("/v1/documents", {{"kind", kind_},
                                                   {"status", status_},
                                                   {"tenant", tenant_},
                                                   {"q", words_},
                                                   {"format", xlsx_file_.empty() ? "" : "xlsx"}});
    if (!xlsx_file_.empty()) return save_answer(api.get(path), xlsx_file_, out, err);
    return print_answer(api.get(path), flags, out, err, documents_text);
  }
  if (show_->parsed())
    return print_answer(api.get("/v1/documents/" + query_value(id_)), flags, out, err,
                        document_text);
  if (register_->parsed()) {
    json body{{"title", title_}, {"kind", kind_}, {"tenants", tenants_}};
    if (!description_.empty()) body["description"] = description_;
    return print_answer(api.post("/v1/documents", body), flags, out, err, document_text);
  }
  if (content_->parsed())
    return save_answer(api.get("/v1/documents/" + query_value(id_) + "/versions/" +
                               query_value(version_) + "/content"),
                       output_, out, err);
  const std::string path = "/v1/documents/" + query_value(id_) + "/";
  auto send = [&](const std::string& command, const json& body) {
    return print_answer(api.post(path + command, body), flags, out, err, document_text);
  };
  if (add_version_->parsed()) {
    json body{{"version", version_}};
    if (!path_.empty()) {
      auto bytes = read_file(path_);
      if (!bytes) {
        err << "opsdesk: cannot read " << path_ << "\n";
        return kBadUsage;
      }
      body["file_name"] = std::filesystem::path(path_).filename().string();
      if (bytes->size() <= kMaxContentBytes) {
        body["content_base64"] = auth::base64_encode(*bytes);
      } else {
        body["sha256"] = auth::sha256_hex(*bytes);
        body["size"] = bytes->size();
      }
    } else {
      if (!sha256_.empty()) body["sha256"] = sha256_;
      if (size_ >= 0) body["size"] = size_;
    }
    if (!media_type_.empty()) body["media_type"] = media_type_;
    if (!note_.empty()) body["note"] = note_;
    return send("add_version", body);
  }
  if (approve_->parsed()) {
    json body{{"version", version_}, {"approver", approver_}};
    if (!note_.empty()) body["note"] = note_;
    return send("approve", body);
  }
  if (file_->parsed()) {
    json body{{"location", location_}, {"label", label_}};
    if (!index_.empty()) body["index"] = index_;
    return send("file", body);
  }
  return send("retire", {{"reason", reason_}});
}

}  // namespace opsdesk::cli::client
