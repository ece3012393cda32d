// FAQ search (issue 17 §4, docs/performance.md "FAQ search"): the Xapian index the inquiries
// service keeps (services/inquiries/faq/faq_search.hpp) over 10,000 entries of Japanese and
// English text, searched by an association with the words people type; the reference, measured
// in the same run, is a plain scan of the same entries for the same words. Prints latency
// percentiles, the ratio to the reference and whether p99 <= 20 ms holds. Never fails on a
// figure.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "services/inquiries/faq/faq_search.hpp"

namespace {

using opsdesk::inquiries::faq::FaqEntryState;
using opsdesk::inquiries::faq::FaqSearch;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kEntries = 10'000;
constexpr int kRounds = 5;
constexpr double kTargetP99Ms = 20.0;

const std::vector<std::string> kTopics{
    "パスワード", "帳票",   "給付計算", "ログイン", "印刷",     "年金",         "貸付",
    "住所変更",   "扶養",   "掛金",     "組合員証", "端末",     "バックアップ", "ウイルス対策",
    "証明書",     "メール", "月次処理", "年次処理", "障害連絡", "データ移行"};
const std::vector<std::string> kAsks{
    "の再設定方法を教えてください", "が表示されません",       "でエラーが出ます",
    "の締め日はいつですか",         "の手順を確認したいです", "が遅いです",
    "の権限を変更したい",           "について問い合わせます"};
const std::vector<std::string> kEnglish{"printer", "password", "login",   "report", "server",
                                        "backup",  "terminal", "network", "update", "account"};
const std::vector<std::string> kCategories{"アカウント", "帳票", "給付", "端末", "運用"};
const std::vector<std::string> kTenants{"*", "soumu", "houmu", "zaimu", "gaimu", "keisan"};

template <typename T>
const T& pick(std::mt19937& random, const std::vector<T>& from) {
  return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)];
}

std::vector<FaqEntryState> entries() {
  std::mt19937 random(17);
  std::vector<FaqEntryState> out;
  for (std::size_t i = 0; i < kEntries; ++i) {
    FaqEntryState e;
    char id[48];
    std::snprintf(id, sizeof id, "01a24290-0000-7000-8000-%012zu", i);
    e.id = id;
    e.version = 1;
    e.question = pick(random, kTopics) + pick(random, kAsks);
    e.answer = pick(random, kTopics) + "の画面から操作できます。Check the " +
               pick(random, kEnglish) + " settings and the " + pick(random, kEnglish) +
               " log. 詳しくは運用手順書の" + std::to_string(i % 40 + 1) + "章を参照してください。";
    e.category = pick(random, kCategories);
    e.tenants = {pick(random, kTenants)};
    e.is_public = i % 10 != 0;
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<std::string> queries() {
  std::mt19937 random(4);
  std::vector<std::string> out;
  for (int i = 0; i < 200; ++i) {
    switch (i % 4) {
      case 0:
        out.push_back(pick(random, kTopics));
        break;
      case 1:
        out.push_back(pick(random, kTopics) + " " + pick(random, kTopics));
        break;
      case 2:
        out.push_back(pick(random, kEnglish));
        break;
      default:
        out.push_back(pick(random, kTopics) + " " + pick(random, kEnglish));
        break;
    }
  }
  return out;
}

// The reference: every visible entry whose text holds every word, by a scan.
std::size_t scan(const std::vector<FaqEntryState>& all, const std::string& words) {
  std::vector<std::string> parts;
  for (std::size_t start = 0; start <= words.size();) {
    const auto space = words.find(' ', start);
    const auto end = space == std::string::npos ? words.size() : space;
    if (end > start) parts.push_back(words.substr(start, end - start));
    start = end + 1;
  }
  std::size_t found = 0;
  for (const auto& e : all) {
    if (!e.is_public || (e.tenants[0] != "*" && e.tenants[0] != "soumu")) continue;
    const std::string text = e.question + "\n" + e.answer + "\n" + e.category;
    if (std::ranges::all_of(parts,
                            [&](const auto& p) { return text.find(p) != std::string::npos; }))
      ++found;
  }
  return found;
}

struct Latencies {
  std::vector<double> ms;
  double at(double q) {
    std::ranges::sort(ms);
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(ms.size())));
    return ms[std::clamp<std::size_t>(rank, 1, ms.size()) - 1];
  }
};

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int main() {
  const auto all = entries();
  FaqSearch search;
  const auto build_start = Clock::now();
  for (const auto& e : all) search.upsert(e);
  const double build_ms = ms_since(build_start);
  const auto words = queries();

  Latencies index, reference;
  std::size_t hits = 0;
  for (int round = 0; round < kRounds; ++round) {
    for (const auto& w : words) {
      FaqSearch::Query query;
      query.words = w;
      query.tenants = {"soumu"};
      const auto start = Clock::now();
      auto found = search.search(query);
      index.ms.push_back(ms_since(start));
      if (found) hits += found->size();
      const auto scan_start = Clock::now();
      (void)scan(all, w);
      reference.ms.push_back(ms_since(scan_start));
    }
  }
  const double p50 = index.at(0.5), p99 = index.at(0.99), max = index.at(1.0);
  const double ref_p50 = reference.at(0.5), ref_p99 = reference.at(0.99);
  std::printf("entries:    %zu (Japanese questions, mixed answers), indexed in %.0f ms\n",
              search.size(), build_ms);
  std::printf(
      "searches:   %zu (%d rounds of %zu queries, as association soumu, top 20), %zu hits\n",
      index.ms.size(), kRounds, words.size(), hits);
  std::printf("xapian:     p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", p50, p99, max);
  std::printf("reference:  scan of every entry for the same words: p50 %.3f ms, p99 %.3f ms\n",
              ref_p50, ref_p99);
  std::printf("ratio:      scan p99 / xapian p99 = %.1fx\n", ref_p99 / p99);
  std::printf("target:     p99 <= %.0f ms over %zu entries: %s\n", kTargetP99Ms, kEntries,
              p99 <= kTargetP99Ms ? "met" : "NOT met");
  return 0;
}
