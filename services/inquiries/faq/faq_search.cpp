#include "services/inquiries/faq/faq_search.hpp"

#include <xapian.h>

#include <unordered_map>

namespace opsdesk::inquiries::faq {

namespace {

// Boolean terms: the entry's id (for replacing it), its associations, whether it is public,
// its category.
std::string id_term(const std::string& id) { return "Q" + id; }
std::string tenant_term(const std::string& tenant) { return "XT" + tenant; }
constexpr const char* kPublicTerm = "XP1";
std::string category_term(const std::string& category) { return "XC" + category; }

const Xapian::Stem& english() {
  static const Xapian::Stem stem("english");
  return stem;
}

}  // namespace

struct FaqSearch::Index {
  // The version indexed of each entry: commands may finish out of order, an older state never
  // replaces a newer one.
  std::unordered_map<std::string, std::uint64_t> versions;
  // In memory: the index is rebuilt from the events at every start, so nothing on disk is owed.
  Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
};

FaqSearch::FaqSearch() : index_(std::make_unique<Index>()) {}
FaqSearch::~FaqSearch() = default;

void FaqSearch::upsert(const FaqEntryState& entry) {
  std::lock_guard lock(mutex_);
  auto& db = index_->db;
  auto& indexed = index_->versions[entry.id];
  if (indexed >= entry.version) return;
  indexed = entry.version;
  if (entry.retired) {
    db.delete_document(id_term(entry.id));
    return;
  }
  Xapian::Document document;
  document.set_data(entry.id);
  Xapian::TermGenerator terms;
  terms.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  terms.set_stemmer(english());
  terms.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  terms.set_document(document);
  terms.index_text(entry.question, 2);  // a word of the question counts twice
  terms.increase_termpos();
  terms.index_text(entry.answer);
  terms.increase_termpos();
  terms.index_text(entry.category);
  document.add_boolean_term(id_term(entry.id));
  for (const auto& tenant : entry.tenants) document.add_boolean_term(tenant_term(tenant));
  if (entry.is_public) document.add_boolean_term(kPublicTerm);
  document.add_boolean_term(category_term(entry.category));
  db.replace_document(id_term(entry.id), document);
}

std::size_t FaqSearch::size() const {
  std::lock_guard lock(mutex_);
  return index_->db.get_doccount();
}

std::expected<std::vector<FaqSearch::Hit>, std::string> FaqSearch::search(
    const Query& query) const {
  std::lock_guard lock(mutex_);
  const auto& db = index_->db;
  try {
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(english());
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(Xapian::Query::OP_AND);
    auto matched = parser.parse_query(
        query.words, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM);

    // Which entries the viewer may see: its associations' and every association's; the public
    // ones unless it is the desk.
    std::vector<Xapian::Query> scope{Xapian::Query(tenant_term(std::string(kEveryAssociation)))};
    if (query.all_tenants) {
      scope.clear();
    } else {
      for (const auto& tenant : query.tenants) scope.emplace_back(tenant_term(tenant));
    }
    if (!scope.empty())
      matched = Xapian::Query(Xapian::Query::OP_FILTER, matched,
                              Xapian::Query(Xapian::Query::OP_OR, scope.begin(), scope.end()));
    if (!query.include_internal)
      matched = Xapian::Query(Xapian::Query::OP_FILTER, matched, Xapian::Query(kPublicTerm));
    if (!query.category.empty())
      matched = Xapian::Query(Xapian::Query::OP_FILTER, matched,
                              Xapian::Query(category_term(query.category)));

    Xapian::Enquire enquire(db);
    enquire.set_query(matched);
    const auto found = enquire.get_mset(0, static_cast<Xapian::doccount>(query.limit));
    std::vector<Hit> hits;
    for (auto it = found.begin(); it != found.end(); ++it)
      hits.push_back({it.get_document().get_data(), it.get_percent()});
    return hits;
  } catch (const Xapian::QueryParserError& e) {
    return std::unexpected("the words cannot be read as a query: " + e.get_msg());
  }
}

}  // namespace opsdesk::inquiries::faq
