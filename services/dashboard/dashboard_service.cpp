#include "services/dashboard/dashboard_service.hpp"

#include <map>

#include "services/dashboard/static_files.hpp"

namespace opsdesk::dashboard {

namespace {

using http::Request;
using http::Response;

// The page's own rules for the browser: scripts, styles and data from this server only, and
// never inside another site's frame.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

constexpr const char* kNotBuiltPage =
    "<!doctype html><meta charset=utf-8><title>opsdesk</title>"
    "<p>This opsdesk serves no dashboard: the setting <code>dashboard.dir</code> "
    "(<code>OPSDESK_DASHBOARD_DIR</code>) names none. Build it with <code>make web</code> and "
    "start with <code>--dashboard.dir web/dist</code> (<code>make run</code> does both).</p>";

Response file_response(const StaticFile& file) {
  Response response;
  response.status = 200;
  response.content_type = file.content_type;
  response.shared_body = file.bytes;
  response.set_header("Cache-Control",
                      file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Content-Security-Policy", kContentSecurityPolicy);
  response.set_header("Referrer-Policy", "no-referrer");
  return response;
}

class DashboardService final : public modules::Service {
 public:
  explicit DashboardService(std::map<std::string, StaticFile> files) : files_(std::move(files)) {}

  void add_routes(http::Router& router) override {
    if (files_.empty()) {
      router.add("GET", "/", http::Access::open(), [](const Request&) {
        return Response::text(200, kNotBuiltPage, "text/html; charset=utf-8");
      });
      return;
    }
    const StaticFile index = files_.at("/index.html");
    // The page and its hashed assets only: no catch-all, so an unknown path stays the API's
    // 404 (answered only to an authenticated caller), and a file at the top of the build other
    // than index.html is not served (web/README.md: import it, Vite puts it under assets/).
    router.add("GET", "/", http::Access::open(),
               [index](const Request&) { return file_response(index); });
    router.add("GET", "/assets/{file}", http::Access::open(),
               [files = files_](const Request& request) {
                 const auto found = files.find("/assets/" + request.path_params.at("file"));
                 if (found == files.end()) {
                   http::Problem problem;
                   problem.status = 404;
                   problem.type = http::problem_type("not-found");
                   problem.title = "Not found";
                   problem.detail = "no such file of the dashboard: " + request.path;
                   return problem.to_response(request.request_id);
                 }
                 return file_response(found->second);
               });
  }

 private:
  std::map<std::string, StaticFile> files_;
};

}  // namespace

modules::Module module(DashboardOptions options) {
  return {
      .name = "dashboard",
      .kind = modules::Kind::infrastructure,
      .description = "the operators' dashboard: the built web app (web/) at /",
      .openapi = "dashboard",
      .open = [options](modules::Context&)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        if (options.dir.empty())
          return std::make_unique<DashboardService>(std::map<std::string, StaticFile>{});
        auto files = load_static_files(options.dir);
        if (!files) return std::unexpected(modules::OpenError::settings(files.error()));
        return std::make_unique<DashboardService>(std::move(*files));
      },
  };
}

}  // namespace opsdesk::dashboard
