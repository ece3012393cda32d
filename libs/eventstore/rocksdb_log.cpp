#include "libs/eventstore/rocksdb_log.hpp"

#include <cstdarg>
#include <cstdio>
#include <string_view>

#include "libs/observability/log.hpp"

namespace opsdesk::eventstore {

namespace {

class StructuredRocksdbLog final : public rocksdb::Logger {
 public:
  explicit StructuredRocksdbLog(std::string database)
      : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL), database_(std::move(database)) {}

  // Without a level RocksDB means info.
  void Logv(const char* format, va_list ap) override {
    Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
  }

  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    if (level < GetInfoLogLevel() || level == rocksdb::InfoLogLevel::HEADER_LEVEL) return;
    char text[1024];
    va_list copy;
    va_copy(copy, ap);
    const int written = std::vsnprintf(text, sizeof text, format, copy);
    va_end(copy);
    if (written < 0) return;
    const std::string_view message(text, std::min<std::size_t>(written, sizeof text - 1));
    const auto ours = level >= rocksdb::InfoLogLevel::ERROR_LEVEL ? observability::LogLevel::error
                                                                  : observability::LogLevel::warn;
    observability::log(ours, "rocksdb", {{"database", database_}, {"detail", message}});
  }

 private:
  std::string database_;
};

}  // namespace

std::shared_ptr<rocksdb::Logger> structured_rocksdb_log(std::string database) {
  return std::make_shared<StructuredRocksdbLog>(std::move(database));
}

}  // namespace opsdesk::eventstore
