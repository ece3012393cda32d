#pragma once
// The dashboard module: serves the built single-page app (web/, built into web/dist) at `/`.
// Its files are public (a login page has to load before anyone has a token); every piece of
// data it shows comes from the API with the user's bearer token. Without `dashboard.dir` the
// page at `/` says how to build and name it.

#include <filesystem>

#include "libs/modules/module.hpp"

namespace opsdesk::dashboard {

struct DashboardOptions {
  std::filesystem::path dir;  // the built app (index.html, assets/); empty: not served
};

modules::Module module(DashboardOptions options);

}  // namespace opsdesk::dashboard
