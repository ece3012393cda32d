#pragma once
// How the SLA view writes numbers and instants in its keys and values.

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "libs/core/instant.hpp"

namespace opsdesk::sla::view_text {

// Zero-padded, so that key order is number order.
inline std::string padded(std::uint64_t number) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(number));
  return digits;
}

// An instant as padded Unix micros: the events' times lie after 1970 (commands name times near
// the contract term), so their micros are positive and the digits sort as time does.
inline std::string padded_micros(core::Instant at) {
  return padded(static_cast<std::uint64_t>(core::to_unix_micros(at)));
}

inline core::Instant micros_instant(std::string_view micros) {
  return core::from_unix_micros(std::stoll(std::string(micros)));
}

}  // namespace opsdesk::sla::view_text
