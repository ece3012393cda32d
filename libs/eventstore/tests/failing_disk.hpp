#pragma once
// Test support: a disk that stops syncing under a running store, through RocksDB's own file
// system interface (StoreOptions::env = rocksdb::NewCompositeEnv(disk)).

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <atomic>
#include <memory>
#include <string>

namespace opsdesk::eventstore::testing {

// RocksDB's file system, except that syncing a WAL file fails while `failing` is set.
class FailingSyncFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  FailingSyncFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FailingSyncFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) override {
    auto status = target()->NewWritableFile(name, options, file, debug);
    if (status.ok() && name.ends_with(".log"))
      *file = std::make_unique<WalFile>(std::move(*file), failing);
    return status;
  }

  std::shared_ptr<std::atomic<bool>> failing = std::make_shared<std::atomic<bool>>(false);

 private:
  class WalFile final : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    WalFile(std::unique_ptr<rocksdb::FSWritableFile> file,
            std::shared_ptr<std::atomic<bool>> failing)
        : FSWritableFileOwnerWrapper(std::move(file)), failing_(std::move(failing)) {}
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
      if (*failing_) return rocksdb::IOStatus::IOError("injected: the disk did not sync");
      return FSWritableFileOwnerWrapper::Sync(options, debug);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                            rocksdb::IODebugContext* debug) override {
      if (*failing_) return rocksdb::IOStatus::IOError("injected: the disk did not sync");
      return FSWritableFileOwnerWrapper::Fsync(options, debug);
    }

   private:
    std::shared_ptr<std::atomic<bool>> failing_;
  };
};

}  // namespace opsdesk::eventstore::testing
