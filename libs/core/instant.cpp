#include "libs/core/instant.hpp"

#include <cctype>
#include <cstdio>

namespace opsdesk::core {

namespace {

using namespace std::chrono;

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

bool expect_char(std::string_view text, std::size_t pos, char c) {
  return pos < text.size() && text[pos] == c;
}

}  // namespace

std::string format_rfc3339(Instant at) {
  const auto day = floor<days>(at);
  const year_month_day date{day};
  const hh_mm_ss<microseconds> time{at - day};
  // Every answer carries many of these: digits by hand, not printf (a profile's top entry).
  std::string out;
  out.reserve(32);
  auto digits = [&out](long long value, int width) {
    out.resize(out.size() + static_cast<std::size_t>(width));
    for (auto i = out.size(); width-- > 0; value /= 10)
      out[--i] = static_cast<char>('0' + value % 10);
  };
  if (const int year = static_cast<int>(date.year()); year >= 0 && year <= 9999) {
    digits(year, 4);
  } else {
    char buf[16];  // outside what four digits hold: rare enough for printf
    out.append(buf, static_cast<std::size_t>(std::snprintf(buf, sizeof buf, "%04d", year)));
  }
  out += '-';
  digits(static_cast<unsigned>(date.month()), 2);
  out += '-';
  digits(static_cast<unsigned>(date.day()), 2);
  out += 'T';
  digits(time.hours().count(), 2);
  out += ':';
  digits(time.minutes().count(), 2);
  out += ':';
  digits(time.seconds().count(), 2);
  if (auto micros = time.subseconds().count(); micros != 0) {
    out += '.';
    digits(micros, 6);
    while (out.back() == '0') out.pop_back();  // no trailing zeros: .5, not .500000
  }
  out += 'Z';
  return out;
}

std::expected<Instant, std::string> parse_rfc3339(std::string_view text) {
  const std::string expected_form =
      "expected an RFC 3339 date-time such as 2026-11-22T10:30:00+09:00";
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!read_digits(text, 0, 4, y) || !expect_char(text, 4, '-') || !read_digits(text, 5, 2, mo) ||
      !expect_char(text, 7, '-') || !read_digits(text, 8, 2, d) ||
      !(expect_char(text, 10, 'T') || expect_char(text, 10, 't') || expect_char(text, 10, ' ')) ||
      !read_digits(text, 11, 2, h) || !expect_char(text, 13, ':') ||
      !read_digits(text, 14, 2, mi) || !expect_char(text, 16, ':') ||
      !read_digits(text, 17, 2, s)) {
    return std::unexpected(expected_form);
  }
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                            day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::unexpected("no such calendar date; " + expected_form);
  if (h > 23 || mi > 59 || s > 59)
    return std::unexpected("time of day out of range; " + expected_form);

  std::size_t pos = 19;
  microseconds fraction{0};
  if (expect_char(text, pos, '.')) {
    ++pos;
    std::size_t digits = 0;
    long long micros = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (digits < 6) micros = micros * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9)
      return std::unexpected("fraction of a second needs 1 to 9 digits; " + expected_form);
    for (std::size_t i = digits; i < 6; ++i) micros *= 10;
    fraction = microseconds{micros};
  }

  minutes offset{0};
  if (expect_char(text, pos, 'Z') || expect_char(text, pos, 'z')) {
    ++pos;
  } else if (expect_char(text, pos, '+') || expect_char(text, pos, '-')) {
    const bool negative = text[pos] == '-';
    int oh = 0, om = 0;
    if (!read_digits(text, pos + 1, 2, oh) || !expect_char(text, pos + 3, ':') ||
        !read_digits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::unexpected("bad UTC offset; " + expected_form);
    }
    offset = hours{oh} + minutes{om};
    if (negative) offset = -offset;
    pos += 6;
  } else {
    return std::unexpected("missing UTC offset (Z or +09:00); " + expected_form);
  }
  if (pos != text.size())
    return std::unexpected("unexpected text after the date-time; " + expected_form);

  const auto local = sys_days{date} + hours{h} + minutes{mi} + seconds{s} + fraction;
  return Instant{local - offset};
}

std::int64_t to_unix_micros(Instant at) { return at.time_since_epoch().count(); }

Instant from_unix_micros(std::int64_t micros) { return Instant{microseconds{micros}}; }

}  // namespace opsdesk::core
