#pragma once
// Seeded random inputs for the decoders' robustness tests: every decoder must answer any input
// with a value or a clear error, never a crash, a hang, an exception or a sanitizer report.
// Inputs are valid samples mutated a few edits at a time (bytes flipped, spans cut, copied or
// swapped, tokens that decoders find hard spliced in), from a fixed seed: a failure names the
// seed and the input's number, and the same seed gives the same inputs.
//
// `make test` runs a fixed number per decoder with the fixed seed; `make fuzz` runs more, with
// a new seed each time (or SEED=… to repeat one): OPSDESK_FUZZ_SEED and OPSDESK_FUZZ_SCALE.

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::testing {

inline std::uint64_t fuzz_seed() {
  const char* text = std::getenv("OPSDESK_FUZZ_SEED");
  return text != nullptr && *text != '\0' ? std::strtoull(text, nullptr, 10) : 20261203;
}

// How many inputs per decoder: `base` times OPSDESK_FUZZ_SCALE (1 unless set).
inline std::size_t fuzz_runs(std::size_t base) {
  const char* text = std::getenv("OPSDESK_FUZZ_SCALE");
  const double scale = text != nullptr && *text != '\0' ? std::strtod(text, nullptr) : 1.0;
  return static_cast<std::size_t>(static_cast<double>(base) * (scale > 0 ? scale : 1.0));
}

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : rng_(seed) {}

  std::size_t below(std::size_t n) { return n == 0 ? 0 : rng_() % n; }
  bool one_in(std::size_t n) { return below(n) == 0; }

  // One to four edits of `input`.
  std::string mutate(std::string_view input) {
    std::string out(input);
    const std::size_t edits = 1 + below(4);
    for (std::size_t i = 0; i < edits; ++i) edit(out);
    return out;
  }

  std::string random_bytes(std::size_t max_size) {
    std::string out(below(max_size + 1), '\0');
    for (auto& c : out) c = static_cast<char>(rng_());
    return out;
  }

  // Any JSON value, nested up to `depth`.
  nlohmann::json random_json(int depth = 3) {
    switch (below(depth > 0 ? 9 : 7)) {
      case 0:
        return nullptr;
      case 1:
        return one_in(2);
      case 2:
        return static_cast<std::int64_t>(rng_());
      case 3:
        return static_cast<double>(static_cast<std::int64_t>(rng_())) / 1e3;
      case 4:
        return pick(text_tokens());
      case 5:
        return std::string(below(3000), 'x');
      case 6:
        // Parsed JSON is valid UTF-8 (the parser refuses the rest), so values here are too.
        return pick({"漢字", "é", "\u00a0", "総務省共済組合", ""});
      case 7: {
        auto array = nlohmann::json::array();
        for (std::size_t i = below(4); i > 0; --i) array.push_back(random_json(depth - 1));
        return array;
      }
      default: {
        auto object = nlohmann::json::object();
        for (std::size_t i = below(4); i > 0; --i)
          object[pick(text_tokens())] = random_json(depth - 1);
        return object;
      }
    }
  }

  const std::string& pick(const std::vector<std::string>& items) {
    return items[below(items.size())];
  }

  // What decoders find hard: numbers out of range, odd escapes, bad UTF-8, impossible dates.
  inline static const std::vector<std::string> kTokens = {"\"",
                                                          "\\",
                                                          "{",
                                                          "}",
                                                          "[",
                                                          "]",
                                                          ":",
                                                          ",",
                                                          "1e999",
                                                          "-1e400",
                                                          "null",
                                                          "true",
                                                          "0",
                                                          "-0",
                                                          "18446744073709551616",
                                                          "-9223372036854775809",
                                                          "\\u0000",
                                                          "\\ud800",
                                                          "\xff",
                                                          "\xc3",
                                                          "\x82\xa0",
                                                          "\r\n",
                                                          "\n",
                                                          " ",
                                                          "\t",
                                                          "2026-02-30T25:61:00Z",
                                                          "9999-12-31T23:59:59Z",
                                                          "0001-01-01T00:00:00Z",
                                                          "2026-12-03T10:00:00+09:00",
                                                          "eyJ",
                                                          ".",
                                                          "=",
                                                          "W/\"",
                                                          "*",
                                                          "soumu",
                                                          "*",
                                                          "maintainer",
                                                          "first_notice",
                                                          "incident-",
                                                          "2026/2/29",
                                                          "国民の休日",
                                                          "PT1H30M",
                                                          "business_hours",
                                                          "- ",
                                                          "&a",
                                                          "*a",
                                                          "!!binary",
                                                          "%YAML 1.2",
                                                          "---",
                                                          "...",
                                                          "~",
                                                          "0x10",
                                                          "NaN",
                                                          "Infinity",
                                                          std::string(300, '['),
                                                          std::string(300, '{')};

  // The tokens that are valid UTF-8: what a parsed JSON document can hold.
  static const std::vector<std::string>& text_tokens() {
    static const std::vector<std::string> tokens = [] {
      std::vector<std::string> valid;
      for (const auto& token : kTokens) {
        try {
          (void)nlohmann::json(token).dump();
          valid.push_back(token);
        } catch (const nlohmann::json::exception&) {
        }
      }
      return valid;
    }();
    return tokens;
  }

 private:
  void edit(std::string& s) {
    const std::size_t at = below(s.size() + 1);
    switch (below(7)) {
      case 0:  // flip a byte
        if (!s.empty()) s[below(s.size())] = static_cast<char>(rng_());
        break;
      case 1:  // cut a span
        if (!s.empty()) s.erase(at, 1 + below(16));
        break;
      case 2:  // copy a span elsewhere
        if (!s.empty()) {
          const auto from = below(s.size());
          s.insert(below(s.size() + 1), s.substr(from, 1 + below(32)));
        }
        break;
      case 3:  // a hard token
        s.insert(at, pick(kTokens));
        break;
      case 4:  // random bytes
        s.insert(at, random_bytes(8));
        break;
      case 5:  // swap two bytes
        if (s.size() > 1) std::swap(s[below(s.size())], s[below(s.size())]);
        break;
      default:  // cut the end
        s.resize(at);
        break;
    }
  }

  std::mt19937_64 rng_;
};

// Runs `decode` on `runs` inputs made by `make_input`; an exception is a failure naming the
// seed, the input's number and (escaped, shortened) the input. Stops after five failures.
inline void expect_decodes_or_refuses(const std::string& decoder, std::size_t runs,
                                      const std::function<std::string(Mutator&)>& make_input,
                                      const std::function<void(const std::string&)>& decode) {
  const auto seed = fuzz_seed();
  Mutator mutator(seed);
  int failures = 0;
  for (std::size_t i = 0; i < runs && failures < 5; ++i) {
    const auto input = make_input(mutator);
    try {
      decode(input);
    } catch (const std::exception& e) {
      ++failures;
      ADD_FAILURE() << decoder << " threw on input " << i << " (OPSDESK_FUZZ_SEED=" << seed
                    << "): " << e.what() << "\ninput: "
                    << nlohmann::json(input)
                           .dump(-1, ' ', true, nlohmann::json::error_handler_t::replace)
                           .substr(0, 400);
    }
  }
}

}  // namespace opsdesk::testing
