#pragma once
// `opsdesk replay --projection NAME [--verify]`: rebuilds a projection's view from scratch out
// of the event stores under the data directory (the process serving them must be stopped:
// RocksDB allows one writer) and prints what it did and how fast. With --verify it rebuilds
// beside the live view instead and compares their checksums (exit 1 when they differ). With
// kafka.brokers set it clears the view, and the board rebuilds from the earliest offsets on its
// next start (the events are in the topics, not in a local store).

#include <string>

#include "cmd/opsdesk/settings.hpp"

namespace opsdesk::cli {

// Returns the exit code: 0 done (or identical), 1 failed (or different), 2 unknown projection.
int replay_projection(const Settings& settings, const std::string& projection_name,
                      bool verify_only);

}  // namespace opsdesk::cli
