#include "services/scheduling/seed/contract_tasks.hpp"

namespace opsdesk::scheduling {

namespace {

using namespace std::chrono_literals;
using std::chrono::minutes;

struct Line {
  const char* key;
  const char* title;
  const char* kind;
  const char* scope;  // "all_centre" or one association code
  const char* rrule;
  minutes time_of_day;
  minutes duration;
  const char* calendar_rule;
  minutes due_within;
  const char* owner;
  std::chrono::months starts_after{0};  // from term_start
};

constexpr const char* kOps = "センタ運用担当";
constexpr const char* kBoueiOps = "防衛省共済組合担当";

// One business day is 9h of business time (09:00–18:00).
constexpr minutes kBusinessDay = 9h;

const Line kLines[] = {
    // daily (4.(3)①)
    {"daily-backup-check", "日次バックアップ完了確認（自動失敗時は手動バックアップ）",
     "backup_check", "all_centre", "FREQ=DAILY", 9h + 30min, 30min, "next_business_day", 2h, kOps},
    {"daily-virus-scan-check", "ウイルススキャン実施状況確認", "virus_scan_check", "all_centre",
     "FREQ=DAILY", 10h, 30min, "skip", 2h, kOps},
    // weekly
    {"weekly-media-exchange", "バックアップ媒体交換", "media_exchange", "all_centre",
     "FREQ=WEEKLY;BYDAY=FR", 15h, 1h, "previous_business_day", 3h, kOps},
    // monthly
    {"monthly-data-backup-check", "月次データバックアップ確認", "backup_check", "all_centre",
     "FREQ=MONTHLY;BYMONTHDAY=1", 10h, 1h, "next_business_day", kBusinessDay, kOps},
    {"monthly-system-backup", "月次システムバックアップ", "system_backup", "all_centre",
     "FREQ=MONTHLY;BYDAY=-1FR", 18h + 30min, 3h, "previous_business_day", kBusinessDay, kOps},
    {"monthly-performance-report", "性能分析報告（2026年8月〜2027年2月分）", "performance_report",
     "all_centre", "FREQ=MONTHLY;BYMONTHDAY=10;COUNT=7", 10h, 4h, "next_business_day",
     5 * kBusinessDay, kOps, std::chrono::months{5}},
    {"monthly-audit-log-review", "監査ログ確認", "audit_log_review", "all_centre",
     "FREQ=MONTHLY;BYMONTHDAY=5", 14h, 2h, "next_business_day", 2 * kBusinessDay, kOps},
    {"monthly-detailed-plan", "月次詳細計画の作成（月次報告会で承認）", "report", "all_centre",
     "FREQ=MONTHLY;BYMONTHDAY=20", 10h, 2h, "previous_business_day", 3 * kBusinessDay, kOps},
    // yearly
    {"annual-centre-schedule", "年間センタ運用計画の作成（4月承認）", "report", "all_centre",
     "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1", 10h, 4h, "next_business_day", 10 * kBusinessDay, kOps},
    {"annual-backup", "年次バックアップ（4月）", "system_backup", "all_centre",
     "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=15", 18h + 30min, 6h, "next_business_day", kBusinessDay,
     kOps},
    {"annual-backup-media-handover", "年次バックアップ媒体の提出（4月〜5月）", "media_exchange",
     "all_centre", "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=20", 10h, 1h, "next_business_day",
     20 * kBusinessDay, kOps},
    // the Ministry of Defense association's own work (4.(4))
    {"bouei-monthly-log-extraction", "ログ抽出（防衛省）", "audit_log_review", "bouei",
     "FREQ=MONTHLY;BYMONTHDAY=5", 10h, 2h, "next_business_day", 2 * kBusinessDay, kBoueiOps},
    {"bouei-half-yearly-analysis", "性能・監査分析（防衛省、半期）", "performance_report", "bouei",
     "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=15", 10h, 4h, "next_business_day", 5 * kBusinessDay,
     kBoueiOps, std::chrono::months{3}},
    {"bouei-monthly-system-backup", "月次システムバックアップ（防衛省）", "system_backup", "bouei",
     "FREQ=MONTHLY;BYDAY=-1FR", 18h + 30min, 3h, "previous_business_day", kBusinessDay, kBoueiOps},
    {"bouei-yearly-inspection", "定期点検（防衛省、年次）", "inspection", "bouei",
     "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1", 10h, 6h, "next_business_day", kBusinessDay, kBoueiOps},
};

}  // namespace

std::vector<SeedTask> contract_tasks(Date term_start) {
  std::vector<SeedTask> tasks;
  for (const auto& line : kLines) {
    DefineTask d;
    d.title = line.title;
    d.kind = line.kind;
    d.tenants = {line.scope};
    d.rrule = line.rrule;
    // Months after the term's first day, on the same day of the month (the term starts on a 1st).
    const auto month =
        std::chrono::year_month{term_start.year(), term_start.month()} + line.starts_after;
    d.dtstart = std::chrono::year_month_day{month.year(), month.month(), term_start.day()};
    d.time_of_day = line.time_of_day;
    d.duration = line.duration;
    d.calendar_rule = line.calendar_rule;
    d.due_within = line.due_within;
    d.owner = line.owner;
    d.seed_key = line.key;
    tasks.push_back({line.key, std::move(d)});
  }
  return tasks;
}

}  // namespace opsdesk::scheduling
