#include "services/dashboard/static_files.hpp"

#include <fstream>
#include <sstream>

namespace opsdesk::dashboard {

namespace {

constexpr std::uintmax_t kMaxFileBytes = 16u << 20;  // a built asset is far smaller

}  // namespace

std::string content_type_of(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> kTypes{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  const auto found = kTypes.find(file.extension().string());
  return found == kTypes.end() ? "application/octet-stream" : found->second;
}

std::expected<std::map<std::string, StaticFile>, std::string> load_static_files(
    const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(dir / "index.html", ec))
    return std::unexpected("dashboard.dir: " + dir.string() +
                           " has no index.html (build the dashboard: make web)");
  std::map<std::string, StaticFile> files;
  for (auto entry = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && entry != std::filesystem::recursive_directory_iterator(); entry.increment(ec)) {
    if (!entry->is_regular_file()) continue;
    const auto relative = std::filesystem::relative(entry->path(), dir).generic_string();
    if (entry->file_size() > kMaxFileBytes)
      return std::unexpected("dashboard.dir: " + entry->path().string() + " is larger than " +
                             std::to_string(kMaxFileBytes >> 20) + " MiB");
    std::ifstream in(entry->path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in && !in.eof())
      return std::unexpected("dashboard.dir: cannot read " + entry->path().string());
    files["/" + relative] = StaticFile{
        .bytes = std::make_shared<const std::string>(std::move(bytes).str()),
        .content_type = content_type_of(entry->path()),
        .immutable = relative.starts_with("assets/"),
    };
  }
  if (ec)
    return std::unexpected("dashboard.dir: cannot list " + dir.string() + ": " + ec.message());
  return files;
}

}  // namespace opsdesk::dashboard
