#pragma once
// Where RocksDB's own messages go: into the process's structured log (warnings and errors; its
// chatty info lines are dropped), not into a LOG file in the data directory. A LOG file shares
// the data's disk: once that disk is full, RocksDB's next message to it (the one reporting the
// full disk) trips an assertion in Debian's librocksdb and aborts the whole process.

#include <rocksdb/env.h>

#include <memory>
#include <string>

namespace opsdesk::eventstore {

// For rocksdb::Options::info_log of every database the process opens; `database` names it in
// each line (its path).
std::shared_ptr<rocksdb::Logger> structured_rocksdb_log(std::string database);

}  // namespace opsdesk::eventstore
