#include "bench/sla_year_life.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <type_traits>
#include <variant>

#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/incidents/domain/vocabulary.hpp"

namespace opsdesk::bench {

namespace {

using namespace std::chrono_literals;
using core::Instant;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::year_month_day;
namespace inc = opsdesk::incidents;

constexpr minutes kFirstNoticeGoal{90};
constexpr minutes kBusinessDay{9 * 60};  // 09:00-18:00

// How often each association is affected, roughly by its size (members, systems in the centre).
// bouei runs outside the shared centre, so few centre faults reach it.
const std::map<std::string, double>& tenant_weights() {
  static const std::map<std::string, double> kWeights{
      {"kokkou", 10},   {"kourou", 9},  {"zaimu", 9},     {"houmu", 8},  {"nourin", 6},
      {"saibansho", 6}, {"soumu", 6},   {"monka", 5},     {"keisan", 5}, {"keimu", 5},
      {"gaimu", 4},     {"kourou2", 4}, {"naikaku", 3},   {"rinya", 3},  {"shugiin", 2},
      {"sangiin", 2},   {"kaikei", 2},  {"rengoukai", 2}, {"bouei", 1},
  };
  return kWeights;
}

// Plans one incident's life. Pure: the same index, detection and now give the same commands.
class LifePlanner {
 public:
  LifePlanner(const calendar::BusinessCalendar& calendar, std::uint64_t seed, std::uint64_t index,
              Instant now)
      : calendar_(calendar),
        schedule_(*calendar.find_schedule(calendar::kBusinessSchedule)),
        rng_(seed * 0x9e3779b97f4a7c15ull + index * 0xbf58476d1ce4e5b9ull + 0x5a),
        index_(index),
        now_(now) {}

  // The commands in time order, cut at now (a prefix: every command only needs earlier ones).
  std::vector<PlannedCommand> plan(const std::string& id, Instant detected, SlaYearStats* stats) {
    plan_life(id, detected);
    std::stable_sort(commands_.begin(), commands_.end(),
                     [](const PlannedCommand& a, const PlannedCommand& b) { return a.at < b.at; });
    const auto end = std::find_if(commands_.begin(), commands_.end(),
                                  [&](const PlannedCommand& p) { return p.at > now_; });
    commands_.erase(end, commands_.end());
    if (stats != nullptr) count(*stats);
    return std::move(commands_);
  }

 private:
  struct Affected {
    std::string tenant;
    Instant clock_start;             // the first-notice clock's start
    std::optional<Instant> noticed;  // first notice
  };

  // ---- randomness ----
  double chance() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  seconds between(minutes lo, minutes hi) {
    return seconds(std::uniform_int_distribution<std::int64_t>(seconds(lo).count(),
                                                               seconds(hi).count())(rng_));
  }
  template <typename T>
  const T& pick(const std::vector<T>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng_)];
  }
  std::string pick_tenant(const std::vector<Affected>& not_these) {
    static const auto codes = [] {
      std::vector<std::string> c;
      for (const auto& [code, weight] : tenant_weights()) c.push_back(code);
      return c;
    }();
    static const auto weights = [] {
      std::vector<double> w;
      for (const auto& [code, weight] : tenant_weights()) w.push_back(weight);
      return w;
    }();
    std::discrete_distribution<std::size_t> draw(weights.begin(), weights.end());
    for (;;) {
      const auto& code = codes[draw(rng_)];
      if (std::none_of(not_these.begin(), not_these.end(),
                       [&](const Affected& a) { return a.tenant == code; }))
        return code;
    }
  }

  // ---- calendar ----
  Instant after_business(Instant from, seconds amount) const {
    return calendar_.add_business_time(from, amount, schedule_).value_or(from + amount);
  }
  bool in_hours(Instant at) const {
    return calendar_.is_within_business_hours(at, schedule_).value_or(false);
  }
  std::chrono::microseconds business_between(Instant from, Instant to) const {
    if (to <= from) return {};
    return calendar_.business_duration(from, to, schedule_).value_or(std::chrono::microseconds{0});
  }
  bool business_day(year_month_day day) const {
    return calendar_.is_business_day(day).value_or(false);
  }
  static year_month_day date_of(Instant at) { return core::to_tokyo(at).date; }
  static year_month_day day_after(year_month_day day) {
    return year_month_day{std::chrono::sys_days{day} + std::chrono::days{1}};
  }
  // A random time of `day` between lo and hi (time of day, Tokyo).
  Instant on_day(year_month_day day, minutes lo, minutes hi) {
    return core::from_tokyo(day, between(lo, hi));
  }

  void add(Instant at, inc::IncidentCommand command) {
    commands_.push_back({at, std::move(command)});
  }
  void notice(const std::string& tenant, const std::string& kind, Instant at,
              const std::string& summary) {
    add(at, inc::RecordNotice{tenant, kind, at, chance() < 0.8 ? "email" : "phone", summary});
  }

  void plan_life(const std::string& id, Instant detected) {
    detected_ = detected;
    const bool late_detection = chance() < 0.04;  // found in the logs hours later
    occurred_ = detected - (late_detection ? between(30min, 240min) : between(0min, 8min));
    const double severity_roll = chance();
    severity_ = severity_roll < 0.08 ? "critical" : severity_roll < 0.38 ? "major" : "minor";
    const double source_roll = chance();
    const std::string source = source_roll < 0.55   ? "monitoring"
                               : source_roll < 0.75 ? "inquiry"
                               : source_roll < 0.9  ? "operator"
                                                    : "vendor";

    // Affected associations: mostly one; a shared system several; a centre-wide fault all 18.
    const double spread = chance();
    std::vector<std::string> requested;
    if (spread < 0.02) {
      all_centre_ = true;
      requested = {std::string(tenants::kAllCentre)};
      for (const auto& code : tenants::in_centre_codes()) tenants_.push_back({code, occurred_, {}});
    } else {
      const int count = spread < 0.62   ? 1
                        : spread < 0.82 ? 2
                        : spread < 0.94 ? 3
                                        : std::uniform_int_distribution<int>(4, 8)(rng_);
      for (int i = 0; i < count; ++i) {
        tenants_.push_back({pick_tenant(tenants_), occurred_, {}});
        requested.push_back(tenants_.back().tenant);
      }
    }
    add(detected,
        inc::DetectIncident{id,
                            occurred_,
                            source,
                            severity_,
                            "業務サーバ応答遅延 #" + std::to_string(index_),
                            "監視で閾値超過を検知。利用者から画面表示が遅いとの問い合わせあり。",
                            requested,
                            {"ap-server-" + std::to_string(index_ % 12),
                             "db-cluster-" + std::to_string(index_ % 3)},
                            source == "inquiry" ? "INQ-" + std::to_string(100000 + index_) : ""});

    first_notices();
    const Instant restored = restoration_time();
    maybe_add_tenant(restored);
    work_until(restored);
    const Instant closed = restore_and_close(last_first_notice(), restored, false);
    if (chance() < 0.03) reopen(closed);
    if (chance() < 0.35) {
      const Instant fix = after_business(restored, between(kBusinessDay, 10 * kBusinessDay));
      add(fix, inc::PlanPermanentFix{"CHG-" + std::to_string(300000 + index_),
                                     "コネクションプール上限の見直し", fix});
      if (chance() < 0.6) {
        const Instant prevention = after_business(fix, between(kBusinessDay, 10 * kBusinessDay));
        add(prevention, inc::RecordPreventionAction{prevention, "監視閾値の追加"});
      }
    }
  }

  // The first notices: at once by the on-call operator for some faults out of hours, else in
  // business time from the fault, mostly within the 1h30m goal.
  void first_notices() {
    const bool on_call = !in_hours(detected_) && chance() < (severity_ == "critical" ? 0.7 : 0.25);
    Instant batch;
    if (on_call) {
      batch = detected_ + between(15min, 70min);
    } else {
      const double roll = chance();
      const seconds delay = roll < 0.86   ? between(15min, 80min)
                            : roll < 0.95 ? between(80min, 120min)
                                          : between(120min, 480min);
      batch = after_business(occurred_, delay);
    }
    batch = std::max(batch, detected_ + between(2min, 6min));
    // One message per association, sent one after another.
    for (auto& affected : tenants_) {
      batch += between(0min, 2min);
      affected.noticed = batch;
      notice(affected.tenant, "first_notice", batch, "障害を検知しました。影響範囲を調査中です。");
    }
  }

  Instant last_first_notice() const {
    Instant last = detected_;
    for (const auto& a : tenants_)
      if (a.noticed) last = std::max(last, *a.noticed);
    return last;
  }

  Instant restoration_time() {
    Instant restored;
    if (chance() < 0.08) {
      ++long_running_;
      restored = after_business(detected_, between(4 * kBusinessDay, 20 * kBusinessDay));
    } else if (severity_ == "critical") {
      restored = detected_ + between(30min, 480min);
    } else if (severity_ == "major") {
      restored = after_business(detected_, between(60min, 2 * kBusinessDay));
    } else {
      restored = after_business(detected_, between(30min, 3 * kBusinessDay));
    }
    return std::max(restored, last_first_notice() + between(5min, 30min));
  }

  // Now and then a fault turns out to reach another association too.
  void maybe_add_tenant(Instant restored) {
    const Instant from = last_first_notice();
    if (all_centre_ || restored - from < 2h || chance() >= 0.07) return;
    const Instant at =
        from + std::chrono::duration_cast<seconds>((restored - from) * (0.1 + 0.5 * chance()));
    const std::string extra = pick_tenant(tenants_);
    add(at, inc::AddAffectedTenant{extra, "同一基盤上の業務にも影響", at});
    const seconds delay = chance() < 0.9 ? between(10min, 80min) : between(90min, 180min);
    // Told before the restoration: the association hears of the fault before it hears it is over.
    const Instant noticed = std::max(std::min(after_business(at, delay), restored), at + 2min);
    tenants_.push_back({extra, at, noticed});
    notice(extra, "first_notice", noticed, "影響を確認しました。");
  }

  // Vendor contact, response activities, workaround, cause: between detection and restoration,
  // mostly in business hours; critical faults are worked on at night too.
  void work_until(Instant restored) {
    const auto window = restored - detected_;
    if (chance() < 0.55) {
      const Instant at = severity_ == "critical" && !in_hours(detected_)
                             ? detected_ + between(10min, 60min)
                             : after_business(detected_, between(10min, 120min));
      add(at, inc::RecordVendorContact{pick(inc::kVendorKinds), at, "保守窓口へ調査依頼"});
    }
    const auto business_window = business_between(detected_, restored);
    const int activities = std::uniform_int_distribution<int>(1, 3)(rng_) +
                           static_cast<int>(business_window / (3 * kBusinessDay));
    static const std::vector<std::string> operators{"operator-a", "operator-b", "operator-c",
                                                    "vendor-se"};
    for (int i = 0; i < activities; ++i) {
      Instant started;
      if ((severity_ == "critical" && chance() < 0.5) || chance() < 0.1 ||
          business_window <= 0min) {
        started = detected_ + std::chrono::duration_cast<seconds>(window * chance());
      } else {
        started = after_business(detected_,
                                 std::chrono::duration_cast<seconds>(business_window * chance()));
      }
      const Instant ended = started + between(15min, 150min);
      add(ended, inc::RecordResponseActivity{started, ended, pick(operators), "ログ調査と再起動"});
    }
    if (chance() < 0.4) {
      const Instant at =
          detected_ + std::chrono::duration_cast<seconds>(window * (0.2 + 0.5 * chance()));
      add(at, inc::ApplyWorkaround{at, "負荷分散先を切替"});
    }
    if (chance() < 0.85) {
      const Instant at =
          detected_ + std::chrono::duration_cast<seconds>(window * (0.3 + 0.65 * chance()));
      add(at, inc::IdentifyCause{at, "コネクションプールの枯渇"});
    }
  }

  // From `reporting_from` (the first notices, or a reopening) until the service is restored at
  // `restored`: a progress report to every association on most business days, the restoration,
  // the recovery reports, and the close. Returns the close.
  Instant restore_and_close(Instant reporting_from, Instant restored, bool after_reopening) {
    add(restored,
        inc::RestoreService{restored, after_reopening ? "再設定により復旧" : "設定変更により復旧"});
    Instant recovery = in_hours(restored) || (severity_ == "critical" && chance() < 0.5)
                           ? restored + between(10min, 60min)
                           : after_business(restored, between(5min, 60min));

    // Progress reports on the day of the first notice sometimes, then on each business day
    // after it: mostly in the afternoon, some after 18:00 (late), a few days none (missed).
    if (!after_reopening && chance() < 0.3) {
      const Instant at = reporting_from + between(60min, 180min);
      if (at < recovery && date_of(at) == date_of(reporting_from)) progress(at, reporting_from);
    }
    const auto recovery_day = date_of(recovery);
    for (auto day = day_after(date_of(reporting_from)); day <= recovery_day; day = day_after(day)) {
      if (!business_day(day)) continue;
      if (day == recovery_day && chance() < 0.7) continue;  // the recovery report covers it
      const double roll = chance();
      if (roll >= 0.96) continue;  // missed
      const Instant at =
          roll < 0.92 ? on_day(day, 10h, 17h + 30min) : on_day(day, 18h + 5min, 20h + 30min);
      if (at >= recovery) continue;
      progress(at, std::nullopt);
    }

    for (const auto& affected : tenants_) {
      recovery += between(0min, 2min);
      notice(affected.tenant, "recovery_report", recovery, "復旧しました。");
    }
    const Instant closed = after_business(recovery, between(60min, 3 * kBusinessDay));
    add(closed, inc::CloseIncident{closed, "復旧を確認し終結"});
    return closed;
  }

  // One report to every association told of the fault before `at` (on an earlier day, unless
  // `same_day_after` allows those noticed before it today).
  void progress(Instant at, std::optional<Instant> same_day_after) {
    for (const auto& affected : tenants_) {
      if (!affected.noticed) continue;
      const bool told = same_day_after ? *affected.noticed <= *same_day_after
                                       : date_of(*affected.noticed) < date_of(at);
      if (!told) continue;
      at += between(0min, 2min);
      notice(affected.tenant, "progress_report", at, "原因を調査中です。");
    }
  }

  void reopen(Instant closed) {
    const Instant at = after_business(closed, between(120min, 4 * kBusinessDay));
    add(at, inc::ReopenIncident{at, "同様の事象が再発"});
    // Every association hears of the recurrence the same day, then daily until it is fixed.
    Instant told = after_business(at, between(20min, 90min));
    for (const auto& affected : tenants_) {
      if (!affected.noticed) continue;
      told += between(0min, 2min);
      notice(affected.tenant, "progress_report", told, "同様の事象が再発しました。");
    }
    const Instant restored =
        std::max(after_business(at, between(60min, 2 * kBusinessDay)), told + between(5min, 30min));
    restore_and_close(told, restored, true);
  }

  void count(SlaYearStats& stats) const {
    ++stats.incidents;
    stats.commands += commands_.size();
    if (in_hours(detected_)) ++stats.detected_in_hours;
    if (all_centre_) ++stats.all_centre;
    if (long_running_) ++stats.long_running;
    bool soumu = false;
    for (const auto& planned : commands_) {
      std::visit(
          [&](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, inc::DetectIncident>) {
              for (const auto& a : tenants_)
                if (a.clock_start == occurred_) ++stats.affected;
            } else if constexpr (std::is_same_v<C, inc::RecordNotice>) {
              if (c.tenant == "soumu") soumu = true;
              if (c.kind == "first_notice") {
                ++stats.first_notices;
                const auto it =
                    std::find_if(tenants_.begin(), tenants_.end(),
                                 [&](const Affected& a) { return a.tenant == c.tenant; });
                if (it != tenants_.end() &&
                    business_between(it->clock_start, c.sent_at) <= kFirstNoticeGoal)
                  ++stats.first_notices_within_goal;
              } else if (c.kind == "progress_report") {
                ++stats.progress_reports;
                if (core::to_tokyo(c.sent_at).time_of_day >= 18h)
                  ++stats.progress_reports_after_closing;
              }
            } else if constexpr (std::is_same_v<C, inc::RecordResponseActivity>) {
              ++stats.actions;
              if (business_between(c.started_at, c.ended_at) != c.ended_at - c.started_at ||
                  !in_hours(c.started_at))
                ++stats.actions_out_of_hours;
            } else if constexpr (std::is_same_v<C, inc::RecordVendorContact>) {
              ++stats.actions;
              if (!in_hours(c.at)) ++stats.actions_out_of_hours;
            } else if constexpr (std::is_same_v<C, inc::ReopenIncident>) {
              ++stats.reopened;
            } else if constexpr (std::is_same_v<C, inc::AddAffectedTenant>) {
              ++stats.tenants_added;
            }
          },
          planned.command);
    }
    if (soumu) ++stats.soumu;
  }

  const calendar::BusinessCalendar& calendar_;
  const calendar::Schedule& schedule_;
  std::mt19937_64 rng_;
  std::uint64_t index_;
  Instant now_;
  Instant detected_;
  Instant occurred_;
  std::string severity_;
  bool all_centre_ = false;
  int long_running_ = 0;
  std::vector<Affected> tenants_;
  std::vector<PlannedCommand> commands_;
};

}  // namespace

std::vector<PlannedCommand> plan_sla_year_life(const calendar::BusinessCalendar& calendar,
                                               std::uint64_t seed, std::uint64_t index,
                                               const std::string& id, core::Instant detected,
                                               core::Instant now, SlaYearStats* stats) {
  return LifePlanner(calendar, seed, index, now).plan(id, detected, stats);
}

}  // namespace opsdesk::bench
