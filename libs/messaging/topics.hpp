#pragma once
// The names events travel under on Kafka: one topic per command domain, versioned so that a
// breaking change gets a new topic beside the old one. Pure naming; never opens a connection.

#include <string>
#include <string_view>

namespace opsdesk::messaging {

// "incidents" -> "opsdesk.incidents.events.v1"
inline std::string topic_for(std::string_view domain) {
  return "opsdesk." + std::string(domain) + ".events.v1";
}

// "kafka/opsdesk.incidents.events.v1/3": where a Kafka feed keeps its resume offset for a
// partition.
inline std::string checkpoint_key_for(std::string_view topic, int partition) {
  return "kafka/" + std::string(topic) + "/" + std::to_string(partition);
}

}  // namespace opsdesk::messaging
