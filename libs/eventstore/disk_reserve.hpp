#pragma once
// The free space a RocksDB database keeps in reserve on its disk. Its writes are refused while
// the disk has less (the store answers 503, a projection waits) instead of RocksDB meeting a
// full disk mid-write: Debian's librocksdb, built with assertions, aborts the process on the
// next write to a WAL that once failed, which a full disk can cause (DB::Resume switches to a
// new WAL only when it has something to flush). 64 MiB also covers what RocksDB itself wants
// free before it resumes after such an error (its write buffers).

#include <rocksdb/env.h>

#include <cstdint>
#include <optional>
#include <string>

#include "libs/eventstore/event_store.hpp"  // kDefaultMinFreeBytes

namespace opsdesk::eventstore {

class DiskReserve {
 public:
  // `env` null: the default environment. `min_free` 0: no reserve.
  DiskReserve(rocksdb::Env* env, std::string path, std::uint64_t min_free)
      : env_(env != nullptr ? env : rocksdb::Env::Default()),
        path_(std::move(path)),
        min_free_(min_free) {}

  // Why a write must wait (the disk has less free than the reserve), or nothing.
  std::optional<std::string> shortfall() const {
    if (min_free_ == 0) return std::nullopt;
    std::uint64_t free = 0;
    if (!env_->GetFreeSpace(path_, &free).ok() || free >= min_free_) return std::nullopt;
    return "the disk holding " + path_ + " has " + std::to_string(free >> 20) +
           " MiB free, less than the " + std::to_string(min_free_ >> 20) +
           " MiB kept in reserve; writes resume by themselves once space is freed";
  }

 private:
  rocksdb::Env* env_;
  std::string path_;
  std::uint64_t min_free_;
};

}  // namespace opsdesk::eventstore
