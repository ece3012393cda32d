#pragma once
// The month's earned value as a workbook for the monthly report meeting (4.(1)②ク): a row per
// change and their totals with Japanese headings (計画値(PV), 出来高(EV), 実コスト(AC), SPI, CPI,
// 完了時予測(EAC) …), effort in 人月, the term's modification effort against the contract's cap
// (centre staff), and a sheet of the daily PV/EV/AC for the S-curve.

#include <expected>
#include <string>

#include "services/changes/reports/monthly_evm.hpp"

namespace opsdesk::changes {

std::expected<std::string, std::string> evm_xlsx(const MonthlyEvm& report,
                                                 double person_month_hours, core::Instant now);

}  // namespace opsdesk::changes
