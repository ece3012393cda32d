#pragma once
// HTTP bodies to inquiry commands: field presence, JSON types, lengths and enumerations (the
// table, libs/aggregate/command_table.hpp, reports them and unknown fields at once as a 422).
// Rules that need the inquiry's state or the tenant registry are the decider's.

#include <string>

#include "libs/aggregate/command_table.hpp"
#include "libs/core/instant.hpp"
#include "services/inquiries/domain/commands.hpp"

namespace opsdesk::inquiries::api {

// The inquiry commands: "receive" is the command of POST /v1/inquiries, the others those of
// POST /v1/inquiries/{id}/{command}. Each parser is given the inquiry's id and the time now
// (optional times, "at" and "received_at", default to it).
using InquiryCommands = aggregate::CommandTable<InquiryCommand, std::string, core::Instant>;
const InquiryCommands& command_table();

}  // namespace opsdesk::inquiries::api
