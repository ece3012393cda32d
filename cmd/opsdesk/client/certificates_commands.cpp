#include "cmd/opsdesk/client/certificates_commands.hpp"

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

std::string word_ja(const std::string& word) {
  static const std::map<std::string, std::string> kWords = {{"code_signing", "コード署名"},
                                                            {"tls_server", "SSLサーバ"},
                                                            {"other", "その他"},
                                                            {"valid", "有効"},
                                                            {"renewal_due", "更新期限超過"},
                                                            {"expiring", "期限間近"},
                                                            {"expired", "期限切れ"},
                                                            {"retired", "廃止"}};
  const auto it = kWords.find(word);
  return it == kWords.end() ? (word.empty() ? "—" : word) : it->second;
}

std::string locations_text(const json& c) {
  std::string text;
  for (const auto& l : c["locations"]) text += (text.empty() ? "" : ", ") + text_of(l, "value");
  return text.empty() ? "—" : text;
}

std::string certificates_text(const json& answer) {
  TextTable table({"用途", "コモンネーム", "有効期限", "残日数", "更新期限", "状態", "利用箇所",
                   "フィンガープリント"});
  for (const auto& c : answer["items"])
    table.add({word_ja(text_of(c, "purpose")), text_of(c, "subject_cn"), tokyo_text(c["not_after"]),
               std::to_string(c.value("days_left", 0)), tokyo_text(c["renewal"]["due_at"]),
               word_ja(text_of(c, "status")), locations_text(c),
               text_of(c, "fingerprint").substr(0, 16)});
  if (table.empty()) return "証明書はありません\n";
  return table.render();
}

std::string certificate_text(const json& c) {
  std::ostringstream text;
  text << text_of(c, "subject_cn") << "（" << word_ja(text_of(c, "purpose")) << "、"
       << word_ja(text_of(c, "status")) << "）\n"
       << "  サブジェクト   " << text_of(c, "subject") << "\n"
       << "  発行者         " << text_of(c, "issuer") << "\n"
       << "  シリアル番号   " << text_of(c, "serial") << "\n"
       << "  有効期間       " << tokyo_text(c["not_before"]) << " 〜 " << tokyo_text(c["not_after"])
       << "（残 " << c.value("days_left", 0) << " 日）\n"
       << "  更新期限       " << tokyo_text(c["renewal"]["due_at"]) << "（"
       << text_of(c["renewal"], "rule") << "）\n"
       << "  チェーン       " << (c["chain"].value("verified", false) ? "検証済" : "未検証") << " ("
       << text_of(c["chain"], "trust_store") << ")\n"
       << "  所有者         " << text_of(c, "owner") << "\n"
       << "  利用箇所       " << locations_text(c) << "\n"
       << "  フィンガープリント " << text_of(c, "fingerprint") << "\n";
  for (const auto& warning : c["warnings"]) text << "  ⚠ " << warning.get<std::string>() << "\n";
  if (!text_of(c, "successor").empty()) text << "  後継 " << text_of(c, "successor") << "\n";
  if (!text_of(c, "predecessor").empty()) text << "  先代 " << text_of(c, "predecessor") << "\n";
  return text.str();
}

std::string signings_text(const json& answer) {
  TextTable table({"成果物", "版", "署名日時", "タイムスタンプ", "証明書", "ID"});
  for (const auto& s : answer["items"])
    table.add({text_of(s, "artifact_name"), text_of(s, "artifact_version"),
               tokyo_text(s["signed_at"]),
               s["timestamp"].is_object() ? tokyo_text(s["timestamp"]["time"]) : "なし",
               text_of(s, "certificate_subject_cn"), text_of(s, "id")});
  if (table.empty()) return "署名記録はありません\n";
  return table.render();
}

std::string signing_text(const json& s) {
  return text_of(s, "artifact_name") + " " + text_of(s, "artifact_version") + " — " +
         text_of(s, "certificate_subject_cn") + "、" + tokyo_text(s["signed_at"]) + " " +
         text_of(s, "id") + "\n";
}

std::string verification_text(const json& v) {
  std::string text = v.value("verified", false) ? "署名は有効です" : "署名は無効です";
  text += "（" + text_of(v, "format") + "）\n  " + text_of(v, "summary") + "\n";
  if (v["signer"].is_object())
    text += "  署名者 " + text_of(v["signer"], "subject") +
            (v["signer"].value("in_inventory", false) ? "（台帳にあり）" : "（台帳にない）") + "\n";
  if (v["signing_record"].is_object()) text += "  署名記録 " + signing_text(v["signing_record"]);
  return text;
}

std::expected<std::string, std::string> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected("cannot read " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// A certificate file as the server takes it in JSON: PEM as it is, DER wrapped as PEM.
std::expected<std::string, std::string> certificate_pem(const std::string& path) {
  auto bytes = file_bytes(path);
  if (!bytes || bytes->find("-----BEGIN") != std::string::npos) return bytes;
  const auto base64 = auth::base64_encode(*bytes);
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  for (std::size_t i = 0; i < base64.size(); i += 64) pem += base64.substr(i, 64) + "\n";
  return pem + "-----END CERTIFICATE-----\n";
}

// "kind:value" (signing_host:sign01.centre.local) as the API's location object.
std::expected<json, std::string> location_of(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0)
    return std::unexpected("--location '" + text +
                           "': write kind:value, e.g. signing_host:sign01.centre.local or "
                           "url:https://kyosai.example.jp/");
  return json{{"kind", text.substr(0, colon)}, {"value", text.substr(colon + 1)}};
}

}  // namespace

CertificatesCommands::CertificatesCommands(CLI::App& app, ConnectionFlags& flags) {
  group_ = add_service_group(
      app, "certificates",
      "code-signing and SSL certificates (証明書管理): the inventory, renewal and retirement, on a "
      "running server",
      flags);

  list_ = group_->add_subcommand("list", "the inventory, the soonest to expire first");
  list_->add_option("--purpose", purpose_, "code_signing, tls_server or other");
  list_->add_option("--status", status_, "valid, renewal_due, expiring, expired or retired");
  list_->add_option("--expires-before", expires_before_, "a date (YYYY-MM-DD) or an instant");
  list_->add_option("--tenant", tenant_, "only this association's certificates (code)");

  show_ = group_->add_subcommand("show", "one certificate");
  show_->add_option("fingerprint", fingerprint_, "its SHA-256 fingerprint")->required();

  import_ = group_->add_subcommand("import", "take a certificate (PEM, with its chain, or DER) in");
  import_->add_option("file", file_, "the certificate file")->required();
  import_->add_option("--owner", owner_, "who answers for it")->required();
  import_->add_option("--tenants", tenants_, "association codes, or all_centre")
      ->required()
      ->delimiter(',');
  import_->add_option("--location", locations_, "kind:value where it is used (repeatable)");
  import_->add_option("--renew-before-days", renew_before_days_,
                      "renew this many days before its end (default: a third of its lifetime)");

  add_location_ = group_->add_subcommand("add-location", "record another place it is used");
  add_location_->add_option("fingerprint", fingerprint_, "the certificate")->required();
  add_location_->add_option("--location", location_, "kind:value")->required();

  remove_location_ = group_->add_subcommand("remove-location", "it is no longer used there");
  remove_location_->add_option("fingerprint", fingerprint_, "the certificate")->required();
  remove_location_->add_option("--location", location_, "kind:value")->required();
  remove_location_->add_option("--reason", reason_, "why")->required();

  request_renewal_ = group_->add_subcommand("request-renewal", "the renewal was ordered");
  request_renewal_->add_option("fingerprint", fingerprint_, "the certificate")->required();
  request_renewal_->add_option("--ca", ca_, "the CA it was ordered from")->required();
  request_renewal_->add_option("--order-id", order_id_, "the CA's order number");
  request_renewal_->add_option("--instructed-by", instructed_by_,
                               "who at the association instructed it (SSL certificates)");
  request_renewal_->add_option("--instructed-at", instructed_at_,
                               "when (RFC 3339; SSL certificates)");
  request_renewal_->add_option("--note", note_, "a note");

  issued_ = group_->add_subcommand("issued", "the renewed certificate arrived: take it in");
  issued_->add_option("fingerprint", fingerprint_, "the certificate it renews")->required();
  issued_->add_option("file", file_, "the new certificate file")->required();

  deployed_ = group_->add_subcommand("deployed", "a certificate was put in use at a location");
  deployed_->add_option("fingerprint", fingerprint_, "the certificate")->required();
  deployed_->add_option("--location", location_, "kind:value, one of its locations")->required();

  retire_ = group_->add_subcommand("retire", "take a certificate out of use");
  retire_->add_option("fingerprint", fingerprint_, "the certificate")->required();
  retire_->add_option("--reason", reason_, "why")->required();

  report_ = group_->add_subcommand("report", "証明書管理台帳 as an Excel workbook");
  report_->add_option("--purpose", purpose_, "code_signing, tls_server or other");
  report_->add_option("--status", status_, "one status only");
  report_->add_option("--tenant", tenant_, "one association's");
  report_->add_option("-o,--output", output_, "the file to write")->required();
}

bool CertificatesCommands::chosen() const { return group_->parsed(); }

int CertificatesCommands::run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                              std::ostream& err) {
  const auto fail = [&](const std::string& message) {
    err << "opsdesk: " << message << "\n";
    return kBadUsage;
  };
  if (list_->parsed())
    return print_answer(api.get(with_query("/v1/certificates", {{"purpose", purpose_},
                                                                {"status", status_},
                                                                {"expires_before", expires_before_},
                                                                {"tenant", tenant_},
                                                                {"limit", "500"}})),
                        flags, out, err, certificates_text);
  if (report_->parsed())
    return save_answer(
        api.get(with_query(
            "/v1/certificates/report",
            {{"format", "xlsx"}, {"purpose", purpose_}, {"status", status_}, {"tenant", tenant_}})),
        output_, out, err);
  const std::string path = "/v1/certificates/" + query_value(fingerprint_);
  if (show_->parsed()) return print_answer(api.get(path), flags, out, err, certificate_text);
  if (import_->parsed() || issued_->parsed()) {
    auto pem = certificate_pem(file_);
    if (!pem) return fail(pem.error());
    json body{{"pem", *pem}};
    if (import_->parsed()) {
      body["owner"] = owner_;
      body["tenants"] = tenants_;
      json locations = json::array();
      for (const auto& text : locations_) {
        auto location = location_of(text);
        if (!location) return fail(location.error());
        locations.push_back(*location);
      }
      body["locations"] = locations;
      if (renew_before_days_ > 0) body["renew_before_days"] = renew_before_days_;
      return print_answer(api.post("/v1/certificates", body), flags, out, err, certificate_text);
    }
    return print_answer(api.post(path + "/record_issued", body), flags, out, err, certificate_text);
  }
  if (request_renewal_->parsed()) {
    json body{{"ca", ca_}};
    if (!order_id_.empty()) body["order_id"] = order_id_;
    if (!instructed_by_.empty()) body["instructed_by"] = instructed_by_;
    if (!instructed_at_.empty()) body["instructed_at"] = instructed_at_;
    if (!note_.empty()) body["note"] = note_;
    return print_answer(api.post(path + "/request_renewal", body), flags, out, err,
                        certificate_text);
  }
  if (retire_->parsed())
    return print_answer(api.post(path + "/retire", {{"reason", reason_}}), flags, out, err,
                        certificate_text);
  auto location = location_of(location_);
  if (!location) return fail(location.error());
  if (add_location_->parsed())
    return print_answer(api.post(path + "/add_location", {{"location", *location}}), flags, out,
                        err, certificate_text);
  if (remove_location_->parsed())
    return print_answer(
        api.post(path + "/remove_location", {{"location", *location}, {"reason", reason_}}), flags,
        out, err, certificate_text);
  return print_answer(api.post(path + "/record_deployed", {{"location", *location}}), flags, out,
                      err, certificate_text);
}

SignaturesCommands::SignaturesCommands(CLI::App& app, ConnectionFlags& flags) {
  group_ = add_service_group(
      app, "signatures",
      "signing records of the programs distributed to terminals, and signature verification, on "
      "a running server",
      flags);

  list_ = group_->add_subcommand("list", "signing records, newest first");
  list_->add_option("--change", change_, "those of one change (its id)");
  list_->add_option("--certificate", certificate_, "those made with one certificate");

  record_ = group_->add_subcommand("record", "record that a program was signed");
  record_->add_option("--artifact", artifact_, "the program's name")->required();
  record_->add_option("--version", version_, "its version")->required();
  auto* file = record_->add_option("--file", file_, "the signed file (its SHA-256 is taken here)");
  auto* sha256 = record_->add_option("--sha256", sha256_, "or its SHA-256");
  file->excludes(sha256);
  record_->add_option("--certificate", certificate_, "the code-signing certificate's fingerprint")
      ->required();
  record_->add_option("--signed-at", signed_at_, "when it was signed (RFC 3339)")->required();
  record_->add_option("--tsa", tsa_, "the timestamping authority");
  record_->add_option("--timestamped-at", timestamped_at_, "the time it stamped (RFC 3339)");
  record_->add_option("--change", change_, "the change it was signed for (its id)");
  record_->add_option("--note", note_, "a note");

  verify_ =
      group_->add_subcommand("verify", "verify a signed program, or a file and its signature");
  verify_->add_option("file", file_, "the signed program (PE/MSI) or the signed file")->required();
  verify_->add_option("--signature", signature_, "a detached CMS signature of the file");
  verify_->add_option("--at", at_, "verify as at this time (RFC 3339; default now)");
}

bool SignaturesCommands::chosen() const { return group_->parsed(); }

int SignaturesCommands::run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                            std::ostream& err) {
  const auto fail = [&](const std::string& message) {
    err << "opsdesk: " << message << "\n";
    return kBadUsage;
  };
  if (list_->parsed())
    return print_answer(api.get(with_query("/v1/signatures", {{"change_id", change_},
                                                              {"certificate", certificate_}})),
                        flags, out, err, signings_text);
  if (record_->parsed()) {
    if (file_.empty() && sha256_.empty()) return fail("give --file or --sha256");
    if (!file_.empty()) {
      auto bytes = file_bytes(file_);
      if (!bytes) return fail(bytes.error());
      sha256_ = auth::sha256_hex(*bytes);
    }
    json body{{"artifact_name", artifact_},
              {"artifact_version", version_},
              {"sha256", sha256_},
              {"certificate_fingerprint", certificate_},
              {"signed_at", signed_at_}};
    if (!tsa_.empty()) body["tsa_name"] = tsa_;
    if (!timestamped_at_.empty()) body["timestamped_at"] = timestamped_at_;
    if (!change_.empty()) body["change_id"] = change_;
    if (!note_.empty()) body["note"] = note_;
    return print_answer(api.post("/v1/signatures", body), flags, out, err, signing_text);
  }
  auto bytes = file_bytes(file_);
  if (!bytes) return fail(bytes.error());
  const auto path = with_query("/v1/signatures/verify", {{"at", at_}});
  if (signature_.empty())
    return print_answer(api.post_bytes(path, *bytes, "application/octet-stream"), flags, out, err,
                        verification_text);
  auto signature = file_bytes(signature_);
  if (!signature) return fail(signature.error());
  return print_answer(api.post(path, {{"artifact_base64", auth::base64_encode(*bytes)},
                                      {"signature_base64", auth::base64_encode(*signature)}}),
                      flags, out, err, verification_text);
}

}  // namespace opsdesk::cli::client
