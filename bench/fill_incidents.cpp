// fill_incidents: writes a realistic incidents event store for the replay benchmarks, fast.
// Every incident lives a plausible life decided by the real decider and encoded by the real
// codec, and the commands of all incidents are appended in time order, so the log interleaves
// incidents the way a live one does (bench/incident_log_writer). Two profiles:
//   board     (default) three years ending three weeks ago, evenly spaced detections, lives of
//             detection, first notices, vendor contact, response activities, workaround, cause,
//             restoration, recovery reports, closing, permanent fix, prevention; about --open
//             incidents stay active. The ops-board replay benchmark (bench/run-board-bench).
//   sla-year  the SLA engine's contract term for the 19 associations up to now, in business
//             hours mostly, with daily progress reports, late notices, reopenings and tenants
//             added later (bench/sla_year.hpp). The SLA benchmark (bench/run-sla-bench).
//   scale     the same lives over the --years up to now, for --scale copies of the centre
//             (19 x N tenants) at today's rate each: N x 100,000 events a year. The scale
//             benchmark (bench/run-scale-bench).
// It writes only a fresh <data-dir>/incidents/eventstore (the layout opsdesk uses) and never
// touches a store that already exists.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/incident_log_writer.hpp"
#include "bench/sla_year.hpp"
#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/core/uuid.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/incidents/domain/vocabulary.hpp"
#include "services/incidents/incidents_service.hpp"

namespace opsdesk::bench {

namespace {

using namespace std::chrono_literals;
using core::Instant;
namespace inc = opsdesk::incidents;

// Today's centre, the 19 associations, writes about this many events a year: issue 15 §4 puts
// ten years of it at 1M events. The scale profile's 1x.
constexpr std::uint64_t kTodayEventsPerYear = 100'000;

struct Options {
  std::filesystem::path data_dir;
  std::string profile = "board";
  std::uint64_t events = 1'000'000;
  std::uint64_t scale = 1;
  int years = 10;
  std::size_t open = 200;
  std::uint64_t seed = 1;
};

template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& from) {
  return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
}

std::chrono::seconds minutes_between(std::mt19937_64& rng, int lo, int hi) {
  return std::chrono::minutes(std::uniform_int_distribution<int>(lo, hi)(rng));
}

// The steps of incident `index`, detected at `detected`. A kept-open incident stops before its
// restoration (it stays on the board as active).
std::vector<Step> incident_life(std::uint64_t index, Instant detected, bool keep_open, Instant now,
                                std::uint64_t seed, core::UuidV7Generator& ids) {
  std::mt19937_64 rng(seed * 0x9e3779b97f4a7c15ull + index);
  std::uniform_real_distribution<double> chance(0, 1);
  static const std::vector<std::string> tenant_codes = tenants::in_centre_codes();
  static const std::vector<std::string> channels{"email", "email", "phone", "in_person"};
  static const std::vector<std::string> operators{"operator-a", "operator-b", "operator-c",
                                                  "vendor-se"};

  std::vector<Step> steps;
  const std::string id = ids.next(detected).to_string();
  Life life(id, now, steps);
  Instant t = detected;

  // Most faults touch one association; some several (a shared system).
  const double spread = chance(rng);
  const std::size_t affected = spread < 0.6 ? 1 : spread < 0.85 ? 2 : spread < 0.97 ? 3 : 5;
  std::set<std::string> chosen;
  while (chosen.size() < affected) chosen.insert(pick(rng, tenant_codes));
  const double severity_roll = chance(rng);
  const std::string severity = severity_roll < 0.1   ? "critical"
                               : severity_roll < 0.4 ? "major"
                                                     : "minor";
  const std::string source = pick(rng, inc::kSources);
  inc::DetectIncident detect{
      id,
      detected,
      source,
      severity,
      "業務サーバ応答遅延 #" + std::to_string(index),
      "監視で閾値超過を検知。利用者から画面表示が遅いとの問い合わせあり。",
      std::vector<std::string>(chosen.begin(), chosen.end()),
      {"ap-server-" + std::to_string(index % 12), "db-cluster-" + std::to_string(index % 3)},
      source == "inquiry" ? "INQ-" + std::to_string(100000 + index) : std::string{}};
  life.run(detect, t);

  auto notify_all = [&](const std::string& kind, const std::string& summary) {
    for (const auto& tenant : life.state().affected_tenants) {
      t += minutes_between(rng, 1, 10);
      life.run(inc::RecordNotice{tenant, kind, t, pick(rng, channels), summary}, t);
    }
  };
  t += minutes_between(rng, 10, 60);
  notify_all("first_notice", "障害を検知しました。影響範囲を調査中です。");
  if (chance(rng) < 0.15) {
    std::string extra = pick(rng, tenant_codes);
    if (!life.state().affects(extra)) {
      t += minutes_between(rng, 5, 30);
      life.run(inc::AddAffectedTenant{extra, "同一基盤上の業務にも影響", t}, t);
      t += minutes_between(rng, 5, 20);
      life.run(inc::RecordNotice{extra, "first_notice", t, "phone", "影響を確認しました。"}, t);
    }
  }
  if (chance(rng) < 0.7) {
    t += minutes_between(rng, 5, 40);
    life.run(inc::RecordVendorContact{pick(rng, inc::kVendorKinds), t, "保守窓口へ調査依頼"}, t);
  }
  const int activities = std::uniform_int_distribution<int>(1, 3)(rng);
  for (int i = 0; i < activities; ++i) {
    t += minutes_between(rng, 10, 90);
    const Instant ended = t + minutes_between(rng, 15, 120);
    life.run(inc::RecordResponseActivity{t, ended, pick(rng, operators), "ログ調査と再起動"},
             ended);
    t = ended;
  }
  if (chance(rng) < 0.5) {
    t += minutes_between(rng, 5, 60);
    life.run(inc::ApplyWorkaround{t, "負荷分散先を切替"}, t);
  }
  t += minutes_between(rng, 10, 240);
  life.run(inc::IdentifyCause{t, "コネクションプールの枯渇"}, t);
  if (chance(rng) < 0.4) {
    t += minutes_between(rng, 60, 600);
    notify_all("progress_report", "原因を特定し、恒久対応を検討中です。");
  }
  if (keep_open) return steps;

  t += minutes_between(rng, 10, 600);
  life.run(inc::RestoreService{t, "設定変更により復旧"}, t);
  t += minutes_between(rng, 10, 60);
  notify_all("recovery_report", "復旧しました。");
  t += minutes_between(rng, 600, 2880);
  life.run(inc::CloseIncident{t, "復旧を確認し終結"}, t);
  if (chance(rng) < 0.5) {
    t += minutes_between(rng, 60, 4320);
    life.run(
        inc::PlanPermanentFix{"CHG-" + std::to_string(200000 + index), "プール上限の見直し", t}, t);
    t += minutes_between(rng, 60, 4320);
    life.run(inc::RecordPreventionAction{t, "監視閾値の追加"}, t);
  }
  return steps;
}

// The board profile: detections evenly spaced over three years ending three weeks ago, so that
// every planned time (a life lasts up to ~10 days) is in the past for the decider. How many
// incidents that takes depends on the mean life's length: measured on a sample first.
class BoardProfile {
 public:
  BoardProfile(const Options& options, Instant now) : options_(options), now_(now) {
    const Instant first = now - kSpan - std::chrono::days{21};
    constexpr std::uint64_t kSample = 2000;
    std::uint64_t sample_events = 0;
    core::UuidV7Generator sample_ids;
    for (std::uint64_t index = 0; index < kSample; ++index) {
      for (const auto& step : incident_life(index, first, false, now, options.seed, sample_ids))
        sample_events += step.events.size();
    }
    mean_events_ = static_cast<double>(sample_events) / kSample;
    const auto estimate = std::max<std::uint64_t>(
        static_cast<std::uint64_t>(static_cast<double>(options.events) / mean_events_ * 1.02), 1);
    first_ = first;
    spacing_ = std::max<std::chrono::seconds>(kSpan / estimate, 1s);
    open_stride_ = options.open == 0 ? 0 : std::max<std::uint64_t>(estimate / options.open, 1);
  }

  std::optional<std::vector<Step>> next() {
    const Instant detected = first_ + spacing_ * index_;
    const bool keep_open = open_stride_ != 0 && index_ % open_stride_ == open_stride_ - 1;
    kept_open_ += keep_open;
    return incident_life(index_++, detected, keep_open, now_, options_.seed, ids_);
  }

  std::string report(const WriteSummary& written) const {
    return std::to_string(written.not_closed) + " not closed: " + std::to_string(kept_open_) +
           " kept open, the rest cut off at the end; " + std::to_string(mean_events_) +
           " events per complete life";
  }

 private:
  static constexpr auto kSpan =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::years{3});
  const Options& options_;
  Instant now_;
  Instant first_;
  std::chrono::seconds spacing_{1};
  std::uint64_t open_stride_ = 0;
  double mean_events_ = 0;
  std::uint64_t index_ = 0;
  std::uint64_t kept_open_ = 0;
  core::UuidV7Generator ids_;
};

int run(const Options& options) {
  const auto path = inc::IncidentsService::store_path(options.data_dir);
  if (std::filesystem::exists(path) && !std::filesystem::is_empty(path)) {
    std::cerr << "fill_incidents: " << path.string()
              << " already exists; give a fresh --data-dir\n";
    return 2;
  }
  core::SystemClock clock;
  const Instant now = std::chrono::floor<std::chrono::seconds>(clock.now());

  // Planned before the store opens: a plan that cannot be written leaves nothing behind.
  std::optional<BoardProfile> board;
  std::optional<SlaYear> sla_year;
  const auto calendar = calendar::BusinessCalendar::standard();
  NextIncident next;
  std::uint64_t events = options.events;
  if (options.profile == "sla-year" || options.profile == "scale") {
    SlaYear::Options plan{.events = events, .seed = options.seed, .now = now};
    if (options.profile == "scale") {
      events = options.scale * kTodayEventsPerYear * static_cast<std::uint64_t>(options.years);
      const auto today = core::to_tokyo(now).date;
      plan.events = events;
      plan.first_day = std::chrono::year_month_day{
          std::chrono::sys_days{today - std::chrono::years{options.years}}};
      plan.after_day =
          std::chrono::year_month_day{std::chrono::sys_days{today} + std::chrono::days{1}};
      plan.copies = options.scale;
    }
    sla_year.emplace(calendar, plan);
    std::cout << "fill_incidents: " << options.profile << ": " << sla_year->plan_text() << "\n";
    next = [&] { return sla_year->next(); };
  } else {
    board.emplace(options, now);
    next = [&] { return board->next(); };
  }

  eventstore::StoreOptions store_options;
  store_options.path = path;
  store_options.sync = false;
  store_options.max_group_size = 1024;
  auto opened = eventstore::EventStore::open(store_options, clock);
  if (!opened) {
    std::cerr << "fill_incidents: " << opened.error() << "\n";
    return 1;
  }
  const auto written = write_in_time_order(**opened, events, next);
  opened->reset();  // close: finishes the writer, closes RocksDB

  std::cout << "fill_incidents: " << written.events << " events (log head " << written.head
            << ") in " << written.incidents << " incidents ("
            << (board ? board->report(written) : sla_year->report(written)) << ") written in "
            << written.seconds << " s ("
            << static_cast<long long>(static_cast<double>(written.events) / written.seconds)
            << " events/s, sync off)\n";
  settle(path);
  std::cout << "fill_incidents: store " << path.string() << " holds "
            << directory_bytes(path) / (1024 * 1024) << " MiB\n";
  return written.head == events ? 0 : 1;
}

}  // namespace

}  // namespace opsdesk::bench

int main(int argc, char** argv) {
  opsdesk::bench::Options options;
  CLI::App app{
      "Writes N realistic incident events into a fresh <data-dir>/incidents/eventstore (replay "
      "benchmark)"};
  app.add_option("--data-dir", options.data_dir,
                 "opsdesk data dir to create the incidents store in")
      ->required();
  app.add_option("--profile", options.profile,
                 "board: three years for the ops-board replay; sla-year: the SLA contract term; "
                 "scale: --years of --scale copies of the centre")
      ->check(CLI::IsMember({"board", "sla-year", "scale"}));
  auto* events = app.add_option("--events", options.events,
                                "events to write (the scale profile sets them itself)")
                     ->check(CLI::Range(1ull, 100'000'000ull));
  app.add_option("--scale", options.scale,
                 "scale profile: copies of today's centre (19 tenants, 100,000 events a year each)")
      ->check(CLI::Range(1ull, 1000ull));
  app.add_option("--years", options.years, "scale profile: years up to now")
      ->check(CLI::Range(1, 30));
  app.add_option("--open", options.open,
                 "board profile: about this many incidents stay active (not restored)");
  app.add_option("--seed", options.seed, "seed of the incidents' random lives");
  CLI11_PARSE(app, argc, argv);
  if (options.profile == "scale" && events->count() > 0) {
    std::cerr << "fill_incidents: --events: the scale profile writes --scale x 100,000 events "
                 "for each of the --years\n";
    return 2;
  }
  try {
    return opsdesk::bench::run(options);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
