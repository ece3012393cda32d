#!/usr/bin/python3
"""The schedule's iCalendar feed read back by an independent parser (Debian's python3-icalendar).

The contract's tasks are seeded into `opsdesk --target=all`; GET /v1/schedule/calendar.ics
answers RFC 5545 that icalendar parses, one VEVENT per occurrence with a stable UID (the
occurrence's id), times in UTC, Japanese summaries, and a SEQUENCE that grows when work is
recorded against the occurrence. An association's administrator gets only its own work.

Run by ctest (tests/CMakeLists.txt) with OPSDESK_BINARY in the environment.
"""

import datetime
import os
import sys
import tempfile
import unittest

import icalendar

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from opsdesk_py import Opsdesk, test_environment, token  # noqa: E402

UTC = datetime.timezone.utc


class CalendarFeed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.TemporaryDirectory(prefix="opsdesk-ics-")
        cls.env = test_environment()
        cls.opsdesk = Opsdesk(cls.data.name, cls.env)
        cls.desk = token(cls.env, "desk", "maintainer", "*")
        cls.bouei = token(cls.env, "kato", "association_admin", "bouei")
        cls.opsdesk.post("/v1/test/clock", cls.desk, {"now": "2026-12-01T09:00:00+09:00"})
        cls.opsdesk.post("/v1/schedule/tasks/seed", cls.desk, {})

    @classmethod
    def tearDownClass(cls):
        code = cls.opsdesk.stop()
        cls.data.cleanup()
        if code != 0:
            raise RuntimeError(f"opsdesk exited with {code}")

    def feed(self, token_, query=""):
        status, headers, body = self.opsdesk.request("GET", "/v1/schedule/calendar.ics" + query, token_)
        self.assertEqual(status, 200, body[:300])
        self.assertTrue(headers["Content-Type"].startswith("text/calendar"))
        return icalendar.Calendar.from_ical(body)

    @staticmethod
    def events(calendar):
        return [c for c in calendar.walk() if c.name == "VEVENT"]

    def test_every_occurrence_is_an_event_with_a_stable_uid(self):
        calendar = self.feed(self.desk, "?from=2026-12-01&to=2026-12-31")
        self.assertEqual(str(calendar["VERSION"]), "2.0")
        events = self.events(calendar)
        uids = [str(e["UID"]) for e in events]
        self.assertEqual(len(uids), len(set(uids)))
        self.assertGreater(len(events), 40)  # the daily checks alone, on 19 business days
        listed = self.opsdesk.get_json("/v1/schedule/occurrences?from=2026-12-01&to=2026-12-31", self.desk)
        self.assertEqual(sorted(uids), sorted(o["id"] + "@opsdesk" for o in listed["items"]))
        # The same feed again names the same events.
        again = [str(e["UID"]) for e in self.events(self.feed(self.desk, "?from=2026-12-01&to=2026-12-31"))]
        self.assertEqual(sorted(again), sorted(uids))

        backup = next(o for o in listed["items"] if o["kind"] == "backup_check" and o["day"] == "2026-12-01")
        event = next(e for e in events if str(e["UID"]) == backup["id"] + "@opsdesk")
        self.assertEqual(str(event["SUMMARY"]), backup["title"])
        self.assertEqual(event["DTSTART"].dt, datetime.datetime(2026, 12, 1, 0, 30, tzinfo=UTC))  # 09:30 Tokyo
        self.assertEqual(event["DTEND"].dt, datetime.datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
        self.assertIn("総務省共済組合", str(event["DESCRIPTION"]))
        self.assertEqual(int(event["SEQUENCE"]), 0)

        # Work recorded against it: the event is the same one, a later version of it.
        self.opsdesk.post(f"/v1/schedule/occurrences/{backup['id']}/complete", self.desk,
                          {"result": "ok", "tenants": ["soumu"]})
        updated = next(e for e in self.events(self.feed(self.desk, "?from=2026-12-01&to=2026-12-01"))
                       if str(e["UID"]) == backup["id"] + "@opsdesk")
        self.assertEqual(int(updated["SEQUENCE"]), 1)

    def test_an_association_subscribes_to_its_own_work(self):
        events = self.events(self.feed(self.bouei, "?from=2026-12-01&to=2026-12-31"))
        self.assertTrue(events)
        for event in events:
            self.assertIn("防衛省共済組合", str(event["DESCRIPTION"]))
        summaries = {str(e["SUMMARY"]) for e in events}
        self.assertIn("ログ抽出（防衛省）", summaries)
        self.assertNotIn("日次バックアップ完了確認（自動失敗時は手動バックアップ）", summaries)


if __name__ == "__main__":
    unittest.main()
