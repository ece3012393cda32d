#include "libs/tenants/tenant_registry.hpp"

#include <array>

namespace opsdesk::tenants {

namespace {

using std::chrono::year_month;
using namespace std::chrono_literals;

constexpr year_month ym(int y, unsigned m) { return std::chrono::year{y} / std::chrono::month{m}; }

constexpr std::array<Tenant, 19> kTenants{{
    {"shugiin", "衆議院共済組合", ym(2026, 9), true},
    {"sangiin", "参議院共済組合", ym(2026, 10), true},
    {"naikaku", "内閣共済組合", ym(2026, 9), true},
    {"soumu", "総務省共済組合", ym(2026, 8), true},
    {"houmu", "法務省共済組合", ym(2026, 9), true},
    {"gaimu", "外務省共済組合", ym(2026, 10), true},
    {"zaimu", "財務省共済組合", ym(2026, 10), true},
    {"monka", "文部科学省共済組合", ym(2026, 10), true},
    {"kourou", "厚生労働省共済組合", ym(2026, 9), true},
    {"nourin", "農林水産省共済組合", ym(2026, 10), true},
    {"keisan", "経済産業省共済組合", ym(2026, 10), true},
    {"kokkou", "国土交通省共済組合", ym(2026, 10), true},
    {"bouei", "防衛省共済組合", ym(2026, 10), false},
    {"saibansho", "裁判所共済組合", ym(2026, 9), true},
    {"kaikei", "会計検査院共済組合", ym(2026, 10), true},
    {"keimu", "刑務共済組合", ym(2026, 10), true},
    {"kourou2", "厚生労働省第二共済組合", ym(2026, 10), true},
    {"rinya", "林野庁共済組合", ym(2026, 9), true},
    {"rengoukai", "国家公務員共済組合連合会職員共済組合", ym(2026, 10), true},
}};

}  // namespace

std::span<const Tenant> all_tenants() { return kTenants; }

const Tenant* find_tenant(std::string_view code) {
  for (const auto& tenant : kTenants) {
    if (tenant.code == code) return &tenant;
  }
  return nullptr;
}

std::vector<std::string> in_centre_codes() {
  std::vector<std::string> codes;
  for (const auto& tenant : kTenants) {
    if (tenant.in_centre) codes.emplace_back(tenant.code);
  }
  return codes;
}

std::vector<std::string> all_codes() {
  std::vector<std::string> codes;
  for (const auto& tenant : kTenants) codes.emplace_back(tenant.code);
  return codes;
}

std::string allowed_codes_text() {
  std::string text;
  for (const auto& tenant : kTenants) {
    if (!text.empty()) text += ", ";
    text += tenant.code;
  }
  return text;
}

}  // namespace opsdesk::tenants
