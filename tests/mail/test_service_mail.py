#!/usr/bin/python3
"""Service-stop notices and service-resumed mails (仕様書 4.(5)④) through a real SMTP server.

The service-resumed mail also follows the restoration of a fault that stopped the service.

A local SMTP server (aiosmtpd, Debian's python3-aiosmtpd) receives what `opsdesk --target=all`
sends: a maintenance window that stops two associations' service is planned and approved, its
service-stop notice goes out 5 business days before it (not earlier), and when its work is
completed each association gets the service-resumed mail. The process is then killed with SIGKILL
and started again: nothing is sent twice. Times move with the manual test clock.

Run by ctest (tests/CMakeLists.txt) with OPSDESK_BINARY in the environment (tests/support/opsdesk_py.py).
"""

import email
import email.policy
import os
import socket
import sys
import tempfile
import threading
import time
import unittest

from aiosmtpd.controller import Controller

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from opsdesk_py import Opsdesk, test_environment, token  # noqa: E402

RECIPIENTS = {"soumu": ["admin@soumu.example", "ops@soumu.example"], "houmu": ["admin@houmu.example"]}


class Inbox:
    """The SMTP server's handler: every message it accepted, with its envelope."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def received(self):
        with self.lock:
            return list(self.messages)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServiceMail(unittest.TestCase):
    def setUp(self):
        self.inbox = Inbox()
        self.smtp = Controller(self.inbox, hostname="127.0.0.1", port=free_port())
        self.smtp.start()
        self.data = tempfile.TemporaryDirectory(prefix="opsdesk-mail-")
        recipients_file = os.path.join(self.data.name, "recipients.yaml")
        with open(recipients_file, "w") as f:
            for code, addresses in RECIPIENTS.items():
                f.write(f"{code}: [{', '.join(addresses)}]\n")
        self.env = test_environment(OPSDESK_NOTIFIER_SMTP_URL=f"smtp://127.0.0.1:{self.smtp.port}",
                                    OPSDESK_NOTIFIER_SENDER="opsdesk@centre.example",
                                    OPSDESK_NOTIFIER_RECIPIENTS_FILE=recipients_file)
        self.opsdesk = Opsdesk(os.path.join(self.data.name, "data"), self.env)
        self.token = token(self.env, "desk", "maintainer", "*")

    def tearDown(self):
        if self.opsdesk.proc.poll() is None:
            self.assertEqual(self.opsdesk.stop(), 0)
        self.smtp.stop()
        self.data.cleanup()

    def post(self, path, body):
        return self.opsdesk.post(path, self.token, body)

    def clock(self, now):
        return self.post("/v1/test/clock", {"now": now})

    def mails_of_kind(self, subject_start):
        return [(rcpt, m) for rcpt, m in self.inbox.received() if str(m["Subject"]).startswith(subject_start)]

    def wait_for(self, subject_start, count, now):
        """Moves the clock to `now` (again and again: the notifier's view follows the scheduling
        events on its own thread) until `count` such mails arrived."""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            self.clock(now)
            if len(self.mails_of_kind(subject_start)) >= count:
                return self.mails_of_kind(subject_start)
            time.sleep(0.2)
        self.fail(f"{count} mails '{subject_start}…' did not arrive; received: "
                  f"{[str(m['Subject']) for _, m in self.inbox.received()]}")

    def test_stop_notice_before_and_resumed_mail_after_a_window_once_each(self):
        self.clock("2026-11-16T09:00:00+09:00")
        window = self.post("/v1/schedule/windows", {
            "kind": "periodic_inspection", "title": "定期点検（サーバ機器）", "tenants": ["soumu", "houmu"],
            "planned_start": "2026-11-28T09:00:00+09:00", "planned_end": "2026-11-28T17:00:00+09:00",
            "stops_service": True})
        for tenant in ("soumu", "houmu"):
            self.post(f"/v1/schedule/windows/{window['id']}/approve", {"tenant": tenant, "approver": "本部課長"})

        # Five business days before Saturday 11-28 is Friday 11-20 (11-23 is a holiday): not yet
        # on the 19th.
        for _ in range(5):
            self.clock("2026-11-19T12:00:00+09:00")
            time.sleep(0.1)
        self.assertEqual(self.inbox.received(), [])
        notices = self.wait_for("【サービス停止のお知らせ】", 2, "2026-11-20T09:00:00+09:00")
        self.assertEqual(sorted(a for rcpt, _ in notices for a in rcpt),
                         sorted(RECIPIENTS["soumu"] + RECIPIENTS["houmu"]))
        self.assertIn("2026年11月28日(土) 09:00", notices[0][1].get_content())

        self.clock("2026-11-28T16:10:00+09:00")
        self.post(f"/v1/schedule/windows/{window['id']}/complete", {"note": "点検完了"})
        resumed = self.wait_for("【サービス再開のお知らせ】", 2, "2026-11-28T16:11:00+09:00")
        by_tenant = {}
        for rcpt, message in resumed:
            tenant = "soumu" if "admin@soumu.example" in rcpt else "houmu"
            by_tenant[tenant] = message
            self.assertEqual(str(message["Subject"]), "【サービス再開のお知らせ】定期点検（サーバ機器）")
            self.assertEqual(message["From"], "opsdesk@centre.example")
            self.assertIn("2026年11月28日(土) 16:10", message.get_content())
            self.assertIn("点検完了", message.get_content())
        self.assertEqual(sorted(by_tenant), ["houmu", "soumu"])
        for tenant, message in by_tenant.items():
            self.assertRegex(message["Message-ID"], r"^<[0-9a-f-]{36}\." + tenant + "@opsdesk>$")

        # A fault that stopped the service: its restoration is mailed too, once per association.
        self.clock("2026-11-28T17:06:00+09:00")
        incident = self.post("/v1/incidents", {
            "occurred_at": "2026-11-28T16:30:00+09:00", "source": "monitoring", "severity": "critical",
            "title": "共済システム サーバ停止", "affected_tenants": ["soumu"], "service_stopped": True})
        self.assertTrue(incident["service_stopped"])
        self.post(f"/v1/incidents/{incident['id']}/restore_service",
                  {"at": "2026-11-28T17:05:00+09:00", "summary": "サーバ再起動により復旧"})
        fault = self.wait_for("【サービス再開のお知らせ】障害復旧：", 1, "2026-11-28T17:06:00+09:00")
        self.assertEqual(sorted(fault[0][0]), sorted(RECIPIENTS["soumu"]))
        self.assertIn("2026年11月28日(土) 17:05", fault[0][1].get_content())

        # Killed and started again: the mails were recorded as sent, nothing goes twice.
        self.opsdesk.kill_hard()
        self.opsdesk = Opsdesk(os.path.join(self.data.name, "data"), self.env)
        for _ in range(10):
            self.clock("2026-11-28T16:20:00+09:00")
            time.sleep(0.1)
        self.assertEqual(len(self.inbox.received()), 5)
        ready = self.opsdesk.get_json("/readyz", self.token)
        self.assertEqual(ready["services"]["notifier"]["head_position"], 5)  # five MailSent events
        self.assertEqual(ready["services"]["notifier"]["failing_mails"], [])


if __name__ == "__main__":
    unittest.main()
