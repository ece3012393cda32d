#pragma once
// Runs another program as a child process and collects what it printed: for the tools opsdesk
// drives rather than links (osslsigncode). No shell: the arguments go to the program as they
// are. A child that outlives its timeout is killed (SIGKILL) and the run is an error.

#include <chrono>
#include <expected>
#include <string>
#include <vector>

namespace opsdesk::process {

struct Finished {
  int exit_code = 0;   // the program's exit status; 128 + N when a signal N ended it
  std::string output;  // stdout and stderr as they came, interleaved
};

// `argv[0]` is the program (looked up on PATH when it has no '/'). The error says why it could
// not be run or that it timed out. At most `max_output` bytes are kept (the rest is read and
// dropped, so the child never blocks on a full pipe).
std::expected<Finished, std::string> run(const std::vector<std::string>& argv,
                                         std::chrono::milliseconds timeout,
                                         std::size_t max_output = 1 << 20);

}  // namespace opsdesk::process
