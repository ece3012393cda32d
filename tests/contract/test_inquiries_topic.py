#!/usr/bin/python3
"""Cross-language contract test of opsdesk.inquiries.events.v1.

Independent clients read what opsdesk publishes: kafka-python (Debian python3-kafka) consumes
the topic from `opsdesk dev-broker`, every CloudEvents header is checked against the contract
(ARCHITECTURE.md §Distribution, libs/messaging/cloud_events.hpp) and every payload is decoded
with classes that `protoc --python_out` generated from proto-schemas/ at build time. Inquiries
(one of an association, one of the centre operations team) are received and handled over HTTP
against a real `opsdesk --target=all` (docs/api/inquiries.yaml). What every topic's contract
test shares is in contract_support.py.

Run by ctest (tests/CMakeLists.txt) with OPSDESK_BINARY (the opsdesk under test) and
OPSDESK_PROTO_PYTHON (the generated classes) in the environment.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import contract_support as contract  # noqa: E402 (it puts OPSDESK_PROTO_PYTHON on sys.path)
from contract_support import first_of_each_version, headers_of, instant_of, minutes_ago, parse_rfc3339  # noqa: E402
from opsdesk.inquiries.v1 import events_pb2  # noqa: E402


class InquiriesTopicContract(contract.TopicContract):
    DOMAIN = "inquiries"
    EVENTS = events_pb2

    @classmethod
    def setUpClass(cls):
        cls.start()
        cls.created = cls.receive_and_handle_inquiries()
        cls.head, cls.records = cls.read_topic()

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

    def test_every_log_position_arrives_with_the_key_and_headers_of_the_contract(self):
        for record in self.records:
            with self.subTest(offset=record.offset, partition=record.partition):
                headers = self.assert_cloudevents_headers(record)
                # An inquiry belongs to the one tenant it came from, on every one of its events.
                self.assertEqual(headers["ce_tenant"], self.created[headers["ce_subject"]]["tenant"])
                self.assertEqual(headers["ce_actor"], contract.ACTOR)
        self.assert_every_log_position_published()

    def test_each_inquiry_is_on_one_partition_with_versions_contiguous_from_1(self):
        streams = self.streams()
        self.assertEqual(set(streams), set(self.created))
        for stream, records in streams.items():
            with self.subTest(stream=stream):
                self.assert_one_partition_and_versions_from_1(records, len(self.created[stream]["sent"]))

    def test_each_inquiry_publishes_one_event_per_command_in_the_order_sent(self):
        for stream, records in self.streams().items():
            with self.subTest(stream=stream):
                first = [headers_of(record) for record in first_of_each_version(records)]
                sent = self.created[stream]["sent"]
                self.assertEqual([headers["ce_type"] for headers in first],
                                 ["opsdesk.inquiries.v1." + event_type for event_type, _, _ in sent])
                self.assertEqual([headers["ce_correlationid"] for headers in first],
                                 [request_id for _, _, request_id in sent])

    def test_every_payload_decodes_as_the_protobuf_message_named_by_ce_type_and_carries_what_was_sent(self):
        for record in self.records:
            headers = headers_of(record)
            with self.subTest(offset=record.offset, partition=record.partition, type=headers["ce_type"]):
                name, message = self.assert_payload_decodes(record, headers)
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
    contract.main()
