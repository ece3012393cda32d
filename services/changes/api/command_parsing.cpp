#include "services/changes/api/command_parsing.hpp"

#include <algorithm>

#include "libs/auth/base64url.hpp"
#include "libs/auth/digests.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"

namespace opsdesk::changes::api {

namespace {

constexpr std::size_t kNameMax = 100;
constexpr std::size_t kTextMax = 4000;
constexpr bool kRequired = true;
constexpr bool kOptional = false;

using Now = core::Instant;
using Subject = std::string;

std::string text(http::JsonFields& f, const std::string& name, bool required,
                 std::size_t max = kTextMax) {
  return f.string(name, required, max).value_or("");
}

std::string by(http::JsonFields& f, const Subject& who) {
  return f.string("by", kOptional, kNameMax).value_or(who);
}

Now at(http::JsonFields& f, const Now& now) { return f.instant("at", kOptional).value_or(now); }

Date today(Now now) { return core::to_tokyo(now).date; }

ChangeCommand parse_assess(http::JsonFields& f, const Now& now, const Subject& who) {
  return AssessChange{text(f, "impact", kRequired),
                      f.number("effort_estimate_hours", kRequired, 0, 10'000).value_or(0),
                      by(f, who), at(f, now)};
}

ChangeCommand parse_approve(http::JsonFields& f, const Now& now, const Subject& who) {
  return ApproveChange{text(f, "approver", kRequired, kNameMax), text(f, "note", kOptional),
                       by(f, who), at(f, now)};
}

ChangeCommand parse_complete_phase(http::JsonFields& f, const Now& now, const Subject& who) {
  CompletePhase c;
  c.phase = text(f, "phase", kRequired, kNameMax);
  c.tenant = text(f, "tenant", kOptional, 40);
  if (const auto* evidence = f.object("evidence", kRequired)) {
    http::JsonFields e(*evidence, {}, "evidence.");
    c.document_id = e.string("document_id", kRequired, 200).value_or("");
    c.document_version = e.string("document_version", kRequired, 40).value_or("");
    e.reject_unknown_fields();
    f.add_errors_of(e);
  }
  c.note = text(f, "note", kOptional);
  c.by = by(f, who);
  c.at = at(f, now);
  return c;
}

ChangeCommand parse_skip_phase(http::JsonFields& f, const Now& now, const Subject& who) {
  return SkipPhase{text(f, "phase", kRequired, kNameMax), text(f, "reason", kRequired), by(f, who),
                   at(f, now)};
}

template <typename Command>
ChangeCommand parse_ending(http::JsonFields& f, const Now& now, const Subject& who) {
  const bool is_close = std::is_same_v<Command, CloseChange>;
  return Command{text(f, is_close ? "note" : "reason", !is_close), by(f, who), at(f, now)};
}

ChangeCommand parse_add_package(http::JsonFields& f, const Now& now, const Subject& who) {
  AddWorkPackage c;
  c.name = text(f, "name", kRequired, 200);
  c.planned_hours = f.number("planned_hours", kRequired, 0, 10'000).value_or(0);
  c.planned_start = date_field(f, "planned_start", kRequired).value_or(Date{});
  c.planned_finish = date_field(f, "planned_finish", kRequired).value_or(Date{});
  c.depends_on =
      f.string_list("depends_on", kOptional, 50, 20).value_or(std::vector<std::string>{});
  c.tenant = text(f, "tenant", kOptional, 40);
  c.by = by(f, who);
  c.at = at(f, now);
  return c;
}

ChangeCommand parse_progress(http::JsonFields& f, const Now& now, const Subject& who) {
  RecordProgress c;
  c.package_id = text(f, "package_id", kRequired, 20);
  const auto done = f.boolean("done", kOptional);
  const auto percent = f.number("percent", kOptional, 0, 100);
  const bool bad_percent = std::ranges::any_of(
      f.errors(), [](const http::FieldError& e) { return e.field == "percent"; });
  if (done && percent)
    f.add_error("done", "give percent or done, not both");
  else if (!done && !percent && !bad_percent)
    f.add_error("percent", "give percent (0–100) or done: true");
  else if (done && !*done)
    f.add_error("done", "only done: true means anything; give percent otherwise");
  c.percent = done ? 100 : percent.value_or(0);
  c.as_of = date_field(f, "as_of", kOptional).value_or(today(now));
  c.by = by(f, who);
  c.at = at(f, now);
  return c;
}

// `by` is who worked the hours (the and the monthly report's word); the caller who
// records them is kept as the event's `by`.
ChangeCommand parse_actual(http::JsonFields& f, const Now& now, const Subject& who) {
  RecordActual c;
  c.package_id = text(f, "package_id", kRequired, 20);
  c.hours = f.number("hours", kRequired, 0, 24).value_or(0);
  c.worker = text(f, "by", kRequired, kNameMax);
  c.date = date_field(f, "date", kOptional).value_or(today(now));
  c.activity = text(f, "activity", kOptional, 400);
  c.by = who;
  c.at = at(f, now);
  return c;
}

ChangeCommand parse_baseline(http::JsonFields& f, const Now& now, const Subject& who) {
  return SetBaseline{by(f, who), at(f, now)};
}

ChangeCommand parse_rebaseline(http::JsonFields& f, const Now& now, const Subject& who) {
  return Rebaseline{text(f, "reason", kRequired), by(f, who), at(f, now)};
}

// ---- patches ----

PatchCommand parse_patch_assess(http::JsonFields& f, const Now& now, const Subject& who) {
  return AssessPatch{text(f, "impact", kRequired),
                     f.boolean("needs_modification", kOptional).value_or(false), by(f, who),
                     at(f, now)};
}

PatchCommand parse_patch_decide_urgency(http::JsonFields& f, const Now& now, const Subject& who) {
  return DecideUrgency{text(f, "urgency", kRequired, 20),
                       text(f, "reason", kOptional),
                       text(f, "measure", kRequired, 20),
                       text(f, "plan", kOptional),
                       text(f, "agreed_with", kRequired, kNameMax),
                       by(f, who),
                       at(f, now)};
}

PatchCommand parse_patch_verification(http::JsonFields& f, const Now& now, const Subject& who) {
  return RecordVerification{text(f, "result", kRequired, 20),
                            text(f, "environment", kRequired, 200), text(f, "note", kOptional),
                            by(f, who), at(f, now)};
}

PatchCommand parse_patch_procedure(http::JsonFields& f, const Now& now, const Subject& who) {
  return AttachProcedure{text(f, "document_id", kRequired, 200),
                         text(f, "document_version", kRequired, 40), by(f, who), at(f, now)};
}

PatchCommand parse_patch_link_change(http::JsonFields& f, const Now& now, const Subject& who) {
  return LinkChange{text(f, "change_id", kRequired, 64), by(f, who), at(f, now)};
}

PatchCommand parse_patch_target(http::JsonFields& f, const Now& now, const Subject& who) {
  TargetPatch c;
  for (auto& named : f.string_list("configuration_items", kRequired, 200, 64)
                         .value_or(std::vector<std::string>{})) {
    PatchTargetItem item;
    item.code = std::move(named);  // as named; the route finds the item
    c.items.push_back(std::move(item));
  }
  c.by = by(f, who);
  c.at = at(f, now);
  return c;
}

// verify, schedule, apply, fail, not_applicable: `target` (one) or `targets` (a list).
template <const char* kStep>
PatchCommand parse_patch_rollout(http::JsonFields& f, const Now& now, const Subject& who) {
  RecordRollout c;
  c.step = kStep;
  auto one = f.string("target", kOptional, 64);
  auto many = f.string_list("targets", kOptional, 200, 64);
  if (one && many)
    f.add_error("target", "give target or targets, not both");
  else if (!one && !many)
    f.add_error("targets", "name the targets (codes or ids), or one as target");
  c.names = many ? std::move(*many) : std::vector<std::string>{};
  if (one) c.names.push_back(std::move(*one));
  c.note = text(f, "note", kOptional);
  c.scheduled_for = f.instant("scheduled_for", kOptional);
  c.by = by(f, who);
  c.at = at(f, now);
  return c;
}

// ---- documents, meetings, check-outs ----

// A SHA-256 as the caller wrote it, in lower case (the domain checks its form).
std::string sha256_text(http::JsonFields& f, const std::string& name, bool required) {
  auto value = f.string(name, required, 64).value_or("");
  std::ranges::transform(value, value.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return value;
}

// Base64 of at most the content limit takes 4/3 of it, rounded up to whole groups.
constexpr std::size_t kMaxContentBase64 = (kMaxDocumentContentBytes + 2) / 3 * 4;

DocumentCommand parse_add_version(http::JsonFields& f, const Now& now, const Subject& who) {
  AddDocumentVersion c;
  c.version = text(f, "version", kRequired, 40);
  c.sha256 = sha256_text(f, "sha256", kOptional);
  if (auto size = f.integer("size", kOptional, 0, std::int64_t{1} << 50))
    c.size = static_cast<std::uint64_t>(*size);
  if (auto encoded = f.string("content_base64", kOptional, kMaxContentBase64 + 4)) {
    if (auto bytes = auth::base64_decode(*encoded)) {
      c.content_sha256 = auth::sha256_hex(*bytes);
      c.content = std::move(*bytes);
    } else {
      f.add_error("content_base64", "must be the file's bytes in base64 (RFC 4648 §4, padded)");
    }
  }
  c.file_name = text(f, "file_name", kOptional, 200);
  c.media_type = text(f, "media_type", kOptional, 100);
  c.note = text(f, "note", kOptional);
  c.by = by(f, who);
  c.at = at(f, now);
  return c;
}

DocumentCommand parse_approve_version(http::JsonFields& f, const Now& now, const Subject& who) {
  return ApproveDocumentVersion{text(f, "version", kRequired, 40),
                                text(f, "approver", kRequired, kNameMax),
                                text(f, "note", kOptional), by(f, who), at(f, now)};
}

DocumentCommand parse_file(http::JsonFields& f, const Now& now, const Subject& who) {
  return FileDocument{text(f, "location", kRequired, 40), text(f, "label", kRequired, 200),
                      text(f, "index", kOptional, 200), by(f, who), at(f, now)};
}

DocumentCommand parse_retire(http::JsonFields& f, const Now& now, const Subject& who) {
  return RetireDocument{text(f, "reason", kRequired), by(f, who), at(f, now)};
}

MeetingCommand parse_record_minutes(http::JsonFields& f, const Now& now, const Subject& who) {
  RecordMinutes c;
  c.document_id = text(f, "document_id", kRequired, 64);
  c.document_version = text(f, "document_version", kRequired, 40);
  c.by = by(f, who);
  c.at = at(f, now);
  return c;
}

CheckoutCommand parse_return(http::JsonFields& f, const Now& now, const Subject& who) {
  return ReturnAsset{text(f, "note", kOptional), by(f, who), at(f, now)};
}

CheckoutCommand parse_check_consistency(http::JsonFields& f, const Now& now, const Subject& who) {
  return CheckConsistency{asset_files(f, "found", kRequired, true), text(f, "note", kOptional),
                          by(f, who), at(f, now)};
}

constexpr char kVerified[] = "verified";
constexpr char kScheduled[] = "scheduled";
constexpr char kApplied[] = "applied";
constexpr char kFailed[] = "failed";
constexpr char kNotApplicable[] = "not_applicable";

}  // namespace

std::optional<Date> date_field(http::JsonFields& f, const std::string& name, bool required) {
  auto value = f.string(name, required, 10);
  if (!value) return std::nullopt;
  auto parsed = calendar::parse_iso_date(*value);
  if (!parsed) {
    f.add_error(name, "must be a date as YYYY-MM-DD, e.g. 2026-07-15");
    return std::nullopt;
  }
  return *parsed;
}

std::vector<AssetFile> asset_files(http::JsonFields& f, const std::string& name, bool required,
                                   bool name_optional) {
  std::vector<AssetFile> files;
  const auto* array = f.array(name, required, 5000);
  if (!array) return files;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto prefix = name + "[" + std::to_string(i) + "].";
    if (!(*array)[i].is_object()) {
      f.add_error(prefix.substr(0, prefix.size() - 1), "must be an object {name, sha256}");
      continue;
    }
    http::JsonFields file((*array)[i], {}, prefix);
    AssetFile entry;
    entry.name = file.string("name", !name_optional, 500).value_or("");
    entry.sha256 = sha256_text(file, "sha256", kRequired);
    file.reject_unknown_fields();
    f.add_errors_of(file);
    files.push_back(std::move(entry));
  }
  return files;
}

bool is_association_document_command(const std::string& name) { return name == "approve"; }

const DocumentCommandTable& document_commands() {
  static const DocumentCommandTable table("document", "register",
                                          {{"add_version", parse_add_version},
                                           {"approve", parse_approve_version},
                                           {"file", parse_file},
                                           {"retire", parse_retire}});
  return table;
}

const MeetingCommandTable& meeting_commands() {
  static const MeetingCommandTable table("meeting", "record",
                                         {{"record_minutes", parse_record_minutes}});
  return table;
}

const CheckoutCommandTable& checkout_commands() {
  static const CheckoutCommandTable table(
      "check-out", "check_out",
      {{"return", parse_return}, {"check_consistency", parse_check_consistency}});
  return table;
}

bool is_association_command(const std::string& name) {
  return name == "approve" || name == "reject";
}

const ChangeCommandTable& change_commands() {
  static const ChangeCommandTable table("change", "register",
                                        {{"assess", parse_assess},
                                         {"approve", parse_approve},
                                         {"complete_phase", parse_complete_phase},
                                         {"skip_phase", parse_skip_phase},
                                         {"close", parse_ending<CloseChange>},
                                         {"reject", parse_ending<RejectChange>},
                                         {"withdraw", parse_ending<WithdrawChange>},
                                         {"add_work_package", parse_add_package},
                                         {"record_progress", parse_progress},
                                         {"record_actual", parse_actual},
                                         {"baseline", parse_baseline},
                                         {"rebaseline", parse_rebaseline}});
  return table;
}

const PatchCommandTable& patch_commands() {
  static const PatchCommandTable table("patch", "register",
                                       {{"assess", parse_patch_assess},
                                        {"decide_urgency", parse_patch_decide_urgency},
                                        {"record_verification", parse_patch_verification},
                                        {"attach_procedure", parse_patch_procedure},
                                        {"link_change", parse_patch_link_change},
                                        {"target", parse_patch_target},
                                        {"verify", parse_patch_rollout<kVerified>},
                                        {"schedule", parse_patch_rollout<kScheduled>},
                                        {"apply", parse_patch_rollout<kApplied>},
                                        {"fail", parse_patch_rollout<kFailed>},
                                        {"not_applicable", parse_patch_rollout<kNotApplicable>}});
  return table;
}

}  // namespace opsdesk::changes::api
