#pragma once
// Sends one message through an SMTP relay with libcurl: STARTTLS when the relay offers it, a
// timeout, and the relay's refusal in the error. The notifier's only network edge.

#include <chrono>
#include <expected>
#include <string>
#include <vector>

namespace opsdesk::notifier {

struct SmtpRelay {
  std::string url;     // "smtp://relay.example:25" (empty: mail is not configured)
  std::string sender;  // the envelope and header sender, e.g. "opsdesk@centre.example"
  std::chrono::seconds timeout{30};
};

std::expected<void, std::string> send_mail(const SmtpRelay& relay,
                                           const std::vector<std::string>& recipients,
                                           const std::string& message);

}  // namespace opsdesk::notifier
