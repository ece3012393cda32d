#!/usr/bin/python3
"""Cross-language contract test of opsdesk.inquiries.events.v1.

Independent clients read what opsdesk publishes: kafka-python (Debian python3-kafka) consumes
the topic from `opsdesk dev-broker`, every CloudEvents header is checked against the contract
(ARCHITECTURE.md §Distribution, libs/messaging/cloud_events.hpp) and every payload is decoded
with classes that `protoc --python_out` generated from proto-schemas/ at build time. Inquiries
(one of an association, one of the centre operations team) are received and handled over HTTP
against a real `opsdesk --target=all` (docs/api/inquiries.yaml).

Run by ctest (tests/CMakeLists.txt) with OPSDESK_BINARY (the opsdesk under test) and
OPSDESK_PROTO_PYTHON (the generated classes) in the environment.
"""

import datetime
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.environ.get("OPSDESK_PROTO_PYTHON", ""))

from kafka import KafkaConsumer, TopicPartition  # noqa: E402
from opsdesk.inquiries.v1 import events_pb2  # noqa: E402

OPSDESK = os.environ.get("OPSDESK_BINARY", "opsdesk")
TOPIC = "opsdesk.inquiries.events.v1"
SECRET = "contract-test-secret-0123456789abcdef"
DEADLINE_SECONDS = 60
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
REQUIRED_HEADERS = {"ce_specversion", "ce_id", "ce_type", "ce_source", "ce_subject", "ce_time", "content-type",
                    "ce_streamversion", "ce_logposition", "ce_recordedtime"}
OPTIONAL_HEADERS = {"ce_tenant", "ce_correlationid", "ce_causationid", "ce_actor"}


def parse_rfc3339(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def minutes_ago(minutes):
    at = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=minutes)
    return at.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def headers_of(record):
    return {name: value.decode() for name, value in record.headers}


def instant_of(timestamp):
    """A protobuf Timestamp as an aware datetime (microseconds, as RFC 3339 text carries them)."""
    return datetime.datetime.fromtimestamp(timestamp.seconds, datetime.timezone.utc) + datetime.timedelta(
        microseconds=timestamp.nanos // 1000)


class Process:
    """A child process whose first stdout line starting with `marker` carries what we need."""

    def __init__(self, args, marker, env=None):
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        deadline = time.monotonic() + DEADLINE_SECONDS
        self.line = None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            if line.startswith(marker):
                self.line = line[len(marker):].strip()
                break
        if self.line is None:
            self.proc.kill()
            raise RuntimeError(f"{args[0:2]} did not print '{marker}'")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=DEADLINE_SECONDS)


class InquiriesTopicContract(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.TemporaryDirectory(prefix="opsdesk-contract-")
        cls.broker = Process([OPSDESK, "dev-broker", "--listen", "127.0.0.1:0"], "bootstrap ")
        cls.bootstrap = cls.broker.line
        env = dict(os.environ, OPSDESK_JWT_SECRET=SECRET, OPSDESK_HTTP_ACCESS_LOG="false")
        cls.opsdesk = Process([OPSDESK, "--target=all", "--listen", "127.0.0.1:0", "--data-dir", cls.data.name,
                               "--kafka.brokers", cls.bootstrap], "listening on ", env)
        cls.url = cls.opsdesk.line
        cls.token = subprocess.run([OPSDESK, "token", "--sub", "contract-test", "--roles", "maintainer",
                                    "--tenants", "*"], env=env, check=True, capture_output=True,
                                   text=True).stdout.strip()
        cls.request_count = 0
        cls.created = cls.receive_and_handle_inquiries()
        cls.records = cls.consume_all()

    @classmethod
    def tearDownClass(cls):
        codes = (cls.opsdesk.stop(), cls.broker.stop())
        cls.data.cleanup()
        if codes != (0, 0):
            raise RuntimeError(f"opsdesk and the dev broker exited with {codes}, not (0, 0)")

    @classmethod
    def post(cls, path, body):
        """POSTs with a request id of our own, which the events it records carry as correlation id."""
        cls.request_count += 1
        request_id = f"contract-inquiries-{cls.request_count}"
        request = urllib.request.Request(cls.url + path, data=json.dumps(body).encode(), method="POST", headers={
            "Authorization": "Bearer " + cls.token, "Content-Type": "application/json",
            "X-Request-Id": request_id})
        with urllib.request.urlopen(request, timeout=DEADLINE_SECONDS) as response:
            return json.load(response), request_id

    @classmethod
    def receive_and_handle_inquiries(cls):
        """Inquiries by stream id: what was posted to receive each, and each command's event type,
        body and request id in the order they were sent (the reception first)."""
        created = {}
        for reception, commands in (
                ({"channel": "phone", "tenant": "soumu", "received_at": minutes_ago(30),
                  "requester": {"name": "山田 太郎", "role": "本部システム管理者"},
                  "subject": "組合員台帳の検索画面でエラー「該当データなし」が表示される",
                  "body": "昨日から、短期給付の照会で組合員番号を入力すると「該当データなし」になります。",
                  "category_hint": "画面操作"},
                 (("acknowledge", "InquiryAcknowledged", {"by": "desk", "at": minutes_ago(25)}),
                  ("classify", "InquiryClassified", {"class": "question", "by": "desk"}),
                  ("answer", "InquiryAnswered",
                   {"answer": "検索条件の「資格喪失者を含む」にチェックを入れてください。", "by": "desk"}),
                  ("record_effort", "EffortRecorded",
                   {"minutes": 30, "kind": "handling", "by": "desk", "note": "電話で手順を案内"}))),
                ({"channel": "email", "tenant": "centre_ops",
                  "requester": {"name": "佐藤 花子", "role": "運用チーム"},
                  "subject": "夜間バッチの完了通知メールの宛先変更",
                  "body": "来月から通知先を運用チームの共有アドレスに変えたい。"},
                 (("classify", "InquiryClassified", {"class": "improvement", "by": "desk"}),
                  ("record_effort", "EffortRecorded", {"minutes": 45, "kind": "investigation", "by": "desk"})))):
            inquiry, request_id = cls.post("/v1/inquiries", reception)
            inquiry_id = inquiry["id"]
            sent = [("InquiryReceived", reception, request_id)]
            for command, event_type, body in commands:
                _, request_id = cls.post(f"/v1/inquiries/{inquiry_id}/{command}", body)
                sent.append((event_type, body, request_id))
            created["inquiry-" + inquiry_id] = {"id": inquiry_id, "tenant": reception["tenant"], "sent": sent}
        return created

    @classmethod
    def relayed(cls):
        # /readyz carries the relay's position (for centre staff: the token's tenants are "*")
        # whether or not the process is ready: it answers 503 while the read models of
        # --target=all are still catching up with the topics.
        request = urllib.request.Request(cls.url + "/readyz",
                                         headers={"Authorization": "Bearer " + cls.token})
        try:
            with urllib.request.urlopen(request, timeout=DEADLINE_SECONDS) as response:
                readiness = json.load(response)
        except urllib.error.HTTPError as not_ready:
            if not_ready.code != 503:
                raise
            readiness = json.load(not_ready)
        inquiries = readiness["services"]["inquiries"]
        return inquiries["relay"]["acknowledged_position"], inquiries["head_position"]

    @classmethod
    def consume_all(cls):
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:
            acknowledged, head = cls.relayed()
            if acknowledged == head:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the relay acknowledged {acknowledged} of {head} positions")
            time.sleep(0.1)  # polling a condition with a deadline, not waiting for an outcome
        # The mock cluster answers ApiVersions like a Kafka 2.3 broker.
        consumer = KafkaConsumer(bootstrap_servers=cls.bootstrap, group_id=None, enable_auto_commit=False,
                                 api_version=(2, 3, 0), consumer_timeout_ms=1000)
        partitions = [TopicPartition(TOPIC, p) for p in sorted(consumer.partitions_for_topic(TOPIC))]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = sum(consumer.end_offsets(partitions).values())
        records = []
        while len(records) < end and time.monotonic() < deadline:
            records.extend(consumer)  # stops after a second without records
        consumer.close()
        if len(records) < end:
            raise RuntimeError(f"read {len(records)} of {end} records")
        cls.head = head
        return records

    def streams(self):
        """Each stream's records in the order its partition holds them (redeliveries included)."""
        by_stream = {}
        for record in sorted(self.records, key=lambda r: (r.partition, r.offset)):
            by_stream.setdefault(headers_of(record)["ce_subject"], []).append(record)
        return by_stream

    def test_every_log_position_arrives_with_the_key_and_headers_of_the_contract(self):
        positions = set()
        for record in self.records:
            headers = headers_of(record)
            with self.subTest(offset=record.offset, partition=record.partition):
                self.assertEqual(len(headers), len(record.headers), "a header appears twice")
                self.assertLessEqual(REQUIRED_HEADERS, set(headers))
                self.assertLessEqual(set(headers), REQUIRED_HEADERS | OPTIONAL_HEADERS)
                self.assertEqual(headers["ce_specversion"], "1.0")
                self.assertEqual(headers["content-type"], "application/protobuf")
                self.assertEqual(headers["ce_source"], "/opsdesk/inquiries")
                self.assertRegex(headers["ce_id"], UUID)
                self.assertIsNotNone(record.key)
                self.assertEqual(record.key.decode(), headers["ce_subject"])
                self.assertIn(headers["ce_subject"], self.created)
                self.assertTrue(headers["ce_type"].startswith("opsdesk.inquiries.v1."))
                self.assertIsNotNone(parse_rfc3339(headers["ce_time"]).tzinfo)
                self.assertIsNotNone(parse_rfc3339(headers["ce_recordedtime"]).tzinfo)
                self.assertGreaterEqual(int(headers["ce_streamversion"]), 1)
                # An inquiry belongs to the one tenant it came from, on every one of its events.
                self.assertEqual(headers["ce_tenant"], self.created[headers["ce_subject"]]["tenant"])
                self.assertEqual(headers["ce_actor"], "contract-test")
                self.assertEqual(headers["ce_correlationid"], headers["ce_causationid"])
                positions.add(int(headers["ce_logposition"]))
        self.assertEqual(positions, set(range(1, self.head + 1)))
        self.assertEqual(len({headers_of(record)["ce_id"] for record in self.records}), self.head,
                         "one event id per log position")

    def test_each_inquiry_is_on_one_partition_with_versions_contiguous_from_1(self):
        streams = self.streams()
        self.assertEqual(set(streams), set(self.created))
        for stream, records in streams.items():
            with self.subTest(stream=stream):
                self.assertEqual(len({record.partition for record in records}), 1, "the key spreads one stream")
                versions = [int(headers_of(record)["ce_streamversion"]) for record in records]
                first_seen = list(dict.fromkeys(versions))  # at-least-once: duplicates allowed, disorder not
                self.assertEqual(first_seen, list(range(1, len(self.created[stream]["sent"]) + 1)))

    def test_each_inquiry_publishes_one_event_per_command_in_the_order_sent(self):
        for stream, records in self.streams().items():
            with self.subTest(stream=stream):
                first = {}
                for record in records:
                    headers = headers_of(record)
                    first.setdefault(int(headers["ce_streamversion"]), headers)
                sent = self.created[stream]["sent"]
                self.assertEqual([first[v]["ce_type"] for v in sorted(first)],
                                 ["opsdesk.inquiries.v1." + event_type for event_type, _, _ in sent])
                self.assertEqual([first[v]["ce_correlationid"] for v in sorted(first)],
                                 [request_id for _, _, request_id in sent])

    def test_every_payload_decodes_as_the_protobuf_message_named_by_ce_type_and_carries_what_was_sent(self):
        for record in self.records:
            headers = headers_of(record)
            with self.subTest(offset=record.offset, partition=record.partition, type=headers["ce_type"]):
                package, _, name = headers["ce_type"].rpartition(".")
                self.assertEqual(package, events_pb2.DESCRIPTOR.package)
                message = getattr(events_pb2, name)()
                message.ParseFromString(record.value)
                self.assertEqual(message.SerializeToString(), record.value, "the payload has fields the schema lacks")
                inquiry = self.created[headers["ce_subject"]]
                event_type, sent, _ = inquiry["sent"][int(headers["ce_streamversion"]) - 1]
                self.assertEqual(name, event_type)
                ce_time = parse_rfc3339(headers["ce_time"])
                if name == "InquiryReceived":
                    self.assertEqual(message.inquiry_id, inquiry["id"])
                    self.assertEqual("inquiry-" + message.inquiry_id, headers["ce_subject"])
                    self.assertEqual((message.channel, message.tenant), (sent["channel"], sent["tenant"]))
                    self.assertEqual((message.requester_name, message.requester_role),
                                     (sent["requester"]["name"], sent["requester"]["role"]))
                    self.assertEqual((message.subject, message.body), (sent["subject"], sent["body"]))
                    self.assertEqual(message.category_hint, sent.get("category_hint", ""))
                    self.assertEqual(instant_of(message.received_at), ce_time)
                    if "received_at" in sent:
                        self.assertEqual(ce_time, parse_rfc3339(sent["received_at"]))
                elif name == "InquiryAcknowledged":
                    self.assertEqual(message.by, sent["by"])
                    self.assertEqual(instant_of(message.at), parse_rfc3339(sent["at"]))
                    self.assertEqual(ce_time, parse_rfc3339(sent["at"]))
                elif name == "InquiryClassified":
                    self.assertEqual((message.inquiry_class, message.previous_class, message.by),
                                     (sent["class"], "", sent["by"]))
                    self.assertFalse(message.escalate)
                    self.assertEqual(instant_of(message.at), ce_time)
                elif name == "InquiryAnswered":
                    self.assertEqual((message.answer, message.by), (sent["answer"], sent["by"]))
                    self.assertEqual(instant_of(message.at), ce_time)
                elif name == "EffortRecorded":
                    self.assertEqual((message.minutes, message.kind, message.by, message.note),
                                     (sent["minutes"], sent["kind"], sent["by"], sent.get("note", "")))
                    self.assertEqual(instant_of(message.at), ce_time)
                else:
                    self.fail(f"unexpected event type {headers['ce_type']}")

    def test_the_centre_operations_inquiry_is_published_for_centre_ops(self):
        centre = [stream for stream, inquiry in self.created.items() if inquiry["tenant"] == "centre_ops"]
        self.assertEqual(len(centre), 1)
        records = self.streams()[centre[0]]
        self.assertEqual({headers_of(record)["ce_tenant"] for record in records}, {"centre_ops"})
        received = events_pb2.InquiryReceived()
        received.ParseFromString(records[0].value)
        self.assertEqual(received.tenant, "centre_ops")


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)
