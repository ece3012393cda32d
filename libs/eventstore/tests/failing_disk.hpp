#pragma once
// Test support: a disk that stops syncing, or fills up, under a running store, through
// RocksDB's own file system interface (StoreOptions::env = rocksdb::NewCompositeEnv(disk)).

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

// RocksDB's file system, except that while `full` is set the disk is full: every write to a
// file fails with ENOSPC (RocksDB's NoSpace) and the free space is 0; otherwise a terabyte is
// free, so that RocksDB's own recovery (which waits for free space) goes ahead.
class FullDiskFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  FullDiskFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FullDiskFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) override {
    auto status = target()->NewWritableFile(name, options, file, debug);
    if (status.ok()) *file = std::make_unique<File>(std::move(*file), full);
    return status;
  }

  rocksdb::IOStatus GetFreeSpace(const std::string& path, const rocksdb::IOOptions& options,
                                 std::uint64_t* free, rocksdb::IODebugContext* debug) override {
    if (*full) {
      *free = 0;
      return rocksdb::IOStatus::OK();
    }
    (void)path, (void)options, (void)debug;
    *free = std::uint64_t{1} << 40;
    return rocksdb::IOStatus::OK();
  }

  std::shared_ptr<std::atomic<bool>> full = std::make_shared<std::atomic<bool>>(false);

 private:
  class File final : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> file, std::shared_ptr<std::atomic<bool>> full)
        : FSWritableFileOwnerWrapper(std::move(file)), full_(std::move(full)) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override {
      if (*full_) return no_space();
      return FSWritableFileOwnerWrapper::Append(data, options, debug);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             const rocksdb::DataVerificationInfo& info,
                             rocksdb::IODebugContext* debug) override {
      if (*full_) return no_space();
      return FSWritableFileOwnerWrapper::Append(data, options, info, debug);
    }

   private:
    static rocksdb::IOStatus no_space() {
      return rocksdb::IOStatus::NoSpace("injected: No space left on device");
    }
    std::shared_ptr<std::atomic<bool>> full_;
  };
};

}  // namespace opsdesk::eventstore::testing
