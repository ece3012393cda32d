#pragma once
// The changes API's command bodies: which commands there are (POST /v1/changes/{id}/{command},
// POST /v1/patches/{id}/{command}) and how each body becomes a command. Rules that need the
// change's state are the decider's; registering (POST /v1/changes) resolves configuration items and
// is change_routes.cpp's.

#include <string>

#include "libs/aggregate/command_table.hpp"
#include "services/changes/domain/change.hpp"
#include "services/changes/domain/patch.hpp"

namespace opsdesk::changes::api {

// Context: the time now, the caller's `sub` (the default `by`).
using ChangeCommandTable = aggregate::CommandTable<ChangeCommand, core::Instant, std::string>;
const ChangeCommandTable& change_commands();

// POST /v1/patches/{id}/{command}. The parsers leave configuration items as the caller named
// them (codes or ids); patch_routes.cpp looks them up in the book.
using PatchCommandTable = aggregate::CommandTable<PatchCommand, core::Instant, std::string>;
const PatchCommandTable& patch_commands();

// The commands an association's administrator may give (its side approves or turns down).
bool is_association_command(const std::string& name);

// A date field ("2026-07-15"); the error shows the form.
std::optional<Date> date_field(http::JsonFields& f, const std::string& name, bool required);

}  // namespace opsdesk::changes::api
