#include "services/inquiries/inquiry_index.hpp"

#include <algorithm>
#include <string_view>

namespace opsdesk::inquiries {

namespace {

// Only ASCII is folded: Japanese has no case, and folding bytes of UTF-8 sequences would break
// them.
std::string ascii_lower(std::string text) {
  std::ranges::transform(text, text.begin(), [](unsigned char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
  });
  return text;
}

}  // namespace

InquirySummary summarize(const InquiryState& s) {
  return InquirySummary{
      .id = s.id,
      .version = s.version,
      .status = s.status,
      .tenant = s.tenant,
      .channel = s.channel,
      .received_at = s.received_at,
      .requester_name = s.requester_name,
      .subject = s.subject,
      .inquiry_class = s.inquiry_class,
      .incident_id = s.incident_id,
      .first_answered_at = s.first_answered_at,
      .searchable_text = ascii_lower(s.subject + "\n" + s.body + "\n" + s.requester_name + "\n" +
                                     s.requester_role),
  };
}

bool mentions(const InquirySummary& summary, const std::string& words) {
  // Every word must occur; words are separated by spaces, the ideographic one (U+3000) too.
  const std::string text = ascii_lower(words);
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    std::size_t gap = 0;
    for (; end < text.size(); ++end) {
      if (text[end] == ' ' || text[end] == '\t') {
        gap = 1;
        break;
      }
      if (text.compare(end, kIdeographicSpace.size(), kIdeographicSpace) == 0) {
        gap = kIdeographicSpace.size();
        break;
      }
    }
    if (end > start &&
        summary.searchable_text.find(text.substr(start, end - start)) == std::string::npos)
      return false;
    start = end + gap;
  }
  return true;
}

}  // namespace opsdesk::inquiries
