#include "libs/eventstore/rocksdb_open.hpp"

namespace opsdesk::eventstore {

namespace {

bool lock_is_held(const rocksdb::Status& status) {
  if (!status.IsIOError()) return false;
  const auto text = status.ToString();
  return text.find("LOCK") != std::string::npos || text.find("lock hold") != std::string::npos;
}

}  // namespace

std::string describe_open_failure(std::string_view what, const std::filesystem::path& path,
                                  const rocksdb::Status& status) {
  std::string text = "cannot open " + std::string(what) + " at " + path.string() + ": ";
  if (lock_is_held(status))
    return text +
           "another process (another opsdesk?) is using it; stop that one first or choose "
           "another data directory (--data-dir, OPSDESK_DATA_DIR)";
  return text + status.ToString();
}

}  // namespace opsdesk::eventstore
