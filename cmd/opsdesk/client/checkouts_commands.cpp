#include "cmd/opsdesk/client/checkouts_commands.hpp"

#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "cmd/opsdesk/client/text_table.hpp"
#include "libs/auth/digests.hpp"

namespace opsdesk::cli::client {

namespace {

using nlohmann::json;

std::string word_ja(const std::string& word) {
  static const std::map<std::string, std::string> kWords = {
      {"out", "貸出中"},       {"returned", "返却済"},  {"consistent", "一致"},
      {"differs", "差異あり"}, {"unchecked", "未確認"}, {"changed", "変更"},
      {"missing", "欠落"},     {"added", "追加"}};
  const auto it = kWords.find(word);
  return it == kWords.end() ? (word.empty() ? "—" : word) : it->second;
}

std::string asset_text(const json& c) {
  const auto& asset = c["asset"];
  if (text_of(c, "asset_kind") == "document")
    return text_of(asset, "title") + " " + text_of(asset, "document_version");
  return text_of(asset, "code");
}

std::string checkouts_text(const json& answer) {
  TextTable table({"資産", "払出先", "目的", "返却予定", "状況", "整合性", "ID"});
  for (const auto& c : answer["items"])
    table.add({asset_text(c), text_of(c, "recipient"), text_of(c, "purpose"),
               text_of(c, "due_back").empty()
                   ? "—"
                   : text_of(c, "due_back") + (c.value("overdue_back", false) ? "（超過）" : ""),
               word_ja(text_of(c, "status")), word_ja(text_of(c, "consistency")),
               text_of(c, "id")});
  if (table.empty()) return "払い出しはありません\n";
  return table.render();
}

std::string checkout_text(const json& c) {
  std::string text = asset_text(c) + " → " + text_of(c, "recipient") + "（" +
                     word_ja(text_of(c, "status")) + "、整合性 " +
                     word_ja(text_of(c, "consistency")) + "） " + text_of(c, "id") + "\n";
  const auto& check = c["latest_check"];
  if (check.is_object() && !check["differences"].empty()) {
    TextTable table({"ファイル", "差異", "原本", "確認値"});
    for (const auto& d : check["differences"])
      table.add({text_of(d, "name"), word_ja(text_of(d, "change")),
                 text_of(d, "master_sha256").substr(0, 12),
                 text_of(d, "found_sha256").substr(0, 12)});
    text += table.render();
  }
  return text;
}

// `sha256sum` output: "<64 hex>  <name>" (or " *<name>" in binary mode) per line.
std::expected<json, std::string> manifest_files(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::unexpected("cannot read " + path);
  json files = json::array();
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line.size() < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*'))
      return std::unexpected(path + ":" + std::to_string(number) +
                             ": not a line of sha256sum output (\"<sha256>  <name>\")");
    files.push_back({{"name", line.substr(66)}, {"sha256", line.substr(0, 64)}});
  }
  return files;
}

std::expected<std::string, std::string> file_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected("cannot read " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return auth::sha256_hex(bytes.str());
}

}  // namespace

CheckoutsCommands::CheckoutsCommands(CLI::App& app, ConnectionFlags& flags) {
  group_ = add_service_group(
      app, "checkouts",
      "the system's assets handed out to vendors (払い出し) and checked when they come back, on a "
      "running server",
      flags);

  list_ = group_->add_subcommand("list", "check-outs, newest first");
  list_->add_option("--status", status_, "out or returned");
  list_->add_option("--consistency", consistency_, "consistent, differs or unchecked");
  list_->add_option("--tenant", tenant_, "only this association's assets (code)");

  show_ = group_->add_subcommand("show", "one check-out with its checks");
  show_->add_option("id", id_, "the check-out's id")->required();

  out_ = group_->add_subcommand("out",
                                "hand an asset out: a configuration item or a document's version");
  auto* item = out_->add_option("--item", item_, "the configuration item (code or id)");
  auto* document = out_->add_option("--document", document_, "the document's id");
  item->excludes(document);
  out_->add_option("--version", version_, "the document's version")->needs(document);
  out_->add_option("--recipient", recipient_, "to whom: the vendor and the person")->required();
  out_->add_option("--purpose", purpose_, "what for")->required();
  out_->add_option("--due-back", due_back_, "when it comes back, YYYY-MM-DD");
  out_->add_option("--master", manifest_, "the master's files: sha256sum output (an item's)")
      ->needs(item);

  return_ = group_->add_subcommand("return", "record that the asset came back");
  return_->add_option("id", id_, "the check-out's id")->required();
  return_->add_option("--note", note_, "a note");

  check_ = group_->add_subcommand("check", "check what came back against the master");
  check_->add_option("id", id_, "the check-out's id")->required();
  auto* manifest = check_->add_option("--found", manifest_, "the files found: sha256sum output");
  auto* file = check_->add_option("--file", file_, "the one file that came back (hashed here)");
  manifest->excludes(file);
  check_->add_option("--note", note_, "a note");
}

bool CheckoutsCommands::chosen() const { return group_->parsed(); }

int CheckoutsCommands::run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                           std::ostream& err) {
  if (list_->parsed())
    return print_answer(api.get(with_query("/v1/checkouts", {{"status", status_},
                                                             {"consistency", consistency_},
                                                             {"tenant", tenant_}})),
                        flags, out, err, checkouts_text);
  if (show_->parsed())
    return print_answer(api.get("/v1/checkouts/" + query_value(id_)), flags, out, err,
                        checkout_text);
  std::expected<json, std::string> files = json::array();
  if (!manifest_.empty()) files = manifest_files(manifest_);
  if (!file_.empty()) {
    auto hash = file_hash(file_);
    if (hash)
      files = json::array({{{"sha256", *hash}}});
    else
      files = std::unexpected(hash.error());
  }
  if (!files) {
    err << "opsdesk: " << files.error() << "\n";
    return kBadUsage;
  }
  if (out_->parsed()) {
    json body{{"recipient", recipient_}, {"purpose", purpose_}};
    if (!item_.empty()) body["configuration_item"] = item_;
    if (!document_.empty()) {
      body["document_id"] = document_;
      body["document_version"] = version_;
    }
    if (!due_back_.empty()) body["due_back"] = due_back_;
    if (!files->empty()) body["master"] = *files;
    return print_answer(api.post("/v1/checkouts", body), flags, out, err, checkout_text);
  }
  const std::string path = "/v1/checkouts/" + query_value(id_) + "/";
  json body = json::object();
  if (!note_.empty()) body["note"] = note_;
  if (return_->parsed())
    return print_answer(api.post(path + "return", body), flags, out, err, checkout_text);
  body["found"] = *files;
  return print_answer(api.post(path + "check_consistency", body), flags, out, err, checkout_text);
}

}  // namespace opsdesk::cli::client
