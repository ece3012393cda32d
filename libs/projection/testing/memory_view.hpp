#pragma once
// Test support: a view in memory, as the projection runtime gives one to apply() (scan hands the
// key after the prefix, in key order), so a projection's tests need no RocksDB.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "libs/projection/projection.hpp"

namespace opsdesk::projection::testing {

class MemoryView final : public ViewWriter {
 public:
  std::optional<std::string> get(std::string_view key) const override {
    auto it = entries_.find(std::string(key));
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }
  void scan(std::string_view prefix,
            const std::function<bool(std::string_view, std::string_view)>& visit) const override {
    for (auto it = entries_.lower_bound(std::string(prefix));
         it != entries_.end() && it->first.starts_with(prefix); ++it) {
      if (!visit(std::string_view(it->first).substr(prefix.size()), it->second)) return;
    }
  }
  void put(std::string_view key, std::string_view value) override {
    entries_[std::string(key)] = std::string(value);
  }
  void erase(std::string_view key) override { entries_.erase(std::string(key)); }

 private:
  std::map<std::string, std::string, std::less<>> entries_;
};

}  // namespace opsdesk::projection::testing
