#include "services/notifier/smtp_client.hpp"

#include <curl/curl.h>

#include <cstring>
#include <memory>

namespace opsdesk::notifier {

namespace {

struct CurlSetup {
  CurlSetup() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

struct Payload {
  const std::string& text;
  std::size_t sent = 0;
};

std::size_t read_payload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& payload = *static_cast<Payload*>(user);
  const std::size_t room = size * count;
  const std::size_t left = payload.text.size() - payload.sent;
  const std::size_t n = std::min(room, left);
  std::memcpy(buffer, payload.text.data() + payload.sent, n);
  payload.sent += n;
  return n;
}

}  // namespace

std::expected<void, std::string> send_mail(const SmtpRelay& relay,
                                           const std::vector<std::string>& recipients,
                                           const std::string& message) {
  static const CurlSetup setup;
  if (relay.url.empty()) return std::unexpected(std::string("no SMTP relay is configured"));
  if (recipients.empty()) return std::unexpected(std::string("no recipients"));
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return std::unexpected(std::string("libcurl could not start"));
  curl_slist* rcpt = nullptr;
  for (const auto& r : recipients) rcpt = curl_slist_append(rcpt, ("<" + r + ">").c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt_list(rcpt, &curl_slist_free_all);
  Payload payload{message};
  char error[CURL_ERROR_SIZE] = {0};
  const std::string from = "<" + relay.sender + ">";
  curl_easy_setopt(curl.get(), CURLOPT_URL, relay.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, rcpt_list.get());
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, read_payload);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &payload);
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(relay.timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  const auto result = curl_easy_perform(curl.get());
  if (result != CURLE_OK)
    return std::unexpected("SMTP relay " + relay.url + ": " +
                           (error[0] != '\0' ? std::string(error) : curl_easy_strerror(result)));
  return {};
}

}  // namespace opsdesk::notifier
