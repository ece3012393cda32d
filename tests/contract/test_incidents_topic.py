#!/usr/bin/python3
"""Cross-language contract test of opsdesk.incidents.events.v1.

Independent clients read what opsdesk publishes: kafka-python (Debian python3-kafka) consumes
the topic from `opsdesk dev-broker`, every CloudEvents header is checked against the contract
(ARCHITECTURE.md §Distribution, libs/messaging/cloud_events.hpp) and every payload is decoded
with classes that `protoc --python_out` generated from proto-schemas/ at build time; kcat lists
the topics. Incidents are created over HTTP against a real `opsdesk --target=all`. What every
topic's contract test shares is in contract_support.py.

Run by ctest (tests/CMakeLists.txt) with OPSDESK_BINARY (the opsdesk under test) and
OPSDESK_PROTO_PYTHON (the generated classes) in the environment.
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import contract_support as contract  # noqa: E402 (it puts OPSDESK_PROTO_PYTHON on sys.path)
from contract_support import headers_of, minutes_ago, parse_rfc3339  # noqa: E402
from opsdesk.incidents.v1 import events_pb2  # noqa: E402


class IncidentsTopicContract(contract.TopicContract):
    DOMAIN = "incidents"
    EVENTS = events_pb2

    @classmethod
    def setUpClass(cls):
        cls.start()
        cls.created = cls.create_incidents()
        cls.head, cls.records = cls.read_topic()

    @classmethod
    def create_incidents(cls):
        """Incidents by stream id, with what was posted; one of them gets a first notice too."""
        created = {}
        for title, tenants in (("online service unreachable", ["soumu"]),
                               ("batch delayed", ["soumu", "houmu"]),
                               ("mail relay slow", ["bouei"])):
            body = {"occurred_at": minutes_ago(30), "source": "monitoring", "severity": "major", "title": title,
                    "affected_tenants": tenants}
            incident, _ = cls.post("/v1/incidents", body)
            created["incident-" + incident["id"]] = body
        first = next(iter(created))
        cls.post("/v1/incidents/" + first.removeprefix("incident-") + "/record_notice",
                 {"tenant": "soumu", "kind": "first_notice", "sent_at": minutes_ago(10), "channel": "email",
                  "summary": "investigating"})
        return created

    def test_every_log_position_arrives_with_the_key_and_headers_of_the_contract(self):
        for record in self.records:
            with self.subTest(offset=record.offset, partition=record.partition):
                headers = self.assert_cloudevents_headers(record)
                self.assertEqual(headers["ce_actor"], contract.ACTOR)
        self.assert_every_log_position_published()

    def test_each_stream_arrives_in_version_order(self):
        versions = {}
        for record in self.records:
            headers = headers_of(record)
            versions.setdefault(headers["ce_subject"], []).append(int(headers["ce_streamversion"]))
        self.assertEqual(set(versions), set(self.created))
        for stream, seen in versions.items():
            first_seen = list(dict.fromkeys(seen))  # at-least-once: duplicates are allowed, disorder is not
            self.assertEqual(first_seen, list(range(1, len(first_seen) + 1)), stream)

    def test_every_payload_decodes_as_the_protobuf_message_named_by_ce_type(self):
        for record in self.records:
            headers = headers_of(record)
            name, message = self.assert_payload_decodes(record, headers)
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
                                 text=True, timeout=contract.DEADLINE_SECONDS).stdout
        for domain in ("incidents", "sla"):
            self.assertIn(f'topic "opsdesk.{domain}.events.v1"', listing)


if __name__ == "__main__":
    contract.main()
