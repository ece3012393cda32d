#include "libs/observability/metrics.hpp"

#include <gtest/gtest.h>

namespace opsdesk::observability {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Metrics, CountersRenderWithHelpTypeAndLabels) {
  Registry registry;
  registry
      .counter("opsdesk_http_requests_total", "HTTP requests",
               {{"route", "/v1/incidents"}, {"status", "201"}})
      .inc(3);
  auto text = registry.render_prometheus();
  EXPECT_TRUE(contains(text, "# HELP opsdesk_http_requests_total HTTP requests\n"));
  EXPECT_TRUE(contains(text, "# TYPE opsdesk_http_requests_total counter\n"));
  EXPECT_TRUE(
      contains(text, "opsdesk_http_requests_total{route=\"/v1/incidents\",status=\"201\"} 3\n"));
}

TEST(Metrics, SameNameAndLabelsIsTheSameCounter) {
  Registry registry;
  registry.counter("c", "h", {{"a", "1"}}).inc();
  registry.counter("c", "h", {{"a", "1"}}).inc();
  EXPECT_EQ(registry.counter("c", "h", {{"a", "1"}}).value(), 2u);
}

TEST(Metrics, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  Registry registry;
  auto& h = registry.histogram("lat_seconds", "latency", {}, {0.1, 1});
  h.observe(0.05);
  h.observe(0.5);
  h.observe(5);
  auto text = registry.render_prometheus();
  EXPECT_TRUE(contains(text, "lat_seconds_bucket{le=\"0.1\"} 1\n"));
  EXPECT_TRUE(contains(text, "lat_seconds_bucket{le=\"1\"} 2\n"));
  EXPECT_TRUE(contains(text, "lat_seconds_bucket{le=\"+Inf\"} 3\n"));
  EXPECT_TRUE(contains(text, "lat_seconds_count 3\n"));
  EXPECT_TRUE(contains(text, "lat_seconds_sum 5.5"));
}

TEST(Metrics, GaugeCallbackIsReadAtRenderTime) {
  Registry registry;
  double head = 1;
  registry.gauge_callback("head", "head position", {}, [&] { return head; });
  head = 42;
  EXPECT_TRUE(contains(registry.render_prometheus(), "head 42\n"));
}

TEST(Metrics, AFamilyCallbackGivesTheSeriesThatExistWhenRendered) {
  Registry registry;
  Registry::Series series = {{Labels{{"cn", "a"}}, 1.0}, {Labels{{"cn", "b"}}, 2.0}};
  registry.gauge_family_callback("ready", "ready or not", [&] { return series; });
  EXPECT_TRUE(contains(registry.render_prometheus(), "ready{cn=\"b\"} 2\n"));
  series.pop_back();
  const auto text = registry.render_prometheus();
  EXPECT_TRUE(contains(text, "ready{cn=\"a\"} 1\n"));
  EXPECT_FALSE(contains(text, "cn=\"b\""));
  EXPECT_TRUE(contains(text, "# TYPE ready gauge\n"));
}

TEST(Metrics, LabelValuesAreEscaped) {
  Registry registry;
  registry.counter("c", "h", {{"path", "a\"b\\c"}}).inc();
  EXPECT_TRUE(contains(registry.render_prometheus(), "c{path=\"a\\\"b\\\\c\"} 1\n"));
}

}  // namespace
}  // namespace opsdesk::observability
