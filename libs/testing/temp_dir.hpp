#pragma once
// A directory of its own for one test (a store, a view, an opsdesk process's data), removed
// with everything in it when the test ends. Every test of the project uses this one.

#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace opsdesk::testing {

class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("opsdesk-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()) + "-" +
             std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace opsdesk::testing
