#include "services/inquiries/domain/words_ja.hpp"

#include <map>

namespace opsdesk::inquiries {

namespace {

std::string word(const std::map<std::string, std::string, std::less<>>& words,
                 const std::string& value) {
  auto it = words.find(value);
  return it == words.end() ? value : it->second;
}

}  // namespace

std::string status_ja(const std::string& status) {
  static const std::map<std::string, std::string, std::less<>> kWords{
      {"received", "受付"},
      {"in_progress", "対応中"},
      {"waiting_for_information", "情報待ち"},
      {"answered", "回答済"},
      {"closed", "完了"}};
  return word(kWords, status);
}

std::string class_ja(const std::string& inquiry_class) {
  static const std::map<std::string, std::string, std::less<>> kWords{
      {"", "未分類"},       {"fault", "障害"},          {"improvement", "改善要望"},
      {"question", "質問"}, {"out_of_scope", "対象外"}, {"unclassified", "未分類"}};
  return word(kWords, inquiry_class);
}

std::string channel_ja(const std::string& channel) {
  static const std::map<std::string, std::string, std::less<>> kWords{{"phone", "電話"},
                                                                      {"email", "メール"},
                                                                      {"web", "Web"},
                                                                      {"in_person", "対面"},
                                                                      {"other", "その他"}};
  return word(kWords, channel);
}

std::string effort_kind_ja(const std::string& kind) {
  static const std::map<std::string, std::string, std::less<>> kWords{{"handling", "対応"},
                                                                      {"investigation", "調査"},
                                                                      {"recording", "記録"},
                                                                      {"answer_review", "回答確認"},
                                                                      {"coordination", "調整"}};
  return word(kWords, kind);
}

}  // namespace opsdesk::inquiries
