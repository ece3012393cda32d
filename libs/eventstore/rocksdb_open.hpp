#pragma once
// Why a RocksDB database (an event store or a read model's view) did not open, in words an
// operator can act on. The common case after a start that did not stop the last one: another
// process holds the directory's LOCK file, and RocksDB says only "lock hold by current process"
// or "While lock file: …/LOCK: Resource temporarily unavailable".

#include <rocksdb/status.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace opsdesk::eventstore {

// "cannot open <what> at <path>: <why>".
std::string describe_open_failure(std::string_view what, const std::filesystem::path& path,
                                  const rocksdb::Status& status);

}  // namespace opsdesk::eventstore
