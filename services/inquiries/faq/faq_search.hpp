#pragma once
// FAQ search (4.(2)④エ): a Xapian index of the entries' questions, answers and categories, in
// memory, built from the events at start (by the service, with the FAQ list) and updated after
// every accepted FAQ command, so it
// never disagrees with the streams and a restart rebuilds it. Japanese has no spaces between
// words: Xapian's CJK n-grams index every character and pair of characters of a CJK span, and
// queries are parsed the same way, so "パスワード" finds "パスワードの再設定方法を教えてください".
// English words are stemmed ("passwords" finds "password").

#include <cstddef>
#include <expected>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "services/inquiries/faq/faq_domain.hpp"

namespace opsdesk::inquiries::faq {

class FaqSearch {
 public:
  FaqSearch();
  ~FaqSearch();

  // Indexes the entry as it now is (a newer version replaces the older); a retired one leaves.
  void upsert(const FaqEntryState& entry);
  std::size_t size() const;

  struct Query {
    std::string words;
    bool include_internal = false;     // entries not public (the desk's own)
    std::vector<std::string> tenants;  // the viewer's associations, unless all_tenants
    bool all_tenants = false;
    std::string category;  // empty: any
    std::size_t limit = 20;
  };
  struct Hit {
    std::string faq_id;
    int percent = 0;  // Xapian's relevance, 0-100
  };
  // Best first; the error says what in `words` the query parser could not read.
  std::expected<std::vector<Hit>, std::string> search(const Query& query) const;

 private:
  struct Index;
  mutable std::mutex mutex_;  // a Xapian database is not thread-safe
  std::unique_ptr<Index> index_;
};

}  // namespace opsdesk::inquiries::faq
