#include "cmd/opsdesk/module_list.hpp"

#include <stdexcept>

#include "cmd/opsdesk/calendar_routes.hpp"
#include "cmd/opsdesk/sla_setup.hpp"
#include "libs/sla/definitions_file.hpp"
#include "services/incidents/incidents_service.hpp"
#include "services/ops-board/ops_board_service.hpp"
#include "services/sla-metrics/sla_metrics_service.hpp"
#include "services/sla-watch/sla_watch_service.hpp"

namespace opsdesk::cli {

namespace {

std::vector<modules::Module> modules_of(const Settings& s) {
  return {
      // `all` is every service of the desk on one machine (make run).
      {.name = "all",
       .kind = modules::Kind::group,
       .description = "every service on one machine",
       .members = {"incidents", "ops-board", "sla-metrics", "sla-watch", "calendar"}},
      incidents::module({.data_dir = s.data_dir, .sync = s.eventstore_sync}),
      ops_board::module({.data_dir = s.data_dir, .max_wait = s.read_your_writes_wait}),
      sla_metrics::module({.data_dir = s.data_dir,
                           .max_wait = s.read_your_writes_wait,
                           .term_start = s.sla_term_start,
                           .term_end = s.sla_term_end,
                           .changed_by = sla_settings_changed_by(s)}),
      sla_watch::module(
          {.data_dir = s.data_dir, .sync = s.eventstore_sync, .max_wait = s.read_your_writes_wait}),
      sla::definitions_module(s.sla_definitions_file),
      calendar_module(),
  };
}

}  // namespace

modules::ModuleTable module_table(const Settings& settings) {
  auto table = modules::ModuleTable::create(modules_of(settings));
  // A broken table is a bug of this file, which the tests of every target find.
  if (!table) throw std::logic_error("the module table is broken: " + table.error());
  return std::move(*table);
}

}  // namespace opsdesk::cli
