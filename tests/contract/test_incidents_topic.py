#!/usr/bin/python3
"""Cross-language contract test of opsdesk.incidents.events.v1.

Independent clients read what opsdesk publishes: kafka-python (Debian python3-kafka) consumes
the topic from `opsdesk dev-broker`, every CloudEvents header is checked against the contract
(ARCHITECTURE.md §Distribution, libs/messaging/cloud_events.hpp) and every payload is decoded
with classes that `protoc --python_out` generated from proto-schemas/ at build time; kcat lists
the topics. Incidents are created over HTTP against a real `opsdesk --target=all`.

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
from opsdesk.incidents.v1 import events_pb2  # noqa: E402

OPSDESK = os.environ.get("OPSDESK_BINARY", "opsdesk")
TOPIC = "opsdesk.incidents.events.v1"
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


class IncidentsTopicContract(unittest.TestCase):
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
        cls.created = cls.create_incidents()
        cls.records = cls.consume_all()

    @classmethod
    def tearDownClass(cls):
        codes = (cls.opsdesk.stop(), cls.broker.stop())
        cls.data.cleanup()
        if codes != (0, 0):
            raise RuntimeError(f"opsdesk and the dev broker exited with {codes}, not (0, 0)")

    @classmethod
    def post(cls, path, body):
        request = urllib.request.Request(cls.url + path, data=json.dumps(body).encode(), method="POST", headers={
            "Authorization": "Bearer " + cls.token, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=DEADLINE_SECONDS) as response:
            return json.load(response)

    @classmethod
    def create_incidents(cls):
        """Incidents by stream id, with what was posted; one of them gets a first notice too."""
        created = {}
        for title, tenants in (("online service unreachable", ["soumu"]),
                               ("batch delayed", ["soumu", "houmu"]),
                               ("mail relay slow", ["bouei"])):
            body = {"occurred_at": minutes_ago(30), "source": "monitoring", "severity": "major", "title": title,
                    "affected_tenants": tenants}
            incident = cls.post("/v1/incidents", body)
            created["incident-" + incident["id"]] = body
        first = next(iter(created))
        cls.post("/v1/incidents/" + first.removeprefix("incident-") + "/record_notice",
                 {"tenant": "soumu", "kind": "first_notice", "sent_at": minutes_ago(10), "channel": "email",
                  "summary": "investigating"})
        return created

    @classmethod
    def relayed(cls):
        # /readyz carries the relay's position (for centre staff: the token's tenants are "*")
        # whether or not the process is ready: it answers 503 while the read models of
        # --target=all are still catching up with the topic.
        request = urllib.request.Request(cls.url + "/readyz",
                                         headers={"Authorization": "Bearer " + cls.token})
        try:
            with urllib.request.urlopen(request, timeout=DEADLINE_SECONDS) as response:
                readiness = json.load(response)
        except urllib.error.HTTPError as not_ready:
            if not_ready.code != 503:
                raise
            readiness = json.load(not_ready)
        incidents = readiness["services"]["incidents"]
        return incidents["relay"]["acknowledged_position"], incidents["head_position"]

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

    def test_every_log_position_arrives_with_the_key_and_headers_of_the_contract(self):
        positions = set()
        for record in self.records:
            headers = {name: value.decode() for name, value in record.headers}
            with self.subTest(offset=record.offset, partition=record.partition):
                self.assertEqual(len(headers), len(record.headers), "a header appears twice")
                self.assertLessEqual(REQUIRED_HEADERS, set(headers))
                self.assertLessEqual(set(headers), REQUIRED_HEADERS | OPTIONAL_HEADERS)
                self.assertEqual(headers["ce_specversion"], "1.0")
                self.assertEqual(headers["content-type"], "application/protobuf")
                self.assertEqual(headers["ce_source"], "/opsdesk/incidents")
                self.assertRegex(headers["ce_id"], UUID)
                self.assertEqual(record.key.decode(), headers["ce_subject"])
                self.assertIn(headers["ce_subject"], self.created)
                self.assertTrue(headers["ce_type"].startswith("opsdesk.incidents.v1."))
                self.assertIsNotNone(parse_rfc3339(headers["ce_time"]).tzinfo)
                self.assertGreaterEqual(parse_rfc3339(headers["ce_recordedtime"]), parse_rfc3339(headers["ce_time"]))
                self.assertGreaterEqual(int(headers["ce_streamversion"]), 1)
                self.assertEqual(headers["ce_actor"], "contract-test")
                self.assertEqual(headers["ce_correlationid"], headers["ce_causationid"])
                positions.add(int(headers["ce_logposition"]))
        self.assertEqual(positions, set(range(1, self.head + 1)))

    def test_each_stream_arrives_in_version_order(self):
        versions = {}
        for record in self.records:
            headers = {name: value.decode() for name, value in record.headers}
            versions.setdefault(headers["ce_subject"], []).append(int(headers["ce_streamversion"]))
        self.assertEqual(set(versions), set(self.created))
        for stream, seen in versions.items():
            first_seen = list(dict.fromkeys(seen))  # at-least-once: duplicates are allowed, disorder is not
            self.assertEqual(first_seen, list(range(1, len(first_seen) + 1)), stream)

    def test_every_payload_decodes_as_the_protobuf_message_named_by_ce_type(self):
        for record in self.records:
            headers = {name: value.decode() for name, value in record.headers}
            package, _, name = headers["ce_type"].rpartition(".")
            self.assertEqual(package, events_pb2.DESCRIPTOR.package)
            message = getattr(events_pb2, name)()
            message.ParseFromString(record.value)
            self.assertEqual(message.SerializeToString(), record.value, "the payload has fields the schema lacks")
            posted = self.created[headers["ce_subject"]]
            if name == "IncidentDetected":
                self.assertEqual(message.title, posted["title"])
                self.assertEqual(list(message.affected_tenants), posted["affected_tenants"])
                self.assertEqual(headers["ce_tenant"], ",".join(posted["affected_tenants"]))
                self.assertEqual(parse_rfc3339(headers["ce_time"]), parse_rfc3339(posted["occurred_at"]))
                self.assertEqual("incident-" + message.incident_id, headers["ce_subject"])
            elif name == "FirstNoticeSent":
                self.assertEqual((message.tenant, message.channel), ("soumu", "email"))
            else:
                self.fail(f"unexpected event type {headers['ce_type']}")

    def test_kcat_lists_the_topic_of_every_published_domain(self):
        # The dev broker creates the topic of each domain a module of the binary publishes.
        listing = subprocess.run(["kcat", "-L", "-b", self.bootstrap], check=True, capture_output=True,
                                 text=True, timeout=DEADLINE_SECONDS).stdout
        for domain in ("incidents", "sla"):
            self.assertIn(f'topic "opsdesk.{domain}.events.v1"', listing)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)
