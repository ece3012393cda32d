#pragma once
// The scheduling API's command bodies: which commands there are (POST /v1/schedule/tasks,
// …/tasks/{id}/{command}, …/occurrences/{id}/{command}) and how each body becomes a command.
// Rules that need a task's or occurrence's state are the deciders'.

#include <string>

#include "libs/aggregate/command_table.hpp"
#include "services/scheduling/domain/occurrence.hpp"
#include "services/scheduling/domain/task.hpp"

namespace opsdesk::scheduling::api {

// Context: the task id, the time now, the caller's `sub` (the default `by`).
using TaskCommandTable =
    aggregate::CommandTable<TaskCommand, std::string, core::Instant, std::string>;
const TaskCommandTable& task_commands();

// Context: the occurrence as planned now, the time now, the caller's `sub`. A reschedule's new
// due time is the caller's to compute (it needs the calendar).
using OccurrenceCommandTable =
    aggregate::CommandTable<OccurrenceCommand, PlannedOccurrence, core::Instant, std::string>;
const OccurrenceCommandTable& occurrence_commands();

}  // namespace opsdesk::scheduling::api
