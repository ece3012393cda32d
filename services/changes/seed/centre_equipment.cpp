#include "services/changes/seed/centre_equipment.hpp"

#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::changes {

namespace {

// The software 別紙4 lists on the servers (項番2–6).
const std::string kOsStandard = "Windows Server 2022 Standard";
const std::string kMonitoringAgent = "Systemwalker Centric Manager V17.0.5 エージェント";
const std::string kAntivirus = "Symantec Endpoint Protection 14.3";
const std::string kPower = "ESMPRO V5.6";
const std::string kBackupTool = "Arcserve Backup r19.0 for Windows";
const std::string kServerModelSmall = "Express5800/R110m-1 4x2.5 型ドライブモデル";

Attributes with_ref(Attributes attributes, const std::string& item_number) {
  attributes["spec_ref"] = "別紙4 項番" + item_number;
  return attributes;
}

}  // namespace

std::vector<SeedItem> centre_equipment() {
  const std::vector<std::string> shared = {"all_centre"};
  std::vector<SeedItem> items;
  items.push_back({"storage-shared",
                   "storage",
                   "共有ディスク（標準共済システムサーバ用）",
                   shared,
                   with_ref({{"model", "iStorage V10e ディスクアレイ(2.5 型)"}}, "4"),
                   {}});
  items.push_back({"backup-device",
                   "storage",
                   "バックアップ装置",
                   shared,
                   with_ref({{"model", "iStorage T280"}}, "9"),
                   {}});
  for (int n = 1; n <= 3; ++n) {
    items.push_back(
        {"vhost-" + std::to_string(n),
         "virtualisation_host",
         "仮想管理サーバ" + std::to_string(n),
         shared,
         with_ref({{"model", "Express5800/R120j-2M 8x2.5 型ドライブモデル(U.3 NVMe x1/SAS/SATA)"},
                   {"os", "Windows Server 2022 Datacenter"},
                   {"monitoring", kMonitoringAgent},
                   {"antivirus", kAntivirus},
                   {"power_management", kPower},
                   {"backup_tool", kBackupTool}},
                  "2"),
         {{"depends_on", "storage-shared"}}});
  }
  // One 標準共済システムサーバ per association of the centre (項番1: 18), virtualised on the hosts.
  for (const auto& tenant : tenants::all_tenants()) {
    if (!tenant.in_centre) continue;
    const std::string code(tenant.code);
    items.push_back({"srv-" + code,
                     "system_server",
                     "標準共済システムサーバ（" + std::string(tenant.name_ja) + "）",
                     {code},
                     with_ref({{"os", kOsStandard},
                               {"database", "InterSystems IRIS (Entrée / Elite / Enterprise)"},
                               {"monitoring", kMonitoringAgent},
                               {"backup_tool", "仮想管理サーバの VM Agent per Host License に含む"},
                               {"virtualised", "yes"}},
                              "1"),
                     {{"depends_on", "storage-shared"}}});
  }
  for (int n = 1; n <= 2; ++n) {
    items.push_back({"ad-" + std::to_string(n),
                     "ad_server",
                     "ActiveDirectory サーバ" + std::to_string(n),
                     shared,
                     with_ref({{"model", kServerModelSmall},
                               {"os", kOsStandard},
                               {"monitoring", kMonitoringAgent},
                               {"antivirus", kAntivirus},
                               {"power_management", kPower},
                               {"backup_tool", kBackupTool}},
                              "3"),
                     {}});
  }
  items.push_back({"mon-server",
                   "monitoring_server",
                   "運用監視サーバ",
                   shared,
                   with_ref({{"model", kServerModelSmall},
                             {"os", kOsStandard},
                             {"monitoring", "Systemwalker Centric Manager V17.0.5"},
                             {"antivirus", kAntivirus},
                             {"power_management", kPower},
                             {"backup_tool", kBackupTool}},
                            "5"),
                   {}});
  items.push_back(
      {"backup-server",
       "backup_server",
       "バックアップサーバ",
       shared,
       with_ref({{"model", "Express5800/R120j-2M 24x2.5 型ドライブモデル(U.3 NVMe x1/SAS/SATA)"},
                 {"os", kOsStandard},
                 {"monitoring", kMonitoringAgent},
                 {"antivirus", kAntivirus},
                 {"power_management", kPower},
                 {"backup_tool", kBackupTool}},
                "6"),
       {{"backs_up", "storage-shared"}, {"depends_on", "backup-device"}}});
  items.push_back({"mon-terminal",
                   "monitoring_terminal",
                   "運用監視端末",
                   shared,
                   with_ref({{"model", "Mate J タイプ MB"},
                             {"display", "液晶ディスプレイ"},
                             {"os", "Windows 11 Pro"},
                             {"monitoring", "Systemwalker Centric Manager V17.0.5"},
                             {"antivirus", kAntivirus}},
                            "7"),
                   {{"depends_on", "mon-server"}}});
  items.push_back({"ups-3000va",
                   "ups",
                   "無停電電源装置(3000VA)(ラックマウント用)",
                   shared,
                   with_ref({{"quantity", "8"}}, "10"),
                   {}});
  items.push_back({"ups-1200va",
                   "ups",
                   "無停電電源装置(1200VA)(ラックマウント用)",
                   shared,
                   with_ref({{"quantity", "1"}}, "10"),
                   {}});
  items.push_back({"ups-smart-3000",
                   "ups",
                   "Smart-UPS 3000 RM 2U LCD 100V",
                   shared,
                   with_ref({{"quantity", "1"}}, "10"),
                   {}});
  items.push_back({"net-qx-s4314xt",
                   "network",
                   "ネットワーク機器 QX-S4314XT-2X 基本部(AC)",
                   shared,
                   with_ref({{"model", "QX-S4314XT-2X 基本部(AC)"}}, "11"),
                   {}});
  items.push_back({"net-qx-s1148gt",
                   "network",
                   "ネットワーク機器 QX-S1148GT-4G 基本部(AC)",
                   shared,
                   with_ref({{"model", "QX-S1148GT-4G 基本部(AC)"}}, "11"),
                   {}});
  items.push_back({"net-qx-s1116gt",
                   "network",
                   "ネットワーク機器 QX-S1116GT-4G 基本部(AC)",
                   shared,
                   with_ref({{"model", "QX-S1116GT-4G 基本部(AC)"}}, "11"),
                   {}});
  // 項番12–16: in the centre's configuration, procured by others.
  items.push_back({"gw-centre",
                   "network",
                   "ゲートウェイ装置",
                   shared,
                   with_ref({{"procured_by", "センタ施設管理者"}}, "12"),
                   {}});
  items.push_back({"rt-ipvpn",
                   "network",
                   "ルータ（IP-VPN 用）",
                   shared,
                   with_ref({{"procured_by", "IP-VPN を利用する共済組合"}}, "13"),
                   {}});
  items.push_back({"onu-ipvpn",
                   "network",
                   "回線終端装置（IP-VPN 用）",
                   shared,
                   with_ref({{"procured_by", "IP-VPN を利用する共済組合"}}, "14"),
                   {}});
  items.push_back({"rt-remote",
                   "network",
                   "ルータ（遠隔保守回線用）",
                   shared,
                   with_ref({{"procured_by", "共同保守業者"}}, "15"),
                   {}});
  items.push_back({"onu-remote",
                   "network",
                   "回線終端装置（遠隔保守回線用）",
                   shared,
                   with_ref({{"procured_by", "共同保守業者"}}, "16"),
                   {}});
  return items;
}

}  // namespace opsdesk::changes
