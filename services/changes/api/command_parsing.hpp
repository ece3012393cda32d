#pragma once
// The changes API's command bodies: which commands there are (POST /v1/changes/{id}/{command},
// /v1/patches/…, /v1/documents/…, /v1/meetings/…, /v1/checkouts/…) and how each body becomes a
// command. Rules that need the
// change's state are the decider's; registering (POST /v1/changes) resolves configuration items and
// is change_routes.cpp's.

#include <string>

#include "libs/aggregate/command_table.hpp"
#include "services/changes/domain/change.hpp"
#include "services/changes/domain/checkout.hpp"
#include "services/changes/domain/document.hpp"
#include "services/changes/domain/meeting.hpp"
#include "services/changes/domain/patch.hpp"

namespace opsdesk::changes::api {

// Context: the time now, the caller's `sub` (the default `by`).
using ChangeCommandTable = aggregate::CommandTable<ChangeCommand, core::Instant, std::string>;
const ChangeCommandTable& change_commands();

// POST /v1/patches/{id}/{command}. The parsers leave configuration items as the caller named
// them (codes or ids); patch_routes.cpp looks them up in the book.
using PatchCommandTable = aggregate::CommandTable<PatchCommand, core::Instant, std::string>;
const PatchCommandTable& patch_commands();

// POST /v1/documents/{id}/{command}: add_version (a version's bytes come as content_base64; their
// SHA-256 is computed here), approve, file, retire.
using DocumentCommandTable = aggregate::CommandTable<DocumentCommand, core::Instant, std::string>;
const DocumentCommandTable& document_commands();

// POST /v1/meetings/{id}/{command}: record_minutes (the route looks the document up).
using MeetingCommandTable = aggregate::CommandTable<MeetingCommand, core::Instant, std::string>;
const MeetingCommandTable& meeting_commands();

// POST /v1/checkouts/{id}/{command}: return, check_consistency.
using CheckoutCommandTable = aggregate::CommandTable<CheckoutCommand, core::Instant, std::string>;
const CheckoutCommandTable& checkout_commands();

// A list of files [{name, sha256}] (a check-out's master, what was found); a name may be left out
// where `name_optional`. Hashes are taken in either case and kept in lower case.
std::vector<AssetFile> asset_files(http::JsonFields& f, const std::string& name, bool required,
                                   bool name_optional);

// The commands an association's administrator may give (its side approves or turns down).
bool is_association_command(const std::string& name);
// Of a document: the association side approves its versions (仕様書 4.(1)②シ).
bool is_association_document_command(const std::string& name);

// A date field ("2026-07-15"); the error shows the form.
std::optional<Date> date_field(http::JsonFields& f, const std::string& name, bool required);

}  // namespace opsdesk::changes::api
