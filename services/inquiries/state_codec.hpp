#pragma once
// An inquiry's folded state in bytes and back (services/inquiries/inquiry_state.proto), for the
// stream snapshots the shared command plumbing keeps (libs/aggregate/repository.hpp). Exact:
// decoding what was encoded gives the same state.

#include <expected>
#include <string>
#include <string_view>

#include "services/inquiries/domain/state.hpp"

namespace opsdesk::inquiries {

std::string encode_state(const InquiryState& state);
// The error says why the bytes are not an inquiry state.
std::expected<InquiryState, std::string> decode_state(std::string_view bytes);

}  // namespace opsdesk::inquiries
