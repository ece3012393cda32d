"""What the kafka-python contract tests of opsdesk's topics share (tests/contract/test_*_topic.py).

Each test starts `opsdesk dev-broker` and a real `opsdesk --target=all` publishing to it, records
facts over HTTP, waits until /readyz shows that its domain's relay has acknowledged the whole log,
reads opsdesk.<domain>.events.v1 with kafka-python (Debian python3-kafka) and checks every record
against the contract (ARCHITECTURE.md §Distribution, libs/messaging/cloud_events.hpp), decoding
the payloads with the classes that `protoc --python_out` generated from proto-schemas/ at build
time. What a topic is to carry, and the checks of its own, stay in its test.

The environment names what is under test (ctest sets both, tests/CMakeLists.txt): OPSDESK_BINARY,
the opsdesk to run, and OPSDESK_PROTO_PYTHON, the directory of the generated classes, which
importing this module puts on sys.path (so `from opsdesk.<domain>.v1 import events_pb2` works
after it).
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

OPSDESK = os.environ.get("OPSDESK_BINARY", "opsdesk")
SECRET = "contract-test-secret-0123456789abcdef"
DEADLINE_SECONDS = 60
ACTOR = "contract-test"  # the token's sub: the actor of every command the tests send
TOKYO = datetime.timezone(datetime.timedelta(hours=9))
UUID_TEXT = r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"  # a UUIDv7
UUID = re.compile(rf"^{UUID_TEXT}$")
REQUIRED_HEADERS = {"ce_specversion", "ce_id", "ce_type", "ce_source", "ce_subject", "ce_time", "content-type",
                    "ce_streamversion", "ce_logposition", "ce_recordedtime"}
OPTIONAL_HEADERS = {"ce_tenant", "ce_correlationid", "ce_causationid", "ce_actor"}


# ---- values ----

def parse_rfc3339(text):
    """RFC 3339 text (a header's, an answer's) as a datetime."""
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def minutes_ago(minutes):
    """RFC 3339 UTC text of `minutes` before now, to whole seconds: a time to send in a command."""
    at = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=minutes)
    return at.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def instant_of(timestamp):
    """A protobuf Timestamp as an aware datetime (microseconds, as RFC 3339 text carries them)."""
    return datetime.datetime.fromtimestamp(timestamp.seconds, datetime.timezone.utc) + datetime.timedelta(
        microseconds=timestamp.nanos // 1000)


def headers_of(record):
    """A Kafka record's headers by name, as text."""
    return {name: value.decode() for name, value in record.headers}


def first_of_each_version(records):
    """A stream's records, one per stream version (the first delivered), in version order."""
    first = {}
    for record in records:
        first.setdefault(int(headers_of(record)["ce_streamversion"]), record)
    return [first[version] for version in sorted(first)]


def wait_until(probe, done, failure, deadline=None):
    """probe() again and again until done(what it returned), which it then returns; past the
    deadline (DEADLINE_SECONDS from now unless given, a time.monotonic() value), a RuntimeError
    saying failure(what it last returned)."""
    if deadline is None:
        deadline = time.monotonic() + DEADLINE_SECONDS
    while True:
        seen = probe()
        if done(seen):
            return seen
        if time.monotonic() > deadline:
            raise RuntimeError(failure(seen))
        time.sleep(0.1)  # polling a condition with a deadline, not waiting for an outcome


# ---- processes ----

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
            self.kill()
            raise RuntimeError(f"{args[0:2]} did not print '{marker}'")

    def stop(self):
        """Stops it as an operator would (SIGTERM); its exit code."""
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=DEADLINE_SECONDS)
        self.proc.stdout.close()
        return code

    def kill(self):
        """Kills it if it still runs (a test that failed before stopping it)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=DEADLINE_SECONDS)
        self.proc.stdout.close()


# ---- one topic's contract test ----

class TopicContract(unittest.TestCase):
    """The scaffolding of the contract test of opsdesk.<DOMAIN>.events.v1.

    A test's setUpClass calls start(), records its facts over HTTP (post(), get()), keeps in
    `created` what it recorded by stream id, and reads the topic with read_topic(). Its tests
    check the records with the assertions below, which every topic's records must pass, and with
    checks of its own. tearDownClass stops both processes and fails unless both exit with 0.
    """

    DOMAIN = None  # "incidents": the topic, the relay in /readyz, ce_source and the ce_type package
    EVENTS = None  # the module generated from proto-schemas/opsdesk/<DOMAIN>/v1/events.proto
    created = {}  # what the test recorded, by stream id (every ce_subject must be one of them)

    @classmethod
    def topic(cls):
        return f"opsdesk.{cls.DOMAIN}.events.v1"

    # ---- processes ----

    @classmethod
    def start(cls, environment=None):
        """Starts `opsdesk dev-broker` (bootstrap) and `opsdesk --target=all` publishing to it in a
        fresh data directory (url), with `environment` added to its own, and mints a maintainer's
        token for every tenant (token, sub ACTOR). Whatever still runs when the class is done (a
        failed setUpClass) is killed."""
        cls.request_count = 0
        cls.data = tempfile.TemporaryDirectory(prefix="opsdesk-contract-")
        cls.addClassCleanup(cls.data.cleanup)
        cls.broker = Process([OPSDESK, "dev-broker", "--listen", "127.0.0.1:0"], "bootstrap ")
        cls.addClassCleanup(cls.broker.kill)
        cls.bootstrap = cls.broker.line
        env = dict(os.environ, OPSDESK_JWT_SECRET=SECRET, OPSDESK_HTTP_ACCESS_LOG="false", **(environment or {}))
        cls.opsdesk = Process([OPSDESK, "--target=all", "--listen", "127.0.0.1:0", "--data-dir", cls.data.name,
                               "--kafka.brokers", cls.bootstrap], "listening on ", env)
        cls.addClassCleanup(cls.opsdesk.kill)
        cls.url = cls.opsdesk.line
        cls.token = subprocess.run([OPSDESK, "token", "--sub", ACTOR, "--roles", "maintainer",
                                    "--tenants", "*"], env=env, check=True, capture_output=True,
                                   text=True).stdout.strip()

    @classmethod
    def tearDownClass(cls):
        codes = (cls.opsdesk.stop(), cls.broker.stop())
        cls.data.cleanup()
        if codes != (0, 0):
            raise RuntimeError(f"opsdesk and the dev broker exited with {codes}, not (0, 0)")

    # ---- HTTP ----

    @classmethod
    def call(cls, method, path, body=None, request_id=None):
        """The answer's status and body (JSON), a refusal's too."""
        headers = {"Authorization": "Bearer " + cls.token, "Content-Type": "application/json"}
        if request_id:
            headers["X-Request-Id"] = request_id
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(cls.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=DEADLINE_SECONDS) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read().decode() or "null")

    @classmethod
    def get(cls, path):
        """The body of a 200 answer; anything else fails the test."""
        status, answer = cls.call("GET", path)
        if status != 200:
            raise AssertionError(f"GET {path}: {status} {answer}")
        return answer

    @classmethod
    def next_request_id(cls):
        """A request id of our own: contract-<DOMAIN>-<n>."""
        cls.request_count += 1
        return f"contract-{cls.DOMAIN}-{cls.request_count}"

    @classmethod
    def post(cls, path, body):
        """POSTs with a request id of our own, which the events it records carry as correlation id:
        the body of the 200 or 201 answer (anything else fails the test) and that request id."""
        request_id = cls.next_request_id()
        status, answer = cls.call("POST", path, body, request_id)
        if status not in (200, 201):
            raise AssertionError(f"POST {path}: {status} {answer}")
        return answer, request_id

    # ---- the topic ----

    @classmethod
    def relay_position(cls):
        """(acknowledged, head): how far the domain's relay has published its log."""
        # /readyz carries the relay's position (for centre staff: the token's tenants are "*")
        # whether or not the process is ready: it answers 503 while the read models of
        # --target=all are still catching up with the topics.
        request = urllib.request.Request(cls.url + "/readyz", headers={"Authorization": "Bearer " + cls.token})
        try:
            with urllib.request.urlopen(request, timeout=DEADLINE_SECONDS) as response:
                readiness = json.load(response)
        except urllib.error.HTTPError as not_ready:
            if not_ready.code != 503:
                raise
            readiness = json.load(not_ready)
        service = readiness["services"][cls.DOMAIN]
        return service["relay"]["acknowledged_position"], service["head_position"]

    @classmethod
    def read_topic(cls, until_types=()):
        """(head, records): once the relay has acknowledged its whole log (head positions), every
        record of the topic from the beginning, read until the end offsets and every ce_type of
        `until_types` have been read, or the deadline (a RuntimeError if the end offsets were not)."""
        deadline = time.monotonic() + DEADLINE_SECONDS
        acknowledged, head = wait_until(
            cls.relay_position, lambda position: position[0] == position[1],
            lambda position: f"the relay acknowledged {position[0]} of {position[1]} positions", deadline)
        # The mock cluster answers ApiVersions like a Kafka 2.3 broker.
        consumer = KafkaConsumer(bootstrap_servers=cls.bootstrap, group_id=None, enable_auto_commit=False,
                                 api_version=(2, 3, 0), consumer_timeout_ms=1000)
        topic = cls.topic()
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic))]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = sum(consumer.end_offsets(partitions).values())
        records = []

        def all_types_seen():
            return set(until_types) <= {headers_of(record).get("ce_type") for record in records}

        while (len(records) < end or not all_types_seen()) and time.monotonic() < deadline:
            records.extend(consumer)  # stops after a second without records
        consumer.close()
        if len(records) < end:
            raise RuntimeError(f"read {len(records)} of {end} records")
        return head, records

    def streams(self):
        """Each stream's records in the order its partition holds them (redeliveries included)."""
        by_stream = {}
        for record in sorted(self.records, key=lambda r: (r.partition, r.offset)):
            by_stream.setdefault(headers_of(record)["ce_subject"], []).append(record)
        return by_stream

    def decoded(self, record):
        """The record's payload as the message its ce_type names (no checks: see assert_payload_decodes)."""
        message = getattr(self.EVENTS, headers_of(record)["ce_type"].rpartition(".")[2])()
        message.ParseFromString(record.value)
        return message

    # ---- what every topic's records must pass ----

    def assert_cloudevents_headers(self, record):
        """The key and the CloudEvents headers every record of every topic carries; the headers by name."""
        headers = headers_of(record)
        self.assertEqual(len(headers), len(record.headers), "a header appears twice")
        self.assertLessEqual(REQUIRED_HEADERS, set(headers))
        self.assertLessEqual(set(headers), REQUIRED_HEADERS | OPTIONAL_HEADERS)
        self.assertEqual(headers["ce_specversion"], "1.0")
        self.assertEqual(headers["content-type"], "application/protobuf")
        self.assertEqual(headers["ce_source"], f"/opsdesk/{self.DOMAIN}")
        self.assertRegex(headers["ce_id"], UUID)
        # The key is the stream id: one stream's events keep their order on one partition.
        self.assertIsNotNone(record.key)
        self.assertEqual(record.key.decode(), headers["ce_subject"])
        self.assertIn(headers["ce_subject"], self.created)
        self.assertTrue(headers["ce_type"].startswith(f"opsdesk.{self.DOMAIN}.v1."))
        self.assertIsNotNone(parse_rfc3339(headers["ce_time"]).tzinfo)
        self.assertIsNotNone(parse_rfc3339(headers["ce_recordedtime"]).tzinfo)
        self.assertGreaterEqual(parse_rfc3339(headers["ce_recordedtime"]), parse_rfc3339(headers["ce_time"]))
        self.assertGreaterEqual(int(headers["ce_streamversion"]), 1)
        self.assertEqual(headers["ce_correlationid"], headers["ce_causationid"])
        return headers

    def assert_every_log_position_published(self):
        """The log positions are the domain log's, contiguous from 1 to the head, each published,
        with one event id per log position."""
        self.assertEqual({int(headers_of(record)["ce_logposition"]) for record in self.records},
                         set(range(1, self.head + 1)))
        self.assertEqual(len({headers_of(record)["ce_id"] for record in self.records}), self.head,
                         "one event id per log position")

    def assert_one_partition_and_versions_from_1(self, records, count):
        """One stream's records (as streams() gives them): on one partition, and their stream
        versions, as first delivered, 1 to `count` in order."""
        self.assertEqual(len({record.partition for record in records}), 1, "the key spreads one stream")
        versions = [int(headers_of(record)["ce_streamversion"]) for record in records]
        first_seen = list(dict.fromkeys(versions))  # at-least-once: duplicates allowed, disorder not
        self.assertEqual(first_seen, list(range(1, count + 1)))

    def assert_payload_decodes(self, record, headers):
        """The payload decodes as the protobuf message ce_type names, in the domain's package,
        with no field the schema lacks; (the message's name, the message)."""
        package, _, name = headers["ce_type"].rpartition(".")
        self.assertEqual(package, self.EVENTS.DESCRIPTOR.package)
        message = getattr(self.EVENTS, name)()
        message.ParseFromString(record.value)
        self.assertEqual(message.DESCRIPTOR.full_name, headers["ce_type"])
        self.assertEqual(message.SerializeToString(), record.value, "the payload has fields the schema lacks")
        return name, message


def main():
    """Runs the tests of the calling script (__main__), prints the tally and exits 0 only when
    some ran and none failed."""
    result = unittest.main(module="__main__", exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)
