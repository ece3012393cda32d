#pragma once
// SIGTERM and SIGINT end opsdesk's long-running commands (serve, dev-broker) cleanly: they are
// blocked in every thread and received by one sigwait, never by an asynchronous handler.

namespace opsdesk::cli {

// Call before any thread starts, so every thread inherits the mask.
void block_stop_signals();
// Waits for SIGTERM or SIGINT (blocked beforehand) and returns which came.
int wait_for_stop_signal();

}  // namespace opsdesk::cli
