#!/usr/bin/python3
"""Cross-language contract test of opsdesk.scheduling.events.v1.

Independent clients read what opsdesk publishes: kafka-python (Debian python3-kafka) consumes
the topic from `opsdesk dev-broker`, every CloudEvents header is checked against the contract
(ARCHITECTURE.md §Distribution, libs/messaging/cloud_events.hpp) and every payload is decoded
with classes that `protoc --python_out` generated from proto-schemas/ at build time. The work of
the centre's operations is recorded over HTTP against a real `opsdesk --target=all`
(docs/api/scheduling.yaml), one command of each kind of stream the topic carries: a task
defined, one of its occurrences completed for one association, a daily operations report sent,
a maintenance window planned and approved, a month's plan approved, a virus scan detection
recorded and a calendar feed token issued (whose secret must never reach the topic).

opsdesk runs on the real clock, as in the other contract tests. Its overdue watch looks every 30
seconds at the occurrences of the last 31 days; the task's rule therefore ends before them, so
that the occurrence completed for soumu alone (houmu's result still owed, its due time past) is
never recorded overdue while the test runs.

What every topic's contract test shares is in contract_support.py.

Run by ctest (tests/CMakeLists.txt) with OPSDESK_BINARY (the opsdesk under test) and
OPSDESK_PROTO_PYTHON (the generated classes) in the environment.
"""

import base64
import datetime
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import contract_support as contract  # noqa: E402 (it puts OPSDESK_PROTO_PYTHON on sys.path)
from contract_support import (ACTOR, TOKYO, UUID_TEXT, first_of_each_version, headers_of, instant_of,  # noqa: E402
                              parse_rfc3339)
from opsdesk.scheduling.v1 import events_pb2  # noqa: E402

# Every stream id of the topic, by its prefix (services/scheduling/contract/schedule_events.hpp).
STREAM_IDS = {
    "task": re.compile(rf"^task-{UUID_TEXT}$"),
    "occurrence": re.compile(rf"^occurrence-{UUID_TEXT}-\d{{8}}$"),
    "dailyreport": re.compile(rf"^dailyreport-{UUID_TEXT}$"),
    "window": re.compile(rf"^window-{UUID_TEXT}$"),
    "plan": re.compile(r"^plan-\d{4}(-\d{2})?$"),
    "virusscan": re.compile(r"^virusscan-[a-z0-9]+-[A-Za-z0-9._-]{1,64}$"),
    "feedtoken": re.compile(rf"^feedtoken-{UUID_TEXT}$"),
}


class SchedulingTopicContract(contract.TopicContract):
    DOMAIN = "scheduling"
    EVENTS = events_pb2

    @classmethod
    def setUpClass(cls):
        cls.start()
        cls.every_association = [tenant["code"] for tenant in cls.get("/v1/tenants")["items"]]
        cls.created = {}
        cls.record_the_centres_work()
        cls.head, cls.records = cls.read_topic(cls.expected_types())

    @classmethod
    def expect(cls, stream, tenants, *events):
        """What the topic is to carry for `stream`: its ce_tenant (the codes) and, in the order
        recorded, each event as (type, what it was recorded from, the request id)."""
        entry = cls.created.setdefault(stream, {"tenants": tenants, "events": []})
        entry["events"].extend(events)

    # ---- the centre's work, over HTTP ----

    @classmethod
    def record_the_centres_work(cls):
        today = datetime.datetime.now(TOKYO).date()

        # A monthly backup check for two associations (as monthly_check() of
        # tests/e2e/scheduling_http_test.cpp), from 180 days ago to 32 days ago (see above).
        dtstart = today - datetime.timedelta(days=180)
        until = today - datetime.timedelta(days=32)
        task_body = {"title": "月次データバックアップ確認", "kind": "backup_check", "tenants": ["soumu", "houmu"],
                     "rrule": f"FREQ=MONTHLY;BYMONTHDAY=23;UNTIL={until:%Y%m%d}", "dtstart": dtstart.isoformat(),
                     "time_of_day": "10:00", "duration": "30m", "calendar_rule": "previous_business_day",
                     "due_within": "2h", "owner": "センタ運用担当"}
        task, request_id = cls.post("/v1/schedule/tasks", task_body)
        cls.task_id = task["id"]
        cls.expect("task-" + cls.task_id, ["soumu", "houmu"],
                   ("TaskDefined", {"body": task_body, "answer": task}, request_id))

        # soumu's result for its latest occurrence, which lies before today.
        listed = cls.get(f"/v1/schedule/occurrences?from={dtstart}&to={today}&task_id={cls.task_id}")["items"]
        occurrence = listed[-1]
        if occurrence["day"] > today.isoformat():
            raise RuntimeError(f"the latest occurrence listed is after today: {occurrence}")
        complete_body = {"result": "ok", "tenants": ["soumu"], "evidence": "バックアップジョブ正常終了（ログ確認）"}
        _, request_id = cls.post(f"/v1/schedule/occurrences/{occurrence['id']}/complete", complete_body)
        cls.occurrence = occurrence
        cls.expect("occurrence-" + occurrence["id"], ["soumu", "houmu"],
                   ("OccurrenceCompleted", {"body": complete_body, "listed": occurrence}, request_id))

        # Today's operations report to both.
        report_body = {"tenants": ["soumu", "houmu"], "day": today.isoformat(), "channel": "email",
                       "summary": "本日の運用作業は予定どおり実施しました。", "abnormal": "夜間バッチが10分遅延"}
        report, request_id = cls.post("/v1/schedule/daily-reports", report_body)
        cls.expect("dailyreport-" + report["id"], ["soumu", "houmu"],
                   ("DailyReportSent", {"body": report_body, "answer": report}, request_id))

        # A maintenance window today, affecting both; soumu's side approves it.
        window_body = {"kind": "periodic_inspection", "title": "定期点検（サーバ機器）",
                       "description": "サーバ機器の定期点検", "tenants": ["soumu", "houmu"],
                       "planned_start": f"{today}T09:00:00+09:00", "planned_end": f"{today}T17:00:00+09:00",
                       "stops_service": False}
        window, planned_request = cls.post("/v1/schedule/windows", window_body)
        approve_body = {"tenant": "soumu", "approver": "総務省共済組合 山田課長"}
        _, approved_request = cls.post(f"/v1/schedule/windows/{window['id']}/approve", approve_body)
        cls.expect("window-" + window["id"], ["soumu", "houmu"],
                   ("WindowPlanned", {"body": window_body, "answer": window}, planned_request),
                   ("WindowApproved", {"body": approve_body}, approved_request))

        # This month's detailed plan (soumu's part: the window), approved by soumu's side.
        cls.period = window_body["planned_start"][:7]
        plan_body = {"tenants": ["soumu"], "approver": "総務省共済組合 山田課長", "note": "月例会議にて承認"}
        plan, request_id = cls.post(f"/v1/schedule/plans/{cls.period}/approve", plan_body)
        # A plan is the whole centre's: its approvals are published for every association.
        cls.expect("plan-" + cls.period, cls.every_association,
                   ("PlanApproved", {"body": plan_body, "answer": plan["approvals"][0]}, request_id))

        # A detection on one of soumu's terminals: recorded, and it needs attention.
        scan_body = {"tenant": "soumu", "terminal": "PC-101", "state": "detected", "note": "Trojan検知、隔離済み"}
        scan, request_id = cls.post("/v1/schedule/virus-scan", scan_body)
        cls.expect("virusscan-soumu-PC-101", ["soumu"],
                   ("VirusScanRecorded", {"body": scan_body, "answer": scan}, request_id),
                   ("VirusScanAttentionRequired", {"body": scan_body, "answer": scan}, request_id))

        # A calendar feed token for the desk: it reads every association ("*").
        token_body = {"label": "Outlook（運用デスクPC）"}
        feed_token, request_id = cls.post("/v1/schedule/feed-tokens", token_body)
        cls.feed_token_secret = feed_token["token"]
        cls.expect("feedtoken-" + feed_token["id"], cls.every_association,
                   ("FeedTokenIssued", {"body": token_body, "answer": feed_token}, request_id))

    # ---- the topic ----

    @classmethod
    def expected_types(cls):
        return {"opsdesk.scheduling.v1." + event_type
                for stream in cls.created.values() for event_type, _, _ in stream["events"]}

    def expected_event(self, headers):
        """(type, what it was recorded from, request id) of the event at this stream version."""
        return self.created[headers["ce_subject"]]["events"][int(headers["ce_streamversion"]) - 1]

    # ---- the contract ----

    def test_every_expected_event_type_is_published(self):
        self.assertEqual({headers_of(record)["ce_type"] for record in self.records}, self.expected_types())

    def test_every_log_position_arrives_with_the_key_and_headers_of_the_contract(self):
        for record in self.records:
            with self.subTest(offset=record.offset, partition=record.partition):
                headers = self.assert_cloudevents_headers(record)
                # The associations the stream concerns, in the registry's order: a task's, an
                # occurrence's, a report's and a window's; a terminal's one association; every
                # association for a plan and for a feed token that reads them all.
                self.assertEqual(headers["ce_tenant"], ",".join(self.created[headers["ce_subject"]]["tenants"]))
                self.assertEqual(headers["ce_actor"], ACTOR)
        # The log positions are the scheduling log's, contiguous from 1, each published.
        self.assert_every_log_position_published()

    def test_every_stream_id_is_named_as_the_contract_names_it(self):
        for stream in self.streams():
            with self.subTest(stream=stream):
                prefix = stream.split("-", 1)[0]
                self.assertIn(prefix, STREAM_IDS)
                self.assertRegex(stream, STREAM_IDS[prefix])
        # An occurrence is named by its task and its unshifted recurrence date.
        recurrence = self.occurrence["recurrence_date"].replace("-", "")
        self.assertIn(f"occurrence-{self.task_id}-{recurrence}", self.streams())
        self.assertIn("plan-" + self.period, self.streams())

    def test_each_stream_is_on_one_partition_with_versions_contiguous_from_1(self):
        streams = self.streams()
        self.assertEqual(set(streams), set(self.created))
        for stream, records in streams.items():
            with self.subTest(stream=stream):
                self.assert_one_partition_and_versions_from_1(records, len(self.created[stream]["events"]))

    def test_each_stream_publishes_one_event_per_fact_in_the_order_recorded(self):
        for stream, records in self.streams().items():
            with self.subTest(stream=stream):
                first = [headers_of(record) for record in first_of_each_version(records)]
                expected = self.created[stream]["events"]
                self.assertEqual([headers["ce_type"] for headers in first],
                                 ["opsdesk.scheduling.v1." + event_type for event_type, _, _ in expected])
                # Each carries the request id of the command that recorded it.
                self.assertEqual([headers["ce_correlationid"] for headers in first],
                                 [request_id for _, _, request_id in expected])

    def test_every_payload_decodes_as_the_protobuf_message_named_by_ce_type_and_carries_what_was_sent(self):
        for record in self.records:
            headers = headers_of(record)
            with self.subTest(offset=record.offset, partition=record.partition, type=headers["ce_type"]):
                name, message = self.assert_payload_decodes(record, headers)
                event_type, sent, _ = self.expected_event(headers)
                self.assertEqual(name, event_type)
                # ce_time is when it happened: the payload's `at`.
                self.assertEqual(instant_of(message.at), parse_rfc3339(headers["ce_time"]))
                if hasattr(message, "by"):
                    self.assertEqual(message.by, ACTOR)  # `by` left out: the token's sub
                getattr(self, "check_" + name)(message, sent, headers)

    def check_TaskDefined(self, message, sent, headers):
        body = sent["body"]
        self.assertEqual(message.task_id, sent["answer"]["id"])
        self.assertEqual("task-" + message.task_id, headers["ce_subject"])
        self.assertEqual((message.title, message.kind, list(message.tenants), message.owner),
                         (body["title"], body["kind"], body["tenants"], body["owner"]))
        self.assertEqual(message.seed_key, "")  # defined over HTTP, not seeded
        rule = message.rule
        self.assertEqual((rule.rrule, rule.dtstart, rule.time_of_day, rule.calendar_rule),
                         (body["rrule"], body["dtstart"], body["time_of_day"], body["calendar_rule"]))
        self.assertEqual((rule.duration_minutes, rule.due_within_minutes), (30, 120))  # "30m", "2h"
        self.assertEqual(rule.effective_from, body["dtstart"])  # the first version governs from dtstart

    def check_OccurrenceCompleted(self, message, sent, headers):
        listed = sent["listed"]
        plan = message.plan
        # The plan it was recorded with, as GET /v1/schedule/occurrences showed it.
        self.assertEqual(f"occurrence-{plan.task_id}-{plan.recurrence_date.replace('-', '')}", headers["ce_subject"])
        self.assertEqual((plan.task_id, plan.recurrence_date, list(plan.covers)),
                         (self.task_id, listed["recurrence_date"], listed["covers"]))
        self.assertEqual((plan.kind, plan.title, list(plan.tenants), plan.owner),
                         (listed["kind"], listed["title"], listed["tenants"], listed["owner"]))
        self.assertEqual((instant_of(plan.planned_start), instant_of(plan.planned_end), instant_of(plan.due_at)),
                         (parse_rfc3339(listed["planned_start"]), parse_rfc3339(listed["planned_end"]),
                          parse_rfc3339(listed["due_at"])))
        # The result is soumu's alone.
        body = sent["body"]
        self.assertEqual((list(message.tenants), message.result, message.evidence),
                         (body["tenants"], body["result"], body["evidence"]))

    def check_DailyReportSent(self, message, sent, headers):
        body, answer = sent["body"], sent["answer"]
        self.assertEqual("dailyreport-" + message.report_id, headers["ce_subject"])
        self.assertEqual(message.report_id, answer["id"])
        self.assertEqual((list(message.tenants), message.day, message.channel, message.summary, message.abnormal),
                         (body["tenants"], body["day"], body["channel"], body["summary"], body["abnormal"]))
        self.assertEqual(instant_of(message.at), parse_rfc3339(answer["sent_at"]))
        self.assertEqual([o.occurrence_id for o in message.occurrences],
                         [o["occurrence_id"] for o in answer["occurrences"]])

    def check_WindowPlanned(self, message, sent, headers):
        body = sent["body"]
        self.assertEqual("window-" + message.window_id, headers["ce_subject"])
        self.assertEqual(message.window_id, sent["answer"]["id"])
        self.assertEqual((message.kind, message.title, message.description, list(message.tenants)),
                         (body["kind"], body["title"], body["description"], body["tenants"]))
        self.assertEqual((instant_of(message.planned_start), instant_of(message.planned_end)),
                         (parse_rfc3339(body["planned_start"]), parse_rfc3339(body["planned_end"])))
        self.assertEqual(message.stops_service, body["stops_service"])

    def check_WindowApproved(self, message, sent, headers):
        self.assertTrue(headers["ce_subject"].startswith("window-"))
        self.assertEqual((message.tenant, message.approver), (sent["body"]["tenant"], sent["body"]["approver"]))

    def check_PlanApproved(self, message, sent, headers):
        body, approval = sent["body"], sent["answer"]
        self.assertEqual("plan-" + message.period, headers["ce_subject"])
        self.assertEqual(message.period, self.period)
        self.assertEqual((message.tenant, message.approver, message.note),
                         ("soumu", body["approver"], body["note"]))
        # The digest and size of soumu's part as approved: what the answer showed.
        self.assertRegex(message.plan_digest, r"^[0-9a-f]{64}$")
        self.assertEqual((message.plan_digest, message.entries), (approval["digest"], approval["entries"]))
        self.assertGreaterEqual(message.entries, 1)  # the window, at least

    def check_VirusScanRecorded(self, message, sent, headers):
        body, latest = sent["body"], sent["answer"]["latest"]
        self.assertEqual(f"virusscan-{message.tenant}-{message.terminal}", headers["ce_subject"])
        self.assertEqual((message.tenant, message.terminal, message.state, message.note),
                         (body["tenant"], body["terminal"], body["state"], body["note"]))
        self.assertEqual(message.day, latest["day"])  # today, Tokyo: the day was left out

    def check_VirusScanAttentionRequired(self, message, sent, headers):
        body, answer = sent["body"], sent["answer"]
        self.assertEqual(f"virusscan-{message.tenant}-{message.terminal}", headers["ce_subject"])
        self.assertEqual((message.tenant, message.terminal), (body["tenant"], body["terminal"]))
        # A detection needs attention at once, for the day it was found on.
        self.assertEqual((message.reason, list(message.days)), ("detected", [answer["latest"]["day"]]))
        self.assertEqual((answer["attention"]["reason"], answer["attention"]["days"]),
                         (message.reason, list(message.days)))

    def check_FeedTokenIssued(self, message, sent, headers):
        answer = sent["answer"]
        self.assertEqual("feedtoken-" + message.token_id, headers["ce_subject"])
        self.assertEqual(message.token_id, answer["id"])
        self.assertEqual((list(message.tenants), message.label), (["*"], sent["body"]["label"]))
        # Only the secret's SHA-256 (hex) is published.
        self.assertEqual(message.secret_sha256, hashlib.sha256(answer["token"].encode()).hexdigest())

    def test_the_feed_tokens_secret_appears_in_no_record(self):
        secret = self.feed_token_secret.encode()
        raw = base64.urlsafe_b64decode(secret + b"=" * (-len(secret) % 4))  # the 32 random bytes
        self.assertEqual(len(raw), 32)
        for record in self.records:
            with self.subTest(offset=record.offset, partition=record.partition):
                seen = [record.key or b"", record.value or b""]
                seen += [name.encode() for name, _ in record.headers] + [value for _, value in record.headers]
                for part in seen:
                    self.assertNotIn(secret, part)
                    self.assertNotIn(raw, part)

    def test_centre_wide_streams_are_published_for_every_association(self):
        # A plan's approvals are the whole centre's: soumu's approval is published for every
        # association, not for soumu alone; a feed token issued by centre staff ("*") likewise.
        streams = self.streams()
        for prefix in ("plan-", "feedtoken-"):
            stream = next(s for s in streams if s.startswith(prefix))
            with self.subTest(stream=stream):
                self.assertEqual({headers_of(r)["ce_tenant"] for r in streams[stream]},
                                 {",".join(self.every_association)})


if __name__ == "__main__":
    contract.main()
