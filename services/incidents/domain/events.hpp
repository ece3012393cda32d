#pragma once
// The incident's events: the sum type of the published contract
// (services/incidents/contract/incident_events.hpp over proto-schemas/opsdesk/incidents/v1/).

#include "services/incidents/contract/incident_events.hpp"
