#pragma once
// The mails the notifier sends, composed from what the events say (pure): the service-stop
// notice before a window that stops an association's service, and the service-resumed mail
// (仕様書 4.(5)④) when such a window is completed. Japanese text; the message as RFC 5322 text
// in UTF-8 (subject in RFC 2047 encoded words, body in base64), with a Message-ID made from the
// event that called for it, so that a mail sent again after a crash is recognisably the same.

#include <string>
#include <string_view>
#include <vector>

#include "libs/core/instant.hpp"

namespace opsdesk::notifier {

inline constexpr std::string_view kServiceStopNotice = "service_stop_notice";
inline constexpr std::string_view kServiceResumed = "service_resumed";

inline constexpr std::string_view kAboutWindow = "window";
inline constexpr std::string_view kAboutIncident = "incident";

// A mail owed to one association, as the notifier's view keeps it.
struct PendingMail {
  std::string key;     // "<kind>/window/<window id>/<tenant>", "<kind>/incident/<id>/<n>/<tenant>"
  std::string kind;    // service_stop_notice | service_resumed
  std::string tenant;  // association code
  std::string about = std::string(kAboutWindow);  // window | incident (a fault that stopped it)
  std::string window_id;                          // the window's or the incident's id
  std::string title;
  core::Instant planned_start{};  // a window's planned period; an incident's occurred_at (both)
  core::Instant planned_end{};
  core::Instant completed_at{};  // service_resumed: when the work ended, or the fault was restored
  std::string note;              // service_resumed: the completion note
  std::string cause_stream_id;
  std::string cause_event_id;
};

struct Mail {
  std::string subject;
  std::string body;
  std::string message_id;  // "<cause event id>.<tenant>@opsdesk"
};

Mail compose(const PendingMail& pending);

// The message as sent: headers (From, To, Subject, Date, Message-ID, MIME) and the body.
std::string rfc5322_message(const Mail& mail, std::string_view sender,
                            const std::vector<std::string>& recipients, core::Instant date);

}  // namespace opsdesk::notifier
