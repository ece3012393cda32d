#pragma once
// The built dashboard (web/dist) held in memory: a few files, read once at start, so serving
// them is a lookup and a shared buffer, never a disk read on a request.

#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace opsdesk::dashboard {

struct StaticFile {
  std::shared_ptr<const std::string> bytes;
  std::string content_type;
  // Vite names assets by their content hash: those never change and may be kept for a year;
  // index.html names the current ones and must be asked again every time.
  bool immutable = false;
};

// Every file under `dir` by its URL path ("/index.html", "/assets/index-3f2a.js"). An error
// names the directory and what is missing (no index.html: the dashboard was not built).
std::expected<std::map<std::string, StaticFile>, std::string> load_static_files(
    const std::filesystem::path& dir);

// The Content-Type of a file name by its extension; application/octet-stream when unknown.
std::string content_type_of(const std::filesystem::path& file);

}  // namespace opsdesk::dashboard
