#pragma once
// Durations as people read them in answers and reports.

#include <chrono>
#include <string>

namespace opsdesk::core {

// Hours, minutes and seconds, largest first, zero parts left out: "1h15m", "31h", "1h0m30s",
// "45s", "0s"; fractions of a second are dropped; a negative duration gets a leading "-".
std::string duration_text(std::chrono::microseconds duration);
// The same in Japanese to the minute, for reports and evidence read by people: "1時間23分",
// "17時間", "45分", "0分"; seconds dropped, so minutes are rounded down; a negative duration
// gets a leading "-".
std::string duration_text_ja(std::chrono::microseconds duration);

}  // namespace opsdesk::core
