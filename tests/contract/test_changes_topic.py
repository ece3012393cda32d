#!/usr/bin/python3
"""Cross-language contract test of opsdesk.changes.events.v1.

Independent clients read what opsdesk publishes: kafka-python (Debian python3-kafka) consumes
the topic from `opsdesk dev-broker`, every CloudEvents header is checked against the contract
(ARCHITECTURE.md §Distribution, libs/messaging/cloud_events.hpp) and every payload is decoded
with classes that `protoc --python_out` generated from proto-schemas/ at build time. The centre's
configuration and its changes are recorded over HTTP against a real `opsdesk --target=all`
(docs/api/changes.yaml), so that every event message of proto-schemas/opsdesk/changes/v1 is
published at least once:

- the centre's equipment seeded (別紙4: 39 configuration items), and one more item registered,
  revised (it now concerns a third association) and retired;
- a security patch taken through its whole life: assessed, approved, planned as two work
  packages, baselined, its progress and hours recorded, every phase done in the order
  services/changes/domain/change.cpp requires (migration and installation once per association,
  training skipped), then closed; one command out of order is refused and publishes nothing;
- a change rejected before its approval, another withdrawn;
- a change from a fault whose cost overrun makes the forecast at completion pass the contract's
  cap (2 person-months × 160 h = 320 h), so that the effort watch records 80 % and 100 % of it;
- a vendor's security patch (/v1/patches) taken through its register: assessed, agreed as
  normal, verified, given its procedure, linked to the change that modifies the system for it,
  targeted at three associations' servers and the monitoring terminal and rolled out a step of
  each kind (verified, scheduled, applied, failed, not_applicable), one server left open, then
  re-decided an emergency, so that the patch watch records it overdue;
- controlled documents (/v1/documents): minutes for the whole centre, a version carried as bytes
  and approved; a procedure for two associations, a version named by its hash, filed, retired;
- two meetings (/v1/meetings): today's, whose minutes are recorded in time, and one of Friday
  2026-11-20, whose minutes were due Wednesday 11-25 at 18:00 (Monday 11-23 is 勤労感謝の日), so
  that the minutes watch records them overdue;
- an asset handed out (/v1/checkouts): a system server's programs with their master's hashes,
  returned and checked (one file changed, one missing, one added).

opsdesk runs on the real clock, as in the other contract tests; the contract term (sla.term_start,
sla.term_end) is set to the fiscal year of today, so that the fault's change counts against the
term's cap whenever the test runs. The effort watch runs after every change command that counts
against the cap, on a thread of its own: the test polls for its records with a deadline and never
asserts on timing. The patch's story is told as it happened in June 2026 (each command says when,
`at`): its emergency decision is dated Monday 2026-06-01 at 09:00, so it was due on every target
by the end of the third business day after, Thursday 2026-06-04 at 18:00 (Tokyo), long past on
the real clock. The patch watch runs on the effort watch's thread, woken by a command on an
emergency patch, so the test polls for the overdue record as well. What every topic's contract test shares is in contract_support.py.

Run by ctest (tests/CMakeLists.txt) with OPSDESK_BINARY (the opsdesk under test) and
OPSDESK_PROTO_PYTHON (the generated classes) in the environment.
"""

import base64
import collections
import datetime
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import contract_support as contract  # noqa: E402 (it puts OPSDESK_PROTO_PYTHON on sys.path)
from contract_support import (ACTOR, TOKYO, UUID_TEXT, first_of_each_version, headers_of, instant_of,  # noqa: E402
                              parse_rfc3339, wait_until)
from opsdesk.changes.v1 import events_pb2  # noqa: E402

# Every stream id of the topic, by its prefix (services/changes/contract/change_events.hpp).
STREAM_IDS = {
    "ci": re.compile(rf"^ci-{UUID_TEXT}$"),
    "change": re.compile(rf"^change-{UUID_TEXT}$"),
    "effortcap": re.compile(r"^effortcap-\d{4}$"),
    "patch": re.compile(rf"^patch-{UUID_TEXT}$"),
    "document": re.compile(rf"^document-{UUID_TEXT}$"),
    "meeting": re.compile(rf"^meeting-{UUID_TEXT}$"),
    "checkout": re.compile(rf"^checkout-{UUID_TEXT}$"),
}
WATCH = "changes-effort-watch"  # the effort watch's own principal (services/changes/effort_watch.cpp)
PATCH_WATCH = "changes-patch-watch"  # the patch watch's own principal (services/changes/patch_watch.cpp)
MINUTES_WATCH = "changes-minutes-watch"  # services/changes/minutes_watch.cpp
# The meeting whose minutes never come: held Friday 2026-11-20, minutes due Wednesday 11-25 18:00.
MEETING_DAY = "2026-11-20"
MINUTES_DUE_AT = "2026-11-25T18:00:00+09:00"
EMERGENCY_BUSINESS_DAYS = 3  # changes.emergency_patch_business_days, the default
# The patch's emergency decision (Monday) and the end of the third business day after it (18:00).
DECIDED_AT = "2026-06-01T09:00:00+09:00"
DUE_AT = "2026-06-04T18:00:00+09:00"
# The rollout commands of a patch and the step each records (PatchRolloutRecorded.step).
ROLLOUT_STEPS = {"verify": "verified", "schedule": "scheduled", "apply": "applied", "fail": "failed",
                 "not_applicable": "not_applicable"}
SEEDED_ITEMS = 39  # 別紙4 as services/changes/seed/centre_equipment.cpp lists it
PERSON_MONTH_HOURS = 160.0  # changes.person_month_hours, the default
CAP_HOURS = 2 * PERSON_MONTH_HOURS  # changes.cap_person_months (2), the default
EAC_METHOD = "cpi"  # changes.cap_eac_method, the default
# The phases of a change in the order they are done (services/changes/domain/vocabulary.cpp).
PHASES = ["design", "build", "unit_test", "integration_test", "system_test", "acceptance_support",
          "distribution", "migration", "installation", "training"]
PER_ASSOCIATION_PHASES = {"migration", "installation"}

# One fact the topic is to carry: its event type, what it was recorded from, the request id it was
# recorded under (the correlation id), the associations of its stream (ce_tenant) and the actor.
Fact = collections.namedtuple("Fact", "type sent request_id tenants actor")


def event_messages():
    """The names of the schema's event messages: those that say when they happened (`at`);
    Relation, Evidence, BaselinePackage, AssetFile and AssetDifference are parts of events."""
    return {name for name, message in events_pb2.DESCRIPTOR.message_types_by_name.items()
            if "at" in message.fields_by_name}


def fiscal_year_of(day):
    """The fiscal year (April to March) a day falls in, as its first year."""
    return day.year if day.month >= 4 else day.year - 1


class ChangesTopicContract(contract.TopicContract):
    DOMAIN = "changes"
    EVENTS = events_pb2

    @classmethod
    def setUpClass(cls):
        cls.today = datetime.datetime.now(TOKYO).date()
        cls.term = str(fiscal_year_of(cls.today))
        # The contract term is today's fiscal year: the fault's change counts against its cap.
        cls.start({"OPSDESK_SLA_TERM_START": f"{cls.term}-04-01", "OPSDESK_SLA_TERM_END": f"{int(cls.term) + 1}-03-31"})
        cls.every_association = [tenant["code"] for tenant in cls.get("/v1/tenants")["items"]]
        cls.created = {}
        cls.record_the_configuration()
        # The patch first: the fault's commands (record_the_changes) wake the watches after it.
        cls.record_the_patch()
        cls.record_the_changes()
        cls.record_the_patch_overdue()
        cls.record_the_documents()
        cls.record_the_meetings()
        cls.record_the_checkout()
        cls.head, cls.records = cls.read_topic(cls.expected_types())

    @classmethod
    def expect(cls, stream, tenants, *events, actor=ACTOR):
        """What the topic is to carry for `stream`, in the order recorded: each event as (type, what it
        was recorded from, the request id), with the associations of the stream as it then was."""
        entry = cls.created.setdefault(stream, [])
        entry.extend(Fact(event_type, sent, request_id, list(tenants), actor)
                     for event_type, sent, request_id in events)

    @classmethod
    def change_command(cls, change, command, body, event_type):
        """One command on a change that records one event of `event_type`."""
        answer, request_id = cls.post(f"/v1/changes/{change['id']}/{command}", body)
        cls.expect("change-" + change["id"], change["tenants"],
                   (event_type, {"body": body, "answer": answer}, request_id))
        return answer

    # ---- the centre's configuration, over HTTP ----

    @classmethod
    def record_the_configuration(cls):
        # The centre's equipment (別紙4), seeded in one request: one stream per item.
        seeded, request_id = cls.post("/v1/configuration-items/seed", {})
        if len(seeded["registered"]) != SEEDED_ITEMS or seeded["already_registered"]:
            raise RuntimeError(f"the seed registered {len(seeded['registered'])} items, not {SEEDED_ITEMS}")
        listed = {item["id"]: item for item in cls.get("/v1/configuration-items?status=all")["items"]}
        cls.seeded_ids = [entry["id"] for entry in seeded["registered"]]
        for ci_id in cls.seeded_ids:
            item = listed[ci_id]
            cls.expect("ci-" + ci_id, item["concerned_tenants"],
                       ("ConfigurationItemRegistered", {"listed": item}, request_id))
        cls.item_ids = {item["code"]: item["id"] for item in listed.values()}

        # A tool of the centre on two associations' servers: registered, revised to serve a third
        # association as well, then retired. Each event carries the associations the item then concerned.
        register_body = {"kind": "software", "code": "sw-kyufu-batch-tool", "name": "短期給付バッチ補助ツール",
                         "tenants": ["soumu", "houmu"], "location": "centre",
                         "attributes": {"version": "1.0.3", "vendor": "センタ開発"},
                         "relations": [{"kind": "runs_on", "target": "srv-soumu"},
                                       {"kind": "runs_on", "target": "srv-houmu"}]}
        item, registered_request = cls.post("/v1/configuration-items", register_body)
        cls.tool = item
        cls.expect("ci-" + item["id"], ["soumu", "houmu"],
                   ("ConfigurationItemRegistered", {"body": register_body, "answer": item}, registered_request))
        revise_body = {"name": "短期給付バッチ補助ツール（改訂版）", "tenants": ["soumu", "houmu", "gaimu"],
                       "attributes": {"version": "1.1.0", "vendor": "センタ開発"},
                       "relations": [{"kind": "runs_on", "target": "srv-soumu"},
                                     {"kind": "runs_on", "target": "srv-houmu"},
                                     {"kind": "runs_on", "target": "srv-gaimu"}],
                       "reason": "外務省共済組合でも利用開始"}
        revised, revised_request = cls.post(f"/v1/configuration-items/{item['id']}/revise", revise_body)
        cls.expect("ci-" + item["id"], ["soumu", "houmu", "gaimu"],
                   ("ConfigurationItemRevised", {"body": revise_body, "answer": revised}, revised_request))
        retire_body = {"reason": "標準共済システムの機能に統合されたため撤去"}
        retired, retired_request = cls.post(f"/v1/configuration-items/{item['id']}/retire", retire_body)
        cls.expect("ci-" + item["id"], ["soumu", "houmu", "gaimu"],
                   ("ConfigurationItemRetired", {"body": retire_body, "answer": retired}, retired_request))

    # ---- the changes, over HTTP ----

    @classmethod
    def register_change(cls, body):
        change, request_id = cls.post("/v1/changes", body)
        cls.expect("change-" + change["id"], change["tenants"],
                   ("ChangeRegistered", {"body": body, "answer": change}, request_id))
        return change

    @classmethod
    def record_the_changes(cls):
        today = cls.today
        day = lambda offset: (today + datetime.timedelta(days=offset)).isoformat()  # noqa: E731

        # A security patch for two associations' servers, through its whole life.
        patch = cls.register_change({
            "origin": "security_patch", "title": "OS 月例セキュリティパッチ適用（総務・法務）",
            "description": "Windows Server 2022 の月例パッチを標準共済システムサーバに適用する",
            "tenants": ["soumu", "houmu"], "configuration_items": ["srv-soumu", cls.item_ids["srv-houmu"]]})
        cls.patch = patch
        cls.change_command(patch, "assess", {"impact": "再起動を伴う（夜間停止 30 分）",
                                             "effort_estimate_hours": 24}, "ChangeAssessed")
        cls.change_command(patch, "approve", {"approver": "総務省共済組合 山田課長", "note": "夜間停止を了承"},
                           "ChangeApproved")
        cls.change_command(patch, "add_work_package",
                           {"name": "パッチ検証", "planned_hours": 16, "planned_start": day(-10),
                            "planned_finish": day(-3)}, "WorkPackageAdded")
        cls.change_command(patch, "add_work_package",
                           {"name": "総務省共済組合 サーバ適用", "planned_hours": 8.5, "planned_start": day(-3),
                            "planned_finish": day(4), "depends_on": ["wp-1"], "tenant": "soumu"},
                           "WorkPackageAdded")
        cls.change_command(patch, "baseline", {}, "BaselineSet")
        cls.change_command(patch, "record_progress", {"package_id": "wp-1", "percent": 60, "as_of": day(-1)},
                           "WorkProgressRecorded")
        cls.change_command(patch, "record_actual",
                           {"package_id": "wp-1", "hours": 6.5, "by": "開発担当 佐藤", "date": day(0),
                            "activity": "検証環境へのパッチ適用と回帰確認"}, "ActualEffortRecorded")
        evidence = 0
        for phase in PHASES[:PHASES.index("acceptance_support") + 1]:
            evidence += 1
            cls.change_command(patch, "complete_phase",
                               {"phase": phase, "evidence": {"document_id": f"DOC-SEC-{evidence:03d}",
                                                             "document_version": "1.0"},
                                "note": f"{phase} 完了"}, "ChangePhaseCompleted")
        # Out of order (distribution is not done): refused, and nothing is recorded.
        cls.refused = cls.call("POST", f"/v1/changes/{patch['id']}/complete_phase",
                               {"phase": "installation", "tenant": "soumu",
                                "evidence": {"document_id": "DOC-SEC-999", "document_version": "1.0"}},
                               cls.next_request_id())
        cls.change_command(patch, "complete_phase",
                           {"phase": "distribution", "evidence": {"document_id": "DOC-SEC-008",
                                                                  "document_version": "2.1"}},
                           "ChangePhaseCompleted")
        for phase in ("migration", "installation"):
            for tenant in patch["tenants"]:
                evidence += 2
                cls.change_command(patch, "complete_phase",
                                   {"phase": phase, "tenant": tenant,
                                    "evidence": {"document_id": f"DOC-SEC-{evidence:03d}",
                                                 "document_version": "1.0"}}, "ChangePhaseCompleted")
        cls.change_command(patch, "record_progress", {"package_id": "wp-2", "done": True},
                           "WorkProgressRecorded")
        cls.change_command(patch, "skip_phase", {"phase": "training", "reason": "利用者の操作に変更なし"},
                           "ChangePhaseSkipped")
        cls.change_command(patch, "close", {"note": "全組合への適用を確認"}, "ChangeClosed")

        # A change the association side turns down before approving it.
        rejected = cls.register_change({"origin": "other", "title": "帳票レイアウトの変更",
                                        "tenants": ["gaimu"]})
        cls.change_command(rejected, "assess", {"impact": "帳票 3 種", "effort_estimate_hours": 12},
                           "ChangeAssessed")
        cls.change_command(rejected, "reject", {"reason": "今年度は現行様式を継続する"}, "ChangeRejected")

        # A change for the whole centre (all_centre: its 18 associations), given up.
        withdrawn = cls.register_change({"origin": "security_patch", "title": "ウイルス対策ソフトの更新",
                                         "tenants": ["all_centre"], "configuration_items": ["mon-server"]})
        cls.change_command(withdrawn, "withdraw", {"reason": "ベンダ提供の修正版を待つ"}, "ChangeWithdrawn")

        # A change from a fault, which counts against the contract's cap. The forecast at completion
        # (EAC, CPI method) stays below 80 % of the cap until the last command: 100 h planned (EAC
        # 100 h), 10 % done (90 h), 20 h worked (CPI 0.5: 200 h), 40 h worked (CPI 0.25: 400 h ≥ 320 h).
        # So the watch records 80 % and 100 % by eac for 400 h, whenever its pass runs.
        cls.incident_id = "6f1c2a3e-8d7b-4c1a-9e2f-0a1b2c3d4e5f"
        fault = cls.register_change({"origin": "fault", "incident_id": cls.incident_id,
                                     "title": "夜間バッチ異常終了の恒久対策", "tenants": ["soumu"],
                                     "configuration_items": ["srv-soumu"]})
        cls.fault = fault
        cls.change_command(fault, "add_work_package",
                           {"name": "バッチ改修", "planned_hours": 100, "planned_start": day(-14),
                            "planned_finish": day(30), "tenant": "soumu"}, "WorkPackageAdded")
        cls.change_command(fault, "baseline", {}, "BaselineSet")
        cls.change_command(fault, "record_progress", {"package_id": "wp-1", "percent": 10, "as_of": day(0)},
                           "WorkProgressRecorded")
        cls.change_command(fault, "record_actual", {"package_id": "wp-1", "hours": 20, "by": "開発担当 鈴木",
                                                    "date": day(-1), "activity": "原因調査"},
                           "ActualEffortRecorded")
        cls.change_command(fault, "record_actual", {"package_id": "wp-1", "hours": 20, "by": "開発担当 鈴木",
                                                    "date": day(0), "activity": "改修設計の見直し"},
                           "ActualEffortRecorded")
        cls.cap = cls.wait_for_thresholds(2)
        for threshold in (80, 100):
            cls.expect("effortcap-" + cls.term, cls.every_association,
                       ("ContractEffortThresholdReached", {"threshold": threshold, "measure": "eac"},
                        f"effortcap-{cls.term}-eac-{threshold}"), actor=WATCH)

    @classmethod
    def wait_for_thresholds(cls, count):
        """The term's effort once the watch has recorded `count` thresholds (GET /v1/evm/cap)."""
        return wait_until(lambda: cls.get("/v1/evm/cap"), lambda cap: len(cap["thresholds_reached"]) >= count,
                          lambda cap: f"the effort watch recorded {cap['thresholds_reached']}")

    # ---- a security patch, over HTTP ----

    @classmethod
    def patch_command(cls, command, body, event_type):
        """One command on the patch that records one event of `event_type`. A patch is published
        software: its stream concerns every association, whatever its targets."""
        answer, request_id = cls.post(f"/v1/patches/{cls.security_patch['id']}/{command}", body)
        cls.expect("patch-" + cls.security_patch["id"], cls.every_association,
                   (event_type, {"body": body, "answer": answer, "command": command}, request_id))
        return answer

    @classmethod
    def record_the_patch(cls):
        # June 2026's critical OS patch, registered on the Monday morning (each command says when).
        register_body = {"product": "os", "vendor_id": "KB5060842",
                         "title": "2026年6月のセキュリティ更新プログラム（Windows Server 2022）",
                         "published": "2026-05-29", "severity": "critical",
                         "description": "リモートでコードが実行される脆弱性の修正を含む",
                         "at": "2026-06-01T08:30:00+09:00"}
        patch, request_id = cls.post("/v1/patches", register_body)
        cls.security_patch = patch
        cls.expect("patch-" + patch["id"], cls.every_association,
                   ("PatchRegistered", {"body": register_body, "answer": patch}, request_id))
        cls.patch_command("assess", {"impact": "帳票出力モジュールが更新後の印刷 API で異常終了する",
                                     "needs_modification": True, "at": "2026-06-01T08:45:00+09:00"},
                          "PatchAssessed")
        cls.patch_command("decide_urgency",
                          {"urgency": "normal", "measure": "provisional", "reason": "悪用は未確認",
                           "plan": "定期保守で全サーバへ適用、帳票出力は改修まで暫定回避",
                           "agreed_with": "総務省共済組合 山田課長", "at": DECIDED_AT},
                          "PatchUrgencyDecided")
        cls.patch_command("record_verification",
                          {"result": "passed", "environment": "検証環境（標準共済システム）",
                           "note": "回帰確認 42 項目すべて合格", "at": "2026-06-01T15:00:00+09:00"},
                          "PatchVerificationRecorded")
        cls.patch_command("attach_procedure", {"document_id": "PROC-KB5060842", "document_version": "1.0",
                                               "at": "2026-06-01T16:00:00+09:00"}, "PatchProcedureAttached")
        # The change that modifies the system's assets for it (⑤エ), registered that morning.
        cls.patch_change = cls.register_change({
            "origin": "security_patch", "title": "KB5060842 適用に伴う帳票出力モジュールの改修",
            "tenants": ["soumu", "houmu", "gaimu"],
            "configuration_items": ["srv-soumu", "srv-houmu", "srv-gaimu"], "at": "2026-06-01T10:00:00+09:00"})
        cls.patch_command("link_change", {"change_id": cls.patch_change["id"], "at": "2026-06-01T16:10:00+09:00"},
                          "PatchLinkedToChange")
        # Three associations' servers (by code and by id) and the shared monitoring terminal.
        cls.patch_command("target", {"configuration_items": ["srv-soumu", cls.item_ids["srv-houmu"], "srv-gaimu",
                                                             "mon-terminal"],
                                     "at": "2026-06-01T16:30:00+09:00"}, "PatchTargetsAdded")
        # One rollout step of each kind: srv-gaimu fails, is scheduled again, and stays open.
        cls.patch_command("verify", {"targets": ["srv-soumu", "srv-houmu", "srv-gaimu", "mon-terminal"],
                                     "note": "各サーバのスナップショット取得済", "at": "2026-06-02T10:00:00+09:00"},
                          "PatchRolloutRecorded")
        cls.patch_command("schedule", {"targets": ["srv-soumu", "srv-houmu", "srv-gaimu"],
                                       "scheduled_for": "2026-06-02T20:00:00+09:00", "note": "夜間停止枠",
                                       "at": "2026-06-02T11:00:00+09:00"}, "PatchRolloutRecorded")
        cls.patch_command("apply", {"targets": ["srv-soumu", "srv-houmu"], "note": "適用、再起動確認済",
                                    "at": "2026-06-02T21:00:00+09:00"}, "PatchRolloutRecorded")
        cls.patch_command("fail", {"target": "srv-gaimu", "note": "再起動後に業務サービスが起動せず切り戻し",
                                   "at": "2026-06-02T21:30:00+09:00"}, "PatchRolloutRecorded")
        cls.patch_command("not_applicable", {"target": "mon-terminal", "note": "同等の更新を端末の自動更新で適用済",
                                             "at": "2026-06-03T10:00:00+09:00"}, "PatchRolloutRecorded")
        cls.patch_command("schedule", {"target": "srv-gaimu", "scheduled_for": "2026-06-05T20:00:00+09:00",
                                       "at": "2026-06-03T11:00:00+09:00"}, "PatchRolloutRecorded")
        # Last, the association side's decision is recorded as it was taken at Monday's meeting: an
        # emergency (悪用を確認). Due long ago, the patch watch records it overdue right after.
        cls.patch_command("decide_urgency",
                          {"urgency": "emergency", "measure": "provisional", "reason": "悪用が確認されている",
                           "plan": "3 営業日以内に全サーバへ適用、帳票出力は改修まで暫定回避",
                           "agreed_with": "総務省共済組合 山田課長", "at": DECIDED_AT},
                          "PatchUrgencyDecided")

    @classmethod
    def record_the_patch_overdue(cls):
        """The patch once the patch watch has recorded it overdue (GET /v1/patches/{id}): srv-gaimu
        was not applied by Thursday 18:00. The watch's record carries a request id of its own."""
        patch = wait_until(lambda: cls.get(f"/v1/patches/{cls.security_patch['id']}"),
                           lambda patch: patch["overdue"],
                           lambda patch: f"the patch watch did not record {patch['vendor_id']} overdue "
                                         f"({patch['status']}, due {patch['apply_due_at']})")
        cls.expect("patch-" + patch["id"], cls.every_association,
                   ("EmergencyPatchOverdue", {"answer": patch, "open": ["srv-gaimu"]},
                    "patch-overdue-" + patch["id"]), actor=PATCH_WATCH)

    # ---- documents, meetings and a check-out, over HTTP ----

    @classmethod
    def stream_command(cls, stream, tenants, path, body, event_type):
        """One command that records one event of `event_type` on `stream`."""
        answer, request_id = cls.post(path, body)
        cls.expect(stream, tenants, (event_type, {"body": body, "answer": answer}, request_id))
        return answer

    @classmethod
    def record_the_documents(cls):
        cls.centre_associations = cls.get("/v1/configuration-items/mon-terminal")["concerned_tenants"]
        body = {"title": "11月 月次報告会 議事録", "kind": "minutes", "tenants": ["all_centre"],
                "description": "月次報告会（仕様書 4.(1)②ク）の議事録"}
        minutes, request_id = cls.post("/v1/documents", body)
        cls.minutes = minutes
        stream = "document-" + minutes["id"]
        cls.expect(stream, cls.centre_associations, ("DocumentRegistered", {"body": body, "answer": minutes},
                                                      request_id))
        cls.minutes_bytes = "出席者: 総務省共済組合 山田課長、受託者 田中\n議題: 11月の運用状況\n".encode()
        cls.stream_command(stream, cls.centre_associations, f"/v1/documents/{minutes['id']}/add_version",
                           {"version": "1.0", "content_base64": base64.b64encode(cls.minutes_bytes).decode(),
                            "file_name": "議事録_202611.txt", "media_type": "text/plain; charset=utf-8",
                            "note": "初版"}, "DocumentVersionAdded")
        cls.stream_command(stream, cls.centre_associations, f"/v1/documents/{minutes['id']}/approve",
                           {"version": "1.0", "approver": "総務省共済組合 山田課長", "note": "内容を確認"},
                           "DocumentVersionApproved")

        body = {"title": "サーバ再起動手順書", "kind": "procedure", "tenants": ["soumu", "houmu"]}
        procedure, request_id = cls.post("/v1/documents", body)
        stream = "document-" + procedure["id"]
        cls.expect(stream, ["soumu", "houmu"], ("DocumentRegistered", {"body": body, "answer": procedure},
                                                request_id))
        path = f"/v1/documents/{procedure['id']}/"
        cls.stream_command(stream, ["soumu", "houmu"], path + "add_version",
                           {"version": "第2版", "sha256": "ab" * 32, "size": 734003, "file_name": "再起動手順.pdf"},
                           "DocumentVersionAdded")
        cls.stream_command(stream, ["soumu", "houmu"], path + "file",
                           {"location": "fireproof_safe", "label": "原本-2026-014", "index": "A-03 / 5"},
                           "DocumentFiled")
        cls.stream_command(stream, ["soumu", "houmu"], path + "retire",
                           {"reason": "運用保守マニュアルに統合"}, "DocumentRetired")

    @classmethod
    def record_the_meetings(cls):
        # Today's meeting: its minutes (the document above) recorded at once, in time.
        today = cls.today.isoformat()
        body = {"date": today, "held_at": "センタ会議室", "kind": "monthly_report", "title": "月次報告会",
                "attendees": ["総務省共済組合 山田課長", "受託者 田中"], "tenants": ["all_centre"]}
        meeting, request_id = cls.post("/v1/meetings", body)
        stream = "meeting-" + meeting["id"]
        cls.expect(stream, cls.centre_associations, ("MeetingRecorded", {"body": body, "answer": meeting},
                                                      request_id))
        cls.stream_command(stream, cls.centre_associations, f"/v1/meetings/{meeting['id']}/record_minutes",
                           {"document_id": cls.minutes["id"], "document_version": "1.0"}, "MinutesRecorded")
        # Friday 2026-11-20's coordination meeting, recorded that evening; no minutes ever came.
        body = {"date": MEETING_DAY, "held_at": "web", "kind": "coordination", "title": "移行調整",
                "attendees": ["法務省共済組合 佐藤"], "tenants": ["houmu"],
                "at": "2026-11-20T17:30:00+09:00"}
        late, request_id = cls.post("/v1/meetings", body)
        cls.expect("meeting-" + late["id"], ["houmu"], ("MeetingRecorded", {"body": body, "answer": late},
                                                         request_id))
        late = wait_until(lambda: cls.get(f"/v1/meetings/{late['id']}"),
                          lambda meeting: meeting["status"] == "minutes_overdue",
                          lambda meeting: f"the minutes watch did not record {meeting['title']} overdue "
                                          f"({meeting['status']}, due {meeting['minutes_due_at']})")
        cls.expect("meeting-" + late["id"], ["houmu"],
                   ("MinutesOverdue", {"answer": late}, "minutes-overdue-" + late["id"]), actor=MINUTES_WATCH)

    @classmethod
    def record_the_checkout(cls):
        master = [{"name": "bin/kyosai.exe", "sha256": "a" * 64}, {"name": "lib/calc.dll", "sha256": "b" * 64}]
        body = {"configuration_item": "srv-soumu", "recipient": "B社 山田", "purpose": "年金計算の改修",
                "due_back": "2027-01-29", "master": master}
        checkout, request_id = cls.post("/v1/checkouts", body)
        stream = "checkout-" + checkout["id"]
        cls.expect(stream, ["soumu"], ("AssetCheckedOut", {"body": body, "answer": checkout}, request_id))
        path = f"/v1/checkouts/{checkout['id']}/"
        cls.stream_command(stream, ["soumu"], path + "return", {"note": "媒体を受領"}, "AssetReturned")
        cls.stream_command(stream, ["soumu"], path + "check_consistency",
                           {"found": [{"name": "bin/kyosai.exe", "sha256": "c" * 64},
                                      {"name": "README.txt", "sha256": "d" * 64}],
                            "note": "納品物を原本と照合"}, "ConsistencyChecked")

    # ---- the topic ----

    @classmethod
    def expected_types(cls):
        return {"opsdesk.changes.v1." + fact.type for facts in cls.created.values() for fact in facts}

    def expected_fact(self, headers):
        """The fact recorded at this stream version."""
        return self.created[headers["ce_subject"]][int(headers["ce_streamversion"]) - 1]

    # ---- the contract ----

    def test_every_event_message_of_the_schema_is_published(self):
        published = {headers_of(record)["ce_type"] for record in self.records}
        self.assertEqual(published, self.expected_types())
        self.assertEqual(published, {"opsdesk.changes.v1." + name for name in event_messages()})

    def test_every_log_position_arrives_with_the_key_and_headers_of_the_contract(self):
        for record in self.records:
            with self.subTest(offset=record.offset, partition=record.partition):
                headers = self.assert_cloudevents_headers(record)
                fact = self.expected_fact(headers)
                # The associations the stream concerned when the event was recorded, in the
                # registry's order: an item's (all_centre as the 18), a change's, and every
                # association for the contract's cap.
                self.assertEqual(headers["ce_tenant"], ",".join(fact.tenants))
                self.assertEqual(headers["ce_actor"], fact.actor)
                self.assertEqual(headers["ce_correlationid"], fact.request_id)
        # The log positions are the changes log's, contiguous from 1, each published.
        self.assert_every_log_position_published()

    def test_each_fact_is_published_once(self):
        # One log position (and one event id) per fact recorded, the refused command none; a
        # redelivery (at-least-once) repeats the very record, never a second event for one fact.
        facts = sum(len(facts) for facts in self.created.values())
        self.assertEqual(self.head, facts)
        by_position = {}
        for record in self.records:
            headers = headers_of(record)
            by_position.setdefault(int(headers["ce_logposition"]), set()).add(
                (record.key, record.value, tuple(sorted(headers.items()))))
        self.assertEqual(len(by_position), facts)
        for position, copies in by_position.items():
            with self.subTest(position=position):
                self.assertEqual(len(copies), 1, "a redelivery differs from the first delivery")

    def test_every_stream_id_is_named_as_the_contract_names_it(self):
        streams = self.streams()
        for stream in streams:
            with self.subTest(stream=stream):
                prefix = stream.split("-", 1)[0]
                self.assertIn(prefix, STREAM_IDS)
                self.assertRegex(stream, STREAM_IDS[prefix])
        # The cap's stream is named by the fiscal year its term starts in.
        self.assertIn("effortcap-" + self.term, streams)
        self.assertEqual(sum(1 for stream in streams if stream.startswith("ci-")), SEEDED_ITEMS + 1)

    def test_each_stream_is_on_one_partition_with_versions_contiguous_from_1(self):
        streams = self.streams()
        self.assertEqual(set(streams), set(self.created))
        for stream, records in streams.items():
            with self.subTest(stream=stream):
                self.assert_one_partition_and_versions_from_1(records, len(self.created[stream]))

    def test_each_stream_publishes_one_event_per_fact_in_the_order_recorded(self):
        for stream, records in self.streams().items():
            with self.subTest(stream=stream):
                first = [headers_of(record) for record in first_of_each_version(records)]
                expected = self.created[stream]
                self.assertEqual([headers["ce_type"] for headers in first],
                                 ["opsdesk.changes.v1." + fact.type for fact in expected])
                # Each carries the request id of the command that recorded it.
                self.assertEqual([headers["ce_correlationid"] for headers in first],
                                 [fact.request_id for fact in expected])

    def test_every_payload_decodes_as_the_protobuf_message_named_by_ce_type_and_carries_what_was_sent(self):
        for record in self.records:
            headers = headers_of(record)
            with self.subTest(offset=record.offset, partition=record.partition, type=headers["ce_type"]):
                name, message = self.assert_payload_decodes(record, headers)
                fact = self.expected_fact(headers)
                self.assertEqual(name, fact.type)
                # ce_time is when it happened: the payload's `at`.
                self.assertEqual(instant_of(message.at), parse_rfc3339(headers["ce_time"]))
                if "by" in message.DESCRIPTOR.fields_by_name:
                    self.assertEqual(message.by, ACTOR)  # `by` left out: the token's sub
                getattr(self, "check_" + name)(message, fact.sent, headers)

    # ---- each event's payload ----

    def relations_of(self, message):
        return [(relation.kind, relation.target_id) for relation in message.relations]

    def check_ConfigurationItemRegistered(self, message, sent, headers):
        item = sent.get("listed") or sent["answer"]  # as GET /v1/configuration-items shows it
        self.assertEqual("ci-" + message.ci_id, headers["ce_subject"])
        self.assertEqual(message.ci_id, item["id"])
        self.assertEqual((message.kind, message.code, message.name, message.location),
                         (item["kind"], item["code"], item["name"], item["location"]))
        # The scope as given (["all_centre"] for the shared equipment); ce_tenant names its associations.
        self.assertEqual(list(message.tenants), item["tenants"])
        self.assertEqual(dict(message.attributes), item["attributes"])
        self.assertEqual(self.relations_of(message), [(r["kind"], r["target_id"]) for r in item["relations"]])
        self.assertEqual(instant_of(message.at), parse_rfc3339(item["registered_at"]))
        if "body" in sent:
            body = sent["body"]
            self.assertEqual((message.kind, message.code, message.name, list(message.tenants), message.location),
                             (body["kind"], body["code"], body["name"], body["tenants"], body["location"]))
            self.assertEqual(dict(message.attributes), body["attributes"])
            self.assertEqual(self.relations_of(message),
                             [(r["kind"], self.item_ids[r["target"]]) for r in body["relations"]])

    def check_ConfigurationItemRevised(self, message, sent, headers):
        body, item = sent["body"], sent["answer"]
        self.assertEqual(headers["ce_subject"], "ci-" + self.tool["id"])
        # Every changeable field as after the revision: what was sent, and the location kept.
        self.assertEqual((message.name, list(message.tenants), message.location, message.reason),
                         (body["name"], body["tenants"], "centre", body["reason"]))
        self.assertEqual(dict(message.attributes), body["attributes"])
        self.assertEqual(self.relations_of(message),
                         [(r["kind"], self.item_ids[r["target"]]) for r in body["relations"]])
        self.assertEqual((message.name, list(message.tenants), message.location, dict(message.attributes)),
                         (item["name"], item["tenants"], item["location"], item["attributes"]))
        self.assertEqual(instant_of(message.at), parse_rfc3339(item["changed_at"]))

    def check_ConfigurationItemRetired(self, message, sent, headers):
        self.assertEqual(headers["ce_subject"], "ci-" + self.tool["id"])
        self.assertEqual(message.reason, sent["body"]["reason"])
        self.assertEqual(sent["answer"]["status"], "retired")
        self.assertEqual(instant_of(message.at), parse_rfc3339(sent["answer"]["changed_at"]))

    def check_ChangeRegistered(self, message, sent, headers):
        body, change = sent["body"], sent["answer"]
        self.assertEqual("change-" + message.change_id, headers["ce_subject"])
        self.assertEqual(message.change_id, change["id"])
        self.assertEqual((message.origin, message.title, message.description),
                         (body["origin"], body["title"], body.get("description", "")))
        self.assertEqual((message.incident_id, message.inquiry_id), (body.get("incident_id", ""), ""))
        # The associations concerned (all_centre as the 18 of the centre), in the registry's order.
        self.assertEqual(list(message.tenants), change["tenants"])
        if body["tenants"] == ["all_centre"]:
            self.assertEqual(len(message.tenants), 18)
            self.assertNotIn("bouei", message.tenants)
        else:
            self.assertEqual(list(message.tenants), body["tenants"])
        # The items affected, by id, whether named by code or by id.
        self.assertEqual(list(message.configuration_items),
                         [self.item_ids.get(named, named) for named in body.get("configuration_items", [])])
        self.assertEqual(instant_of(message.at), parse_rfc3339(change["registered_at"]))

    def check_ChangeAssessed(self, message, sent, headers):
        body = sent["body"]
        self.assertEqual((message.impact, message.effort_estimate_hours),
                         (body["impact"], body["effort_estimate_hours"]))
        self.assertEqual(sent["answer"]["status"], "assessed")

    def check_ChangeApproved(self, message, sent, headers):
        self.assertEqual((message.approver, message.note), (sent["body"]["approver"], sent["body"]["note"]))
        self.assertEqual(sent["answer"]["status"], "approved")

    def check_ChangePhaseCompleted(self, message, sent, headers):
        body = sent["body"]
        self.assertEqual((message.phase, message.tenant, message.note),
                         (body["phase"], body.get("tenant", ""), body.get("note", "")))
        # Only migration and installation are done per association.
        self.assertEqual(bool(message.tenant), message.phase in PER_ASSOCIATION_PHASES)
        self.assertEqual((message.evidence.document_id, message.evidence.document_version),
                         (body["evidence"]["document_id"], body["evidence"]["document_version"]))

    def check_ChangePhaseSkipped(self, message, sent, headers):
        self.assertEqual((message.phase, message.reason), (sent["body"]["phase"], sent["body"]["reason"]))

    def check_ChangeClosed(self, message, sent, headers):
        self.assertEqual(message.note, sent["body"]["note"])
        self.assertEqual(sent["answer"]["status"], "closed")

    def check_ChangeRejected(self, message, sent, headers):
        self.assertEqual(message.reason, sent["body"]["reason"])
        self.assertEqual(sent["answer"]["status"], "rejected")

    def check_ChangeWithdrawn(self, message, sent, headers):
        self.assertEqual(message.reason, sent["body"]["reason"])
        self.assertEqual(sent["answer"]["status"], "withdrawn")

    def check_WorkPackageAdded(self, message, sent, headers):
        body, change = sent["body"], sent["answer"]
        # Numbered in the change: the package the answer lists last.
        package = change["work_packages"][-1]
        self.assertEqual(message.package_id, package["id"])
        self.assertEqual(message.package_id, f"wp-{len(change['work_packages'])}")
        self.assertEqual((message.name, message.planned_hours, message.planned_start, message.planned_finish),
                         (body["name"], body["planned_hours"], body["planned_start"], body["planned_finish"]))
        self.assertEqual((list(message.depends_on), message.tenant),
                         (body.get("depends_on", []), body.get("tenant", "")))

    def check_WorkProgressRecorded(self, message, sent, headers):
        body = sent["body"]
        self.assertEqual(message.package_id, body["package_id"])
        self.assertEqual(message.percent, 100 if body.get("done") else body["percent"])
        if "as_of" in body:
            self.assertEqual(message.as_of, body["as_of"])
        else:  # today (Tokyo) on the server's clock: not before the test's today
            self.assertGreaterEqual(message.as_of, self.today.isoformat())

    def check_ActualEffortRecorded(self, message, sent, headers):
        body = sent["body"]
        # `by` of the command is who worked the hours; the event's `by` is who recorded them.
        self.assertEqual((message.package_id, message.hours, message.worker, message.date, message.activity),
                         (body["package_id"], body["hours"], body["by"], body["date"], body["activity"]))

    def check_BaselineSet(self, message, sent, headers):
        change = sent["answer"]
        self.assertEqual((message.number, message.reason), (1, ""))
        # The plan as it stood: every package added so far.
        self.assertEqual([(p.package_id, p.planned_hours, p.planned_start, p.planned_finish)
                          for p in message.packages],
                         [(p["id"], p["planned_hours"], p["planned_start"], p["planned_finish"])
                          for p in change["work_packages"]])
        self.assertEqual(change["baselines"][-1]["number"], 1)

    def check_ContractEffortThresholdReached(self, message, sent, headers):
        self.assertEqual("effortcap-" + message.term, headers["ce_subject"])
        self.assertEqual(message.term, self.term)
        self.assertEqual((message.threshold_percent, message.measure, message.eac_method),
                         (sent["threshold"], sent["measure"], EAC_METHOD))
        self.assertEqual((message.cap_hours, message.person_month_hours), (CAP_HOURS, PERSON_MONTH_HOURS))
        # The forecast when seen: 100 h budget at CPI 10 / 40 = 0.25.
        self.assertAlmostEqual(message.hours, 400.0)
        self.assertGreaterEqual(message.hours, message.cap_hours * message.threshold_percent / 100)

    def assert_patch_event(self, message, sent, headers):
        """What every command on the patch carries: its stream, and when it happened as sent."""
        self.assertEqual(headers["ce_subject"], "patch-" + self.security_patch["id"])
        self.assertEqual(instant_of(message.at), parse_rfc3339(sent["body"]["at"]))

    def check_PatchRegistered(self, message, sent, headers):
        body, patch = sent["body"], sent["answer"]
        self.assert_patch_event(message, sent, headers)
        self.assertEqual("patch-" + message.patch_id, headers["ce_subject"])
        self.assertEqual(message.patch_id, patch["id"])
        self.assertEqual((message.product, message.vendor_id, message.title, message.published, message.severity,
                          message.description),
                         (body["product"], body["vendor_id"], body["title"], body["published"], body["severity"],
                          body["description"]))
        self.assertEqual((message.product, message.vendor_id, message.title, message.published, message.severity,
                          message.description),
                         (patch["product"], patch["vendor_id"], patch["title"], patch["published"],
                          patch["severity"], patch["description"]))
        self.assertEqual((patch["status"], patch["registered_by"], patch["targets"]), ("registered", ACTOR, []))
        self.assertEqual(instant_of(message.at), parse_rfc3339(patch["registered_at"]))

    def check_PatchAssessed(self, message, sent, headers):
        body, assessment = sent["body"], sent["answer"]["assessment"]
        self.assert_patch_event(message, sent, headers)
        self.assertEqual((message.impact, message.needs_modification), (body["impact"], body["needs_modification"]))
        self.assertEqual((message.impact, message.needs_modification, message.by),
                         (assessment["impact"], assessment["needs_modification"], assessment["by"]))
        self.assertEqual(instant_of(message.at), parse_rfc3339(assessment["at"]))
        self.assertEqual(sent["answer"]["status"], "assessed")

    def check_PatchUrgencyDecided(self, message, sent, headers):
        body, patch = sent["body"], sent["answer"]
        decision = patch["urgency_decision"]
        self.assert_patch_event(message, sent, headers)
        self.assertEqual((message.urgency, message.reason, message.measure, message.plan, message.agreed_with),
                         (body["urgency"], body["reason"], body["measure"], body["plan"], body["agreed_with"]))
        self.assertEqual((message.urgency, message.reason, message.measure, message.plan, message.agreed_with,
                          message.by),
                         (decision["urgency"], decision["reason"], decision["measure"], decision["plan"],
                          decision["agreed_with"], decision["by"]))
        self.assertEqual(instant_of(message.at), parse_rfc3339(decision["at"]))
        self.assertEqual(patch["urgency"], body["urgency"])
        if body["urgency"] == "emergency":
            # Due by the end of the third business day after the day it was decided.
            self.assertEqual(parse_rfc3339(patch["apply_due_at"]), parse_rfc3339(DUE_AT))
        else:
            self.assertIsNone(patch["apply_due_at"])

    def check_PatchVerificationRecorded(self, message, sent, headers):
        body, verification = sent["body"], sent["answer"]["verifications"][-1]
        self.assert_patch_event(message, sent, headers)
        self.assertEqual((message.result, message.environment, message.note),
                         (body["result"], body["environment"], body["note"]))
        self.assertEqual((message.result, message.environment, message.note, message.by),
                         (verification["result"], verification["environment"], verification["note"],
                          verification["by"]))
        self.assertEqual(instant_of(message.at), parse_rfc3339(verification["at"]))

    def check_PatchProcedureAttached(self, message, sent, headers):
        body, procedure = sent["body"], sent["answer"]["procedure"]
        self.assert_patch_event(message, sent, headers)
        self.assertEqual((message.document_id, message.document_version),
                         (body["document_id"], body["document_version"]))
        self.assertEqual((message.document_id, message.document_version, message.by),
                         (procedure["document_id"], procedure["document_version"], procedure["by"]))
        self.assertEqual(instant_of(message.at), parse_rfc3339(procedure["at"]))

    def check_PatchLinkedToChange(self, message, sent, headers):
        self.assert_patch_event(message, sent, headers)
        self.assertEqual(message.change_id, self.patch_change["id"])
        self.assertEqual(message.change_id, sent["body"]["change_id"])
        self.assertEqual(message.change_id, sent["answer"]["change_id"])

    def check_PatchTargetsAdded(self, message, sent, headers):
        body, rows = sent["body"], sent["answer"]["targets"]
        self.assert_patch_event(message, sent, headers)
        # Each item as named (by code or by id), by its id and code, pending.
        named = [self.item_ids.get(name, name) for name in body["configuration_items"]]
        codes = {ci_id: code for code, ci_id in self.item_ids.items()}
        self.assertEqual([(t.configuration_item_id, t.code) for t in message.targets],
                         [(ci_id, codes[ci_id]) for ci_id in named])
        self.assertEqual([(t.configuration_item_id, t.code, list(t.tenants)) for t in message.targets],
                         [(row["configuration_item_id"], row["code"], row["tenants"]) for row in rows])
        self.assertEqual({row["state"] for row in rows}, {"pending"})
        self.assertEqual({instant_of(message.at)}, {parse_rfc3339(row["targeted_at"]) for row in rows})
        # The associations each serves: a system server its own, the shared terminal the 18 of the centre.
        for target in message.targets:
            if target.code.startswith("srv-"):
                self.assertEqual(list(target.tenants), [target.code.removeprefix("srv-")])
            else:
                self.assertEqual(len(target.tenants), 18)
                self.assertNotIn("bouei", target.tenants)

    def check_PatchRolloutRecorded(self, message, sent, headers):
        body, patch = sent["body"], sent["answer"]
        self.assert_patch_event(message, sent, headers)
        named = body.get("targets") or [body["target"]]
        # The targets by id (named by code), the step the command records, the note as sent.
        self.assertEqual(list(message.configuration_item_ids), [self.item_ids[code] for code in named])
        self.assertEqual((message.step, message.note), (ROLLOUT_STEPS[sent["command"]], body.get("note", "")))
        if "scheduled_for" in body:
            self.assertTrue(message.HasField("scheduled_for"))
            self.assertEqual(instant_of(message.scheduled_for), parse_rfc3339(body["scheduled_for"]))
        else:
            self.assertFalse(message.HasField("scheduled_for"))
        # Each target now stands in that step, whose record is the event's.
        rows = {row["configuration_item_id"]: row for row in patch["targets"]}
        for ci_id in message.configuration_item_ids:
            step = rows[ci_id]["steps"][-1]
            self.assertEqual(rows[ci_id]["state"], message.step)
            self.assertEqual((step["state"], step["note"], step["by"]), (message.step, message.note, message.by))
            self.assertEqual(parse_rfc3339(step["at"]), instant_of(message.at))
            scheduled_for = parse_rfc3339(step["scheduled_for"]) if step["scheduled_for"] else None
            self.assertEqual(scheduled_for,
                             instant_of(message.scheduled_for) if message.HasField("scheduled_for") else None)

    def check_EmergencyPatchOverdue(self, message, sent, headers):
        patch, record = sent["answer"], sent["answer"]["overdue_record"]
        self.assertEqual(headers["ce_subject"], "patch-" + patch["id"])
        # Counted from the emergency decision, to the end (18:00) of the third business day after it.
        self.assertEqual(instant_of(message.decided_at), parse_rfc3339(DECIDED_AT))
        self.assertEqual(message.business_days, EMERGENCY_BUSINESS_DAYS)
        self.assertEqual(instant_of(message.due_at), parse_rfc3339(DUE_AT))
        self.assertEqual(instant_of(message.due_at).astimezone(TOKYO).time(), datetime.time(18, 0))
        # The targets neither applied nor not applicable: the server that failed.
        self.assertEqual(list(message.open_configuration_item_ids), [self.item_ids[code] for code in sent["open"]])
        # What GET /v1/patches/{id} says of it.
        self.assertEqual(
            (instant_of(message.decided_at), message.business_days, instant_of(message.due_at),
             list(message.open_configuration_item_ids), instant_of(message.at)),
            (parse_rfc3339(record["decided_at"]), record["business_days"], parse_rfc3339(record["due_at"]),
             record["open_configuration_item_ids"], parse_rfc3339(record["at"])))
        self.assertEqual(parse_rfc3339(patch["apply_due_at"]), instant_of(message.due_at))
        # Recorded when the watch saw it, long after it fell due (on the real clock: not before today).
        self.assertGreater(instant_of(message.at), instant_of(message.due_at))
        self.assertGreaterEqual(instant_of(message.at).astimezone(TOKYO).date(), self.today)

    def check_DocumentRegistered(self, message, sent, headers):
        body, document = sent["body"], sent["answer"]
        self.assertEqual("document-" + message.document_id, headers["ce_subject"])
        self.assertEqual(message.document_id, document["id"])
        self.assertEqual((message.title, message.kind, list(message.tenants), message.description),
                         (body["title"], body["kind"], body["tenants"], body.get("description", "")))
        self.assertEqual((document["status"], document["versions"]), ("draft", []))
        self.assertEqual(instant_of(message.at), parse_rfc3339(document["registered_at"]))

    def check_DocumentVersionAdded(self, message, sent, headers):
        body, version = sent["body"], sent["answer"]["versions"][-1]
        self.assertEqual((message.version, message.file_name, message.media_type, message.note),
                         (body["version"], body["file_name"], body.get("media_type", ""), body.get("note", "")))
        if "content_base64" in body:
            # The bytes travel with the version; their SHA-256 is the server's own computation.
            self.assertTrue(message.has_content)
            self.assertEqual(message.content, self.minutes_bytes)
            self.assertEqual(message.sha256, hashlib.sha256(self.minutes_bytes).hexdigest())
            self.assertEqual(message.size, len(self.minutes_bytes))
        else:
            self.assertFalse(message.has_content)
            self.assertEqual(message.content, b"")
            self.assertEqual((message.sha256, message.size), (body["sha256"], body["size"]))
        self.assertEqual((message.version, message.sha256, message.size, message.has_content),
                         (version["version"], version["sha256"], version["size"], version["has_content"]))
        self.assertEqual(instant_of(message.at), parse_rfc3339(version["at"]))

    def check_DocumentVersionApproved(self, message, sent, headers):
        body, document = sent["body"], sent["answer"]
        self.assertEqual((message.version, message.approver, message.note),
                         (body["version"], body["approver"], body["note"]))
        approved = document["approved_version"]
        self.assertEqual((approved["version"], approved["approval"]["approver"]), (message.version, message.approver))
        self.assertEqual(instant_of(message.at), parse_rfc3339(approved["approval"]["at"]))
        self.assertEqual(document["status"], "approved")

    def check_DocumentFiled(self, message, sent, headers):
        body, filing = sent["body"], sent["answer"]["filing"]
        self.assertEqual((message.location, message.label, message.index),
                         (body["location"], body["label"], body["index"]))
        self.assertEqual((filing["location"], filing["label"], filing["index"]),
                         (message.location, message.label, message.index))

    def check_DocumentRetired(self, message, sent, headers):
        self.assertEqual(message.reason, sent["body"]["reason"])
        self.assertEqual(sent["answer"]["status"], "retired")
        self.assertEqual(sent["answer"]["retired"]["reason"], message.reason)

    def check_MeetingRecorded(self, message, sent, headers):
        body, meeting = sent["body"], sent["answer"]
        self.assertEqual("meeting-" + message.meeting_id, headers["ce_subject"])
        self.assertEqual((message.date, message.held_at, message.kind, message.title, list(message.attendees),
                          list(message.tenants)),
                         (body["date"], body["held_at"], body["kind"], body["title"], body["attendees"],
                          body["tenants"]))
        self.assertEqual(instant_of(message.minutes_due_at), parse_rfc3339(meeting["minutes_due_at"]))
        # The end (18:00) of the second business day after the meeting's day.
        self.assertEqual(instant_of(message.minutes_due_at).astimezone(TOKYO).time(), datetime.time(18, 0))
        self.assertGreater(instant_of(message.minutes_due_at).date(),
                           datetime.date.fromisoformat(message.date) + datetime.timedelta(days=1))
        if message.date == MEETING_DAY:
            self.assertEqual(instant_of(message.minutes_due_at), parse_rfc3339(MINUTES_DUE_AT))
            self.assertEqual(instant_of(message.at), parse_rfc3339(body["at"]))

    def check_MinutesRecorded(self, message, sent, headers):
        minutes = sent["answer"]["minutes"]
        self.assertEqual((message.document_id, message.document_version),
                         (sent["body"]["document_id"], sent["body"]["document_version"]))
        self.assertFalse(message.late)
        self.assertEqual((minutes["document_id"], minutes["late"]), (message.document_id, False))
        # The minutes' version was approved before: the meeting shows it.
        self.assertEqual(minutes["approval"]["approver"], "総務省共済組合 山田課長")

    def check_MinutesOverdue(self, message, sent, headers):
        meeting = sent["answer"]
        self.assertEqual(instant_of(message.due_at), parse_rfc3339(MINUTES_DUE_AT))
        self.assertEqual(parse_rfc3339(meeting["overdue_recorded_at"]), instant_of(message.at))
        # Recorded when the watch saw it, after it fell due (on the real clock: not before today).
        self.assertGreater(instant_of(message.at), instant_of(message.due_at))
        self.assertGreaterEqual(instant_of(message.at).astimezone(TOKYO).date(), self.today)

    def check_AssetCheckedOut(self, message, sent, headers):
        body, checkout = sent["body"], sent["answer"]
        self.assertEqual("checkout-" + message.checkout_id, headers["ce_subject"])
        self.assertEqual((message.asset_kind, message.configuration_item_id, message.code),
                         ("configuration_item", self.item_ids["srv-soumu"], "srv-soumu"))
        self.assertEqual((message.document_id, message.document_version), ("", ""))
        self.assertEqual((message.recipient, message.purpose, message.due_back),
                         (body["recipient"], body["purpose"], body["due_back"]))
        self.assertEqual(list(message.tenants), ["soumu"])
        self.assertEqual([{"name": f.name, "sha256": f.sha256} for f in message.master], body["master"])
        self.assertEqual((checkout["status"], checkout["consistency"]), ("out", "unchecked"))

    def check_AssetReturned(self, message, sent, headers):
        self.assertEqual(message.note, sent["body"]["note"])
        self.assertEqual(parse_rfc3339(sent["answer"]["returned"]["at"]), instant_of(message.at))

    def check_ConsistencyChecked(self, message, sent, headers):
        body, check = sent["body"], sent["answer"]["latest_check"]
        self.assertEqual([{"name": f.name, "sha256": f.sha256} for f in message.found], body["found"])
        self.assertEqual(message.result, "differs")
        self.assertEqual([(d.name, d.change, d.master_sha256, d.found_sha256) for d in message.differences],
                         [("bin/kyosai.exe", "changed", "a" * 64, "c" * 64),
                          ("lib/calc.dll", "missing", "b" * 64, ""),
                          ("README.txt", "added", "", "d" * 64)])
        self.assertEqual([(d["name"], d["change"]) for d in check["differences"]],
                         [(d.name, d.change) for d in message.differences])
        self.assertEqual((check["result"], check["note"]), (message.result, message.note))

    # ---- the changes' lives as the topic tells them ----

    def test_the_refused_command_was_refused_for_its_order(self):
        status, problem = self.refused
        self.assertEqual(status, 409)
        self.assertEqual(problem["rule"], "phase-order")

    def test_the_closed_changes_phases_are_published_in_the_order_they_are_done(self):
        records = first_of_each_version(self.streams()["change-" + self.patch["id"]])
        done = []
        for record in records:
            name = headers_of(record)["ce_type"].rpartition(".")[2]
            if name in ("ChangePhaseCompleted", "ChangePhaseSkipped", "ChangeClosed", "ChangeApproved"):
                message = self.decoded(record)
                done.append((name, getattr(message, "phase", ""), getattr(message, "tenant", "")))
        # Approved first; each phase after the one before it, the per-association ones once for each
        # of the change's associations; closed when every phase is done.
        expected = [("ChangeApproved", "", "")]
        for phase in PHASES:
            if phase == "training":
                expected.append(("ChangePhaseSkipped", phase, ""))
            elif phase in PER_ASSOCIATION_PHASES:
                expected.extend(("ChangePhaseCompleted", phase, tenant) for tenant in self.patch["tenants"])
            else:
                expected.append(("ChangePhaseCompleted", phase, ""))
        expected.append(("ChangeClosed", "", ""))
        self.assertEqual(done, expected)

    def test_the_rejected_and_withdrawn_changes_end_without_approval(self):
        for ending in ("ChangeRejected", "ChangeWithdrawn"):
            with self.subTest(ending=ending):
                stream = next(s for s, facts in self.created.items() if facts[-1].type == ending)
                types = [headers_of(r)["ce_type"].rpartition(".")[2]
                         for r in first_of_each_version(self.streams()[stream])]
                self.assertEqual(types[-1], ending)
                self.assertNotIn("ChangeApproved", types)

    def test_the_contracts_cap_is_published_once_per_threshold_and_measure_for_every_association(self):
        records = self.streams()["effortcap-" + self.term]
        reached = [(message.threshold_percent, message.measure)
                   for message in map(self.decoded, first_of_each_version(records))]
        # The forecast passed 80 % and 100 %; the hours worked (40 h) neither.
        self.assertEqual(reached, [(80, "eac"), (100, "eac")])
        self.assertEqual({headers_of(record)["ce_tenant"] for record in records}, {",".join(self.every_association)})
        # What the topic says is what GET /v1/evm/cap says.
        self.assertEqual([(t["threshold_percent"], t["measure"], t["hours"]) for t in self.cap["thresholds_reached"]],
                         [(80, "eac", 400.0), (100, "eac", 400.0)])
        self.assertEqual((self.cap["term"], self.cap["ac"]["hours"], self.cap["eac"]["hours"]),
                         (self.term, 40.0, 400.0))
        self.assertEqual([c["change_id"] for c in self.cap["changes"]], [self.fault["id"]])

    def test_the_patch_is_rolled_out_step_by_step_and_recorded_overdue_once_by_its_watch(self):
        records = first_of_each_version(self.streams()["patch-" + self.security_patch["id"]])
        names = [headers_of(record)["ce_type"].rpartition(".")[2] for record in records]
        ids = self.item_ids
        rollout = [(message.step, list(message.configuration_item_ids))
                   for name, message in zip(names, map(self.decoded, records)) if name == "PatchRolloutRecorded"]
        self.assertEqual(rollout, [
            ("verified", [ids["srv-soumu"], ids["srv-houmu"], ids["srv-gaimu"], ids["mon-terminal"]]),
            ("scheduled", [ids["srv-soumu"], ids["srv-houmu"], ids["srv-gaimu"]]),
            ("applied", [ids["srv-soumu"], ids["srv-houmu"]]),
            ("failed", [ids["srv-gaimu"]]),
            ("not_applicable", [ids["mon-terminal"]]),
            ("scheduled", [ids["srv-gaimu"]])])
        # Overdue once, by the watch, after every command of the patch.
        self.assertEqual(names.count("EmergencyPatchOverdue"), 1)
        self.assertEqual(names[-1], "EmergencyPatchOverdue")
        self.assertEqual(headers_of(records[-1])["ce_actor"], PATCH_WATCH)
        patch = self.get(f"/v1/patches/{self.security_patch['id']}")
        self.assertEqual((patch["status"], patch["overdue"], patch["change_id"]),
                         ("rolling_out", True, self.patch_change["id"]))
        self.assertEqual({state: count for state, count in patch["counts"].items() if count},
                         {"applied": 2, "scheduled": 1, "not_applicable": 1})

    def test_only_the_fault_counts_against_the_cap(self):
        registered = {}
        for stream, records in self.streams().items():
            if stream.startswith("change-"):
                message = self.decoded(first_of_each_version(records)[0])
                registered[message.change_id] = message
        self.assertEqual({m.change_id for m in registered.values() if m.origin in ("fault", "improvement")},
                         {self.fault["id"]})
        self.assertEqual(registered[self.fault["id"]].incident_id, self.incident_id)


if __name__ == "__main__":
    contract.main()
