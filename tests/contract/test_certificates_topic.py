#!/usr/bin/python3
"""Cross-language contract test of opsdesk.certificates.events.v1.

Independent clients read what opsdesk publishes: kafka-python (Debian python3-kafka) consumes
the topic from `opsdesk dev-broker`, every CloudEvents header is checked against the contract
(ARCHITECTURE.md §Distribution, libs/messaging/cloud_events.hpp) and every payload is decoded
with classes that `protoc --python_out` generated from proto-schemas/ at build time. The
certificates are made here, with Debian's python3-cryptography, and recorded over HTTP against a
real `opsdesk --target=all` (docs/api/certificates.yaml), so that every event message of
proto-schemas/opsdesk/certificates/v1 is published at least once:

- a PKI of our own: a root CA (the process's TLS, code-signing and timestamp trust bundle), an
  issuing CA under it, and three leaves it issued: a code-signing certificate and two TLS server
  certificates of one site, the second the renewal of the first;
- the code-signing certificate imported with its chain for the whole centre (all_centre), its
  renewal put on the centre's schedule by the expiry watch (a task of the scheduling service),
  a program signed with it recorded (POST /v1/signatures), its renewal ordered once due, and
  then, as the clock moves, the watch's records: due for renewal, each configured lead time
  before its end whose notice came after the import (the longest came before it and is never
  recorded), and expired;
- the SSL renewal of the site on the association side's instruction: the old certificate
  imported with its chain for two associations, a location added and removed, its renewal
  ordered, the renewed certificate recorded as issued (imported as its successor, sent twice:
  the second time records nothing), deployed at the site and the old one retired, after which
  the watch records nothing for either, though the clock passes the old one's end;
- refused commands, which publish nothing: an SSL renewal ordered without the association
  side's instruction, and a signing recorded with the TLS certificate.

opsdesk runs on a manual clock (--clock=manual): the test moves it with POST /v1/test/clock,
which runs the expiry watch's pass at once, so the watch's records come one move at a time, in
the order their times fall. The certificates' validity is chosen from the time the test starts
(BASE), whenever it runs; the notice days are counted on the business calendar the process
serves (GET /v1/calendar/business-days). The watch also looks on a thread of its own after every
accepted command (it schedules the code-signing renewal there): the test polls for that with a
deadline and never asserts on timing. The token outlives the clock's moves (a long --ttl).
What every topic's contract test shares is in contract_support.py.

Run by ctest (tests/CMakeLists.txt) with OPSDESK_BINARY (the opsdesk under test) and
OPSDESK_PROTO_PYTHON (the generated classes) in the environment.
"""

import collections
import datetime
import hashlib
import ipaddress
import os
import re
import subprocess
import sys
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import contract_support as contract  # noqa: E402 (it puts OPSDESK_PROTO_PYTHON on sys.path)
from contract_support import (ACTOR, OPSDESK, SECRET, TOKYO, UUID, UUID_TEXT, first_of_each_version,  # noqa: E402
                              headers_of, instant_of, parse_rfc3339, wait_until)
from opsdesk.certificates.v1 import events_pb2  # noqa: E402

# Every stream id of the topic, by its prefix (services/certificates/contract/certificate_events.hpp).
STREAM_IDS = {
    "certificate": re.compile(r"^certificate-[0-9a-f]{64}$"),
    "signing": re.compile(rf"^signing-{UUID_TEXT}$"),
}
WATCH = "certificates-expiry-watch"  # the expiry watch's own principal (services/certificates/expiry_watch.cpp)
# certificates.expiry_lead_business_days, in no particular order: the notices come longest first.
LEADS_SETTING = "10,45,3,20"
LEADS = (45, 20, 10, 3)
# 45 business days before the code-signing certificate's end fall before its import: never recorded.
STALE_LEAD = 45
RECORDED_LEADS = (20, 10, 3)
SHORTEST_LEAD = 3
TOKEN_TTL = "400d"  # the clock moves some two months past the start
UTC = datetime.timezone.utc
DAY = datetime.timedelta(days=1)
# Extended key usages as the certificate carries them (dotted OIDs).
CODE_SIGNING_EKU = "1.3.6.1.5.5.7.3.3"
SERVER_AUTH_EKU = "1.3.6.1.5.5.7.3.1"
CLIENT_AUTH_EKU = "1.3.6.1.5.5.7.3.2"
# The CA/Browser Forum's lifetime limits (docs/api/certificates.yaml), newest first: (since, days).
LIFETIME_LIMITS = {
    "tls_server": [("2029-03-15", 47), ("2027-03-15", 100), ("2026-03-15", 200), ("2020-09-01", 398)],
    "code_signing": [("2026-03-01", 460)],
}
LIMITED_KIND = {"tls_server": "TLS server", "code_signing": "code-signing"}
# OpenSSL's long names of the signature algorithms our CAs sign with.
SIGNED_BY_RSA = "sha256WithRSAEncryption"
SIGNED_BY_EC = "ecdsa-with-SHA256"
SITE = {"kind": "url", "value": "https://kyosai.example.jp/"}
SIGNING_HOST = {"kind": "signing_host", "value": "sign01.centre.local"}
CONFIGURATION_ITEM = {"kind": "configuration_item", "value": "01972a40-1b2c-7d3e-8f40-5a6b7c8d9e08"}

# One fact the topic is to carry: its event type, what it was recorded from, the request id it was
# recorded under (the correlation id), the associations of its stream (ce_tenant) and the actor.
Fact = collections.namedtuple("Fact", "type sent request_id tenants actor")


def event_messages():
    """The names of the schema's event messages: those that say when they happened (`at`);
    SubjectAltName, Location and RenewalPolicy are parts of events."""
    return {name for name, message in events_pb2.DESCRIPTOR.message_types_by_name.items()
            if "at" in message.fields_by_name}


def text_of(at):
    """An instant as RFC 3339 text in Tokyo time, as a person would send it."""
    return at.astimezone(TOKYO).isoformat()


def tokyo_midnight(day):
    return datetime.datetime.combine(day, datetime.time(0, 0), TOKYO)


# ---- our PKI ----

class Issued:
    """A certificate we issued, with what the desk is to read from it."""

    def __init__(self, certificate, purpose, key_algorithm, key_bits, signature_algorithm):
        self.certificate = certificate
        self.der = certificate.public_bytes(serialization.Encoding.DER)
        self.pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
        self.fingerprint = hashlib.sha256(self.der).hexdigest()
        self.purpose = purpose
        self.key_algorithm = key_algorithm
        self.key_bits = key_bits
        self.signature_algorithm = signature_algorithm
        self.not_before = certificate.not_valid_before.replace(tzinfo=UTC)
        self.not_after = certificate.not_valid_after.replace(tzinfo=UTC)

    @property
    def serial_text(self):
        """The serial as OpenSSL prints it: upper-case hex, whole bytes."""
        text = f"{self.certificate.serial_number:X}"
        return "0" * (len(text) % 2) + text


def name_of(common_name, organisation):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def issue(subject, key, not_before, not_after, issuer=None, issuer_key=None, ca=False, usages=(),
          alt_names=()):
    """A certificate for `key`, signed by `issuer_key` (self-signed without an issuer)."""
    issuer_name = issuer.subject if issuer is not None else subject
    signer = issuer_key if issuer_key is not None else key
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_name)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(not_before).not_valid_after(not_after)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=False,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                                            encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()), critical=False)
    if usages:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(usages)), critical=False)
    if alt_names:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(alt_names)), critical=False)
    return builder.sign(signer, hashes.SHA256())


SITE_NAMES = [x509.DNSName("kyosai.example.jp"), x509.DNSName("www.kyosai.example.jp"),
              x509.IPAddress(ipaddress.ip_address("10.1.2.3")),
              x509.IPAddress(ipaddress.ip_address("2001:db8::1"))]
# How the desk reads those names (an IPv6 address written out in full, as the service prints it).
SITE_ALT_NAMES = [("dns", "kyosai.example.jp"), ("dns", "www.kyosai.example.jp"), ("ip", "10.1.2.3"),
                  ("ip", "2001:0db8:0000:0000:0000:0000:0000:0001")]


class Pki:
    """A root CA (made before the process starts: it is the trust bundle), an issuing CA under it,
    and the three leaves the issuing CA issued, valid around `base` (the clock's start): the
    code-signing certificate ends at midnight (Tokyo) two months on; the site's certificate lives 40
    days, its renewal 301 days (over the TLS lifetime limit)."""

    def __init__(self, now):
        self.root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        root = issue(name_of("opsdesk contract root CA", "opsdesk contract test"), self.root_key,
                     now - 60 * DAY, now + 7300 * DAY, ca=True)
        self.root = Issued(root, "other", "RSA", 2048, SIGNED_BY_RSA)

    def issue_leaves(self, base):
        issuing_key = ec.generate_private_key(ec.SECP256R1())
        issuing = issue(name_of("opsdesk contract issuing CA", "opsdesk contract test"), issuing_key,
                        base - 30 * DAY, base + 3650 * DAY, self.root.certificate, self.root_key, ca=True)
        self.issuing = Issued(issuing, "other", "EC", 256, SIGNED_BY_RSA)

        self.code_signing_cn = "共済組合連合会 コード署名"
        self.code_signing_org = "国家公務員共済組合連合会"
        self.code_signing_ends = tokyo_midnight(base.astimezone(TOKYO).date() + 61 * DAY)
        self.code_signing = Issued(
            issue(name_of(self.code_signing_cn, self.code_signing_org),
                  rsa.generate_private_key(public_exponent=65537, key_size=2048),
                  base - 10 * DAY, self.code_signing_ends, issuing, issuing_key,
                  usages=[ExtendedKeyUsageOID.CODE_SIGNING]),
            "code_signing", "RSA", 2048, SIGNED_BY_EC)

        self.site_cn = "kyosai.example.jp"
        self.site_org = "総務省共済組合"
        site_usages = [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
        self.site = Issued(
            issue(name_of(self.site_cn, self.site_org), ec.generate_private_key(ec.SECP256R1()),
                  base - 5 * DAY, base + 35 * DAY, issuing, issuing_key, usages=site_usages,
                  alt_names=SITE_NAMES),
            "tls_server", "EC", 256, SIGNED_BY_EC)
        self.renewed_site = Issued(
            issue(name_of(self.site_cn, self.site_org), ec.generate_private_key(ec.SECP384R1()),
                  base - DAY, base + 300 * DAY, issuing, issuing_key, usages=site_usages,
                  alt_names=SITE_NAMES),
            "tls_server", "EC", 384, SIGNED_BY_EC)

    def subject_of(self, issued):
        """RFC 2253 as the desk writes it: the most specific first, UTF-8 kept."""
        names = {self.code_signing.fingerprint: (self.code_signing_cn, self.code_signing_org)}
        cn, org = names.get(issued.fingerprint, (self.site_cn, self.site_org))
        return f"CN={cn},O={org},C=JP"


# ---- what the desk is to work out ----

def renewal_due(not_before, not_after, renew_before_days=None, percentage=None):
    """cert-manager's rule (docs/api/certificates.yaml): (due time, rule)."""
    lifetime = not_after - not_before
    if renew_before_days and datetime.timedelta(days=renew_before_days) < lifetime:
        return not_after - datetime.timedelta(days=renew_before_days), "renew_before"
    if percentage:
        return not_after - lifetime * percentage // 100, "renew_before_percentage"
    return not_after - lifetime // 3, "one_third_of_lifetime"


def lifetime_warning(issued):
    """The warning of a certificate that lives longer than the CA/Browser Forum allows, or None."""
    for since, max_days in LIFETIME_LIMITS.get(issued.purpose, []):
        if issued.not_before >= datetime.datetime.fromisoformat(since + "T00:00:00+00:00"):
            lived = issued.not_after - issued.not_before
            if lived <= datetime.timedelta(days=max_days):
                return None
            hours = int(lived.total_seconds()) // 3600
            lives = f"{hours // 24} days" + (f" and {hours % 24} hours" if hours % 24 else "")
            return (f"CA/Browser Forum: a {LIMITED_KIND[issued.purpose]} certificate issued on or after {since} "
                    f"lives at most {max_days} days; this one lives {lives}")
    return None


class CertificatesTopicContract(contract.TopicContract):
    DOMAIN = "certificates"
    EVENTS = events_pb2

    @classmethod
    def setUpClass(cls):
        cls.pki_dir = tempfile.TemporaryDirectory(prefix="opsdesk-contract-pki-")
        cls.addClassCleanup(cls.pki_dir.cleanup)
        cls.pki = Pki(datetime.datetime.now(UTC).replace(microsecond=0))
        cls.start_on_the_manual_clock()
        cls.created = {}
        registry = cls.get("/v1/tenants")["items"]
        cls.registry = [tenant["code"] for tenant in registry]
        cls.centre_associations = [tenant["code"] for tenant in registry if tenant["in_centre"]]
        cls.record_the_code_signing_certificate()
        cls.record_the_signing()
        cls.record_the_ssl_renewal()
        cls.record_the_refusals()
        cls.record_the_watch()
        cls.head, cls.records = cls.read_topic(cls.expected_types())

    @classmethod
    def start_on_the_manual_clock(cls):
        """TopicContract.start with our root CA as every trust bundle (the process reads them as it
        starts) and the manual clock (the setting `clock`), then a token that outlives the clock's
        moves, and the clock moved to BASE, the story's start."""
        bundle = os.path.join(cls.pki_dir.name, "roots.pem")
        with open(bundle, "w") as out:
            out.write(cls.pki.root.pem)
        cls.start({"OPSDESK_CLOCK": "manual",
                   "OPSDESK_CERTIFICATES_TLS_TRUST_BUNDLE": bundle,
                   "OPSDESK_CERTIFICATES_CODE_SIGNING_TRUST_BUNDLE": bundle,
                   "OPSDESK_CERTIFICATES_TIMESTAMP_TRUST_BUNDLE": bundle,
                   "OPSDESK_CERTIFICATES_EXPIRY_LEAD_BUSINESS_DAYS": LEADS_SETTING})
        env = dict(os.environ, OPSDESK_JWT_SECRET=SECRET)
        cls.token = subprocess.run([OPSDESK, "token", "--sub", ACTOR, "--roles", "maintainer", "--tenants", "*",
                                    "--ttl", TOKEN_TTL, "--allow-long-ttl"], env=env, check=True,
                                   capture_output=True, text=True).stdout.strip()
        # The manual clock starts at the process's start; BASE is a little later, on a whole minute.
        now = datetime.datetime.now(UTC)
        cls.base = now.replace(second=0, microsecond=0) + datetime.timedelta(minutes=2)
        cls.pki.issue_leaves(cls.base)
        cls.move_clock(cls.base)

    @classmethod
    def move_clock(cls, at):
        """Moves the manual clock to `at`; the watch's pass runs before the answer."""
        status, answer = cls.call("POST", "/v1/test/clock", {"now": text_of(at)})
        if status != 200 or parse_rfc3339(answer["now"]) != at:
            raise RuntimeError(f"POST /v1/test/clock to {text_of(at)}: {status} {answer}")
        if answer.get("renewal_task_failures"):
            raise RuntimeError(f"the watch did not schedule a renewal: {answer['renewal_task_failures']}")
        cls.now = at
        return answer

    @classmethod
    def expect(cls, stream, tenants, event_type, sent, request_id, actor=ACTOR):
        """What the topic is to carry for `stream`, in the order recorded."""
        cls.created.setdefault(stream, []).append(Fact(event_type, sent, request_id, list(tenants), actor))

    @classmethod
    def concerned(cls, tenants):
        """The associations a scope concerns, in the registry's order (all_centre: the centre's)."""
        if tenants == ["all_centre"]:
            return cls.centre_associations
        return [code for code in cls.registry if code in tenants]

    @classmethod
    def certificate(cls, fingerprint):
        return cls.get("/v1/certificates/" + fingerprint)

    @classmethod
    def command(cls, issued, tenants, command, body, event_type):
        """One command on a certificate that records one event of `event_type`."""
        answer, request_id = cls.post(f"/v1/certificates/{issued.fingerprint}/{command}", body)
        cls.expect("certificate-" + issued.fingerprint, cls.concerned(tenants), event_type,
                   {"body": body, "answer": answer, "issued": issued}, request_id)
        return answer

    # ---- the code-signing certificate and a program signed with it, over HTTP ----

    @classmethod
    def record_the_code_signing_certificate(cls):
        pki = cls.pki
        cls.code_signing_body = {"pem": pki.code_signing.pem + pki.issuing.pem, "owner": "センタ運用 田中",
                                 "tenants": ["all_centre"], "locations": [SIGNING_HOST], "renew_before_days": 20}
        answer, request_id = cls.post("/v1/certificates", cls.code_signing_body)
        stream = "certificate-" + pki.code_signing.fingerprint
        cls.expect(stream, cls.centre_associations, "CertificateImported",
                   {"body": cls.code_signing_body, "answer": answer, "issued": pki.code_signing,
                    "chain": [pki.issuing], "predecessor": None}, request_id)
        # The watch's pass after the import (on the service's thread) puts its renewal on the
        # centre's schedule; the next command on it waits until it has.
        scheduled = wait_until(lambda: cls.certificate(pki.code_signing.fingerprint),
                               lambda certificate: certificate["renewal"]["task_id"] is not None,
                               lambda certificate: f"the watch scheduled no renewal task: {certificate['renewal']}")
        cls.renewal_task_id = scheduled["renewal"]["task_id"]
        cls.expect(stream, cls.centre_associations, "RenewalTaskScheduled", {"answer": scheduled, "at": cls.now},
                   "certificate-renewal-task-recorded-" + pki.code_signing.fingerprint, actor=WATCH)

    @classmethod
    def record_the_signing(cls):
        cls.program = "kyosai-client 3.2.1 (署名済み)".encode()
        cls.signed_at = cls.base - datetime.timedelta(hours=2)
        cls.signing_body = {
            "artifact_name": "kyosai-client.msi", "artifact_version": "3.2.1",
            "sha256": hashlib.sha256(cls.program).hexdigest().upper(),  # kept in lower case
            "certificate_fingerprint": cls.pki.code_signing.fingerprint, "signed_at": text_of(cls.signed_at),
            "tsa_name": "http://timestamp.example.jp/rfc3161",
            "timestamped_at": text_of(cls.signed_at + datetime.timedelta(seconds=3)),
            "change_id": "0190C3A4-0000-7000-8000-00000000C001",  # kept in canonical (lower) case
            "note": "端末配布用インストーラ"}
        answer, request_id = cls.post("/v1/signatures", cls.signing_body)
        cls.signing = answer
        cls.expect("signing-" + answer["id"], cls.centre_associations, "SigningRecorded",
                   {"body": cls.signing_body, "answer": answer}, request_id)

    # ---- the site's SSL renewal, over HTTP ----

    @classmethod
    def record_the_ssl_renewal(cls):
        pki, old, new = cls.pki, cls.pki.site, cls.pki.renewed_site
        # Given out of the registry's order: the topic's ce_tenant is in it.
        tenants = ["houmu", "soumu"]
        cls.site_body = {"pem": old.pem + pki.issuing.pem, "owner": "soumu-infra", "tenants": tenants,
                         "locations": [SITE], "renew_before_percentage": 25}
        answer, request_id = cls.post("/v1/certificates", cls.site_body)
        cls.expect("certificate-" + old.fingerprint, cls.concerned(tenants), "CertificateImported",
                   {"body": cls.site_body, "answer": answer, "issued": old, "chain": [pki.issuing],
                    "predecessor": None}, request_id)
        cls.command(old, tenants, "add_location", {"location": CONFIGURATION_ITEM}, "CertificateLocationAdded")
        cls.command(old, tenants, "remove_location",
                    {"location": CONFIGURATION_ITEM, "reason": "構成品目の統合により登録替え"},
                    "CertificateLocationRemoved")
        cls.command(old, tenants, "request_renewal",
                    {"ca": "JPRS", "order_id": "ORD-SSL-0042", "instructed_by": "総務省共済組合 佐藤",
                     "instructed_at": text_of(cls.base - DAY), "note": "有効期限前の更新"},
                    "RenewalRequested")

        # The renewed certificate with its chain: imported as the successor (its owner, associations,
        # locations and renewal settings the old one's), then SuccessorIssued on the old one. Each of
        # the two records carries the request id.
        issued_body = {"pem": new.pem + pki.issuing.pem}
        successor, request_id = cls.post(f"/v1/certificates/{old.fingerprint}/record_issued", issued_body)
        cls.expect("certificate-" + new.fingerprint, cls.concerned(tenants), "CertificateImported",
                   {"body": issued_body, "answer": successor, "issued": new, "chain": [pki.issuing],
                    "predecessor": old, "inherited": cls.site_body}, request_id)
        cls.expect("certificate-" + old.fingerprint, cls.concerned(tenants), "SuccessorIssued",
                   {"body": issued_body, "answer": successor, "issued": old}, request_id)
        # Sent again (a lost answer): the same successor, nothing recorded.
        cls.retried, cls.retried_request = cls.post(f"/v1/certificates/{old.fingerprint}/record_issued",
                                                    issued_body)

        cls.command(new, tenants, "record_deployed", {"location": SITE, "by": "ops-tanaka"}, "CertificateDeployed")
        cls.command(old, tenants, "retire", {"reason": "更新後の証明書に置き換え"}, "CertificateRetired")

    @classmethod
    def record_the_refusals(cls):
        # An SSL renewal without the association side's instruction (仕様書 4.(3)⑤ケ).
        cls.refused_renewal_request = cls.next_request_id()
        cls.refused_renewal = cls.call("POST", f"/v1/certificates/{cls.pki.renewed_site.fingerprint}/request_renewal",
                                       {"ca": "JPRS", "order_id": "ORD-SSL-0043"}, cls.refused_renewal_request)
        # A program "signed" with the site's TLS certificate.
        cls.refused_signing_request = cls.next_request_id()
        cls.refused_signing = cls.call("POST", "/v1/signatures",
                                       dict(cls.signing_body, certificate_fingerprint=cls.pki.renewed_site.fingerprint),
                                       cls.refused_signing_request)

    # ---- the expiry watch, as the clock moves ----

    @classmethod
    def notice_times(cls):
        """The notice time of each lead: 9:00 (Tokyo) of the N-th business day before the day the
        code-signing certificate ends, counted on the calendar GET /v1/calendar/business-days serves."""
        last = (cls.pki.code_signing_ends.astimezone(TOKYO) - DAY).date()
        days = cls.get(f"/v1/calendar/business-days?from={last - 150 * DAY}&to={last}")["days"]
        return {lead: datetime.datetime.combine(datetime.date.fromisoformat(days[-lead]), datetime.time(9, 0), TOKYO)
                for lead in LEADS}

    @classmethod
    def record_the_watch(cls):
        issued = cls.pki.code_signing
        fingerprint = issued.fingerprint
        stream = "certificate-" + fingerprint
        cls.notices = cls.notice_times()
        cls.due_at, _ = renewal_due(issued.not_before, issued.not_after, renew_before_days=20)
        if not cls.notices[STALE_LEAD] < cls.base < min(cls.notices[lead] for lead in RECORDED_LEADS):
            raise RuntimeError(f"the notices {cls.notices} do not fall around the import at {cls.base}")
        moves = [(cls.notices[lead], "ExpiryApproaching", lead, f"certificate-expiry-{lead}bd-{fingerprint}")
                 for lead in RECORDED_LEADS]
        moves.append((cls.due_at, "RenewalDue", None, "certificate-renewal-due-" + fingerprint))
        moves.append((issued.not_after + datetime.timedelta(seconds=1), "CertificateExpired", None,
                      "certificate-expired-" + fingerprint))
        cls.moves = sorted(moves, key=lambda move: move[0])
        for at, event_type, lead, key in cls.moves:
            cls.move_clock(at)
            # The pass ran before the answer: the certificate shows what it recorded.
            certificate = cls.certificate(fingerprint)
            recorded = certificate["recorded"]
            seen = {"RenewalDue": recorded["renewal_due_at"] is not None,
                    "ExpiryApproaching": lead in recorded["expiry_notices_business_days"],
                    "CertificateExpired": recorded["expired_at"] is not None}[event_type]
            if not seen:
                raise RuntimeError(f"the watch did not record {event_type} {lead or ''} at {text_of(at)}: {recorded}")
            cls.expect(stream, cls.centre_associations, event_type,
                       {"answer": certificate, "at": at, "lead": lead}, key, actor=WATCH)
            if event_type == "RenewalDue":
                # Due: the renewal is ordered from the CA (no instruction needed for code signing).
                cls.command(issued, ["all_centre"], "request_renewal",
                            {"ca": "Example Code Signing CA", "order_id": "CS-0042"}, "RenewalRequested")
        # A day on, the watch has nothing more to say of any certificate.
        cls.final = cls.move_clock(issued.not_after + DAY)
        cls.final_certificates = {f: cls.certificate(f) for f in
                                  (fingerprint, cls.pki.site.fingerprint, cls.pki.renewed_site.fingerprint)}

    # ---- the topic ----

    @classmethod
    def expected_types(cls):
        return {"opsdesk.certificates.v1." + fact.type for facts in cls.created.values() for fact in facts}

    def expected_fact(self, headers):
        """The fact recorded at this stream version (a failure for a version no fact was recorded at)."""
        facts, version = self.created[headers["ce_subject"]], int(headers["ce_streamversion"])
        self.assertLessEqual(version, len(facts), f"{headers['ce_type']} at version {version} of "
                                                  f"{headers['ce_subject']}, which no command or watch pass recorded")
        return facts[version - 1]

    def names_of(self, stream):
        return [headers_of(record)["ce_type"].rpartition(".")[2]
                for record in first_of_each_version(self.streams()[stream])]

    # ---- the contract ----

    def test_every_event_message_of_the_schema_is_published(self):
        published = {headers_of(record)["ce_type"] for record in self.records}
        self.assertEqual(len(event_messages()), 12)
        self.assertEqual(published, self.expected_types())
        self.assertEqual(published, {"opsdesk.certificates.v1." + name for name in event_messages()})

    def test_every_log_position_arrives_with_the_key_and_headers_of_the_contract(self):
        for record in self.records:
            with self.subTest(offset=record.offset, partition=record.partition):
                headers = self.assert_cloudevents_headers(record)
                fact = self.expected_fact(headers)
                # The associations the certificate serves, in the registry's order (all_centre as
                # the centre's); a signing's are its certificate's.
                self.assertEqual(headers["ce_tenant"], ",".join(fact.tenants))
                self.assertEqual(headers["ce_actor"], fact.actor)
                self.assertEqual(headers["ce_correlationid"], fact.request_id)
        # The log positions are the certificates log's, contiguous from 1, each published.
        self.assert_every_log_position_published()

    def test_each_fact_is_published_once_and_the_refused_and_repeated_commands_none(self):
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
        # Nothing carries the request id of a refused command or of record_issued sent again.
        quiet = (self.refused_renewal_request, self.refused_signing_request, self.retried_request)
        for record in self.records:
            correlation = headers_of(record)["ce_correlationid"]
            self.assertFalse(any(correlation == q or correlation.startswith(q + "-") for q in quiet), correlation)

    def test_the_refused_commands_were_refused_for_what_they_lacked_and_the_repeated_one_answered_alike(self):
        status, problem = self.refused_renewal
        self.assertEqual(status, 422, problem)
        self.assertEqual({error["field"] for error in problem["errors"]}, {"instructed_by", "instructed_at"})
        status, problem = self.refused_signing
        self.assertEqual(status, 422, problem)
        self.assertEqual([error["field"] for error in problem["errors"]], ["certificate_fingerprint"])
        self.assertIn("not a code-signing one", problem["errors"][0]["message"])
        # Sent again, record_issued answered with the same successor.
        self.assertEqual(self.retried["fingerprint"], self.pki.renewed_site.fingerprint)
        self.assertEqual(self.retried["version"], 1)

    def test_every_stream_id_is_named_as_the_contract_names_it(self):
        streams = self.streams()
        for stream in streams:
            with self.subTest(stream=stream):
                prefix = stream.split("-", 1)[0]
                self.assertIn(prefix, STREAM_IDS)
                self.assertRegex(stream, STREAM_IDS[prefix])
        # A certificate's stream is named by the SHA-256 of its DER, as we computed it.
        self.assertEqual({stream for stream in streams if stream.startswith("certificate-")},
                         {"certificate-" + hashlib.sha256(issued.der).hexdigest()
                          for issued in (self.pki.code_signing, self.pki.site, self.pki.renewed_site)})
        self.assertIn("signing-" + self.signing["id"], streams)

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
                                 ["opsdesk.certificates.v1." + fact.type for fact in expected])
                self.assertEqual([headers["ce_correlationid"] for headers in first],
                                 [fact.request_id for fact in expected])

    def test_the_topic_tells_what_the_history_of_each_certificate_and_signing_tells(self):
        for stream, records in self.streams().items():
            with self.subTest(stream=stream):
                prefix, _, name = stream.partition("-")
                path = f"/v1/certificates/{name}" if prefix == "certificate" else f"/v1/signatures/{name}"
                history = self.get(path)["history"]
                first = [headers_of(record) for record in first_of_each_version(records)]
                self.assertEqual([(e["event_id"], e["type"], e["log_position"], e["correlation_id"], e["actor"])
                                  for e in history],
                                 [(h["ce_id"], h["ce_type"], int(h["ce_logposition"]), h["ce_correlationid"],
                                   h["ce_actor"]) for h in first])

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
                    # Who did it: as sent, else the token's sub.
                    self.assertEqual(message.by, fact.sent.get("body", {}).get("by", ACTOR))
                getattr(self, "check_" + name)(message, fact.sent, headers)

    # ---- each event's payload ----

    def locations_of(self, message):
        return [{"kind": location.kind, "value": location.value} for location in message.locations]

    def check_CertificateImported(self, message, sent, headers):
        issued, answer, body = sent["issued"], sent["answer"], sent["body"]
        # What the certificate says of itself, as OpenSSL read it, against what we issued.
        self.assertEqual(message.fingerprint, hashlib.sha256(issued.der).hexdigest())
        self.assertEqual(headers["ce_subject"], "certificate-" + message.fingerprint)
        self.assertEqual(message.der, issued.der)
        self.assertEqual(list(message.chain), [link.der for link in sent["chain"]])
        self.assertEqual(message.subject, self.pki.subject_of(issued))
        self.assertEqual(message.subject, issued.certificate.subject.rfc4514_string())
        self.assertEqual(message.subject_cn,
                         issued.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value)
        self.assertEqual(message.issuer, "CN=opsdesk contract issuing CA,O=opsdesk contract test,C=JP")
        self.assertEqual(message.serial, issued.serial_text)
        self.assertEqual((message.key_algorithm, message.key_bits, message.signature_algorithm),
                         (issued.key_algorithm, issued.key_bits, issued.signature_algorithm))
        self.assertEqual((instant_of(message.not_before), instant_of(message.not_after)),
                         (issued.not_before, issued.not_after))
        self.assertFalse(message.is_ca)
        if issued.purpose == "code_signing":
            self.assertEqual(list(message.extended_key_usages), [CODE_SIGNING_EKU])
            self.assertEqual(list(message.alt_names), [])
            self.assertEqual((message.purpose, message.trust_store), ("code_signing", "code_signing"))
        else:
            self.assertEqual(list(message.extended_key_usages), [SERVER_AUTH_EKU, CLIENT_AUTH_EKU])
            self.assertEqual([(name.kind, name.value) for name in message.alt_names], SITE_ALT_NAMES)
            self.assertEqual((message.purpose, message.trust_store), ("tls_server", "tls"))
        # Verified, with the issuing CA that came after it, against our root.
        self.assertEqual((message.chain_verified, message.chain_result), (True, ""))
        warning = lifetime_warning(issued)
        self.assertEqual(list(message.warnings), [warning] if warning else [])
        if issued is self.pki.renewed_site:
            self.assertIsNotNone(warning, "the renewed site certificate lives over the TLS limit")
        # Whose it is, where it is used and when to renew it: as sent, or (the successor) its predecessor's.
        given = sent.get("inherited", body)
        self.assertEqual((message.owner, list(message.tenants), self.locations_of(message)),
                         (given["owner"], given["tenants"], given["locations"]))
        days, percentage = given.get("renew_before_days"), given.get("renew_before_percentage")
        self.assertEqual((message.renewal.renew_before_seconds, message.renewal.renew_before_percentage),
                         ((days or 0) * 86400, percentage or 0))
        due_at, rule = renewal_due(issued.not_before, issued.not_after, days, percentage)
        self.assertEqual((instant_of(message.renewal_due_at), message.renewal_rule), (due_at, rule))
        self.assertEqual(message.predecessor, sent["predecessor"].fingerprint if sent["predecessor"] else "")
        # What the answer showed.
        self.assertEqual((answer["fingerprint"], answer["subject"], answer["serial"], answer["purpose"],
                          answer["chain"]["verified"], answer["chain"]["intermediates"], answer["warnings"]),
                         (message.fingerprint, message.subject, message.serial, message.purpose,
                          message.chain_verified, len(message.chain), list(message.warnings)))
        self.assertEqual((parse_rfc3339(answer["renewal"]["due_at"]), answer["renewal"]["rule"]), (due_at, rule))
        self.assertEqual(answer["pem"], issued.pem)
        self.assertEqual(instant_of(message.at), parse_rfc3339(answer["imported_at"]))
        self.assertEqual(instant_of(message.at), self.base)

    def check_CertificateLocationAdded(self, message, sent, headers):
        location = sent["body"]["location"]
        self.assertEqual({"kind": message.location.kind, "value": message.location.value}, location)
        self.assertIn(location, sent["answer"]["locations"])
        self.assertEqual(instant_of(message.at), parse_rfc3339(sent["answer"]["changed_at"]))

    def check_CertificateLocationRemoved(self, message, sent, headers):
        location = sent["body"]["location"]
        self.assertEqual({"kind": message.location.kind, "value": message.location.value}, location)
        self.assertEqual(message.reason, sent["body"]["reason"])
        self.assertNotIn(location, sent["answer"]["locations"])
        self.assertEqual(sent["answer"]["locations"], [SITE])

    def check_RenewalRequested(self, message, sent, headers):
        body, request = sent["body"], sent["answer"]["renewal"]["request"]
        self.assertEqual((message.ca, message.order_id, message.instructed_by, message.note),
                         (body["ca"], body["order_id"], body.get("instructed_by", ""), body.get("note", "")))
        if sent["issued"].purpose == "tls_server":
            # On the association side's instruction: who gave it and when.
            self.assertTrue(message.HasField("instructed_at"))
            self.assertEqual(instant_of(message.instructed_at), parse_rfc3339(body["instructed_at"]))
            self.assertEqual(parse_rfc3339(request["instructed_at"]), instant_of(message.instructed_at))
            self.assertEqual(instant_of(message.at), self.base)
        else:
            # A code-signing certificate's, on the centre's schedule: no instruction.
            self.assertFalse(message.HasField("instructed_at"))
            self.assertIsNone(request["instructed_at"])
            self.assertEqual(instant_of(message.at), self.due_at)  # ordered once it was due
        self.assertEqual((request["ca"], request["order_id"], request["instructed_by"], request["by"]),
                         (message.ca, message.order_id, message.instructed_by, message.by))
        self.assertEqual(parse_rfc3339(request["at"]), instant_of(message.at))

    def check_SuccessorIssued(self, message, sent, headers):
        self.assertEqual(headers["ce_subject"], "certificate-" + self.pki.site.fingerprint)
        self.assertEqual(message.successor, self.pki.renewed_site.fingerprint)
        self.assertEqual(message.successor, sent["answer"]["fingerprint"])
        self.assertEqual(sent["answer"]["predecessor"], self.pki.site.fingerprint)
        # Dated as the successor's import: one request recorded both.
        self.assertEqual(instant_of(message.at), parse_rfc3339(sent["answer"]["imported_at"]))

    def check_CertificateDeployed(self, message, sent, headers):
        self.assertEqual(headers["ce_subject"], "certificate-" + self.pki.renewed_site.fingerprint)
        self.assertEqual({"kind": message.location.kind, "value": message.location.value}, SITE)
        deployment = sent["answer"]["deployments"][-1]
        self.assertEqual((deployment["location"], deployment["by"], parse_rfc3339(deployment["at"])),
                         (SITE, message.by, instant_of(message.at)))
        self.assertEqual(message.by, "ops-tanaka")

    def check_CertificateRetired(self, message, sent, headers):
        self.assertEqual(headers["ce_subject"], "certificate-" + self.pki.site.fingerprint)
        self.assertEqual(message.reason, sent["body"]["reason"])
        # Replaced by its successor, though the command did not say so.
        self.assertEqual(message.replaced_by, self.pki.renewed_site.fingerprint)
        retired = sent["answer"]["retired"]
        self.assertEqual((sent["answer"]["status"], retired["replaced_by"], retired["reason"]),
                         ("retired", message.replaced_by, message.reason))

    def check_RenewalTaskScheduled(self, message, sent, headers):
        self.assertEqual(headers["ce_subject"], "certificate-" + self.pki.code_signing.fingerprint)
        self.assertRegex(message.task_id, UUID)
        self.assertEqual(message.task_id, sent["answer"]["renewal"]["task_id"])
        # Planned for the renewal due time: 20 days before the end (renew_before_days).
        self.assertEqual(instant_of(message.planned_on), self.due_at)
        self.assertEqual(instant_of(message.planned_on), parse_rfc3339(sent["answer"]["renewal"]["due_at"]))
        self.assertEqual(instant_of(message.at), sent["at"])  # the pass after the import, on the clock then

    def check_RenewalDue(self, message, sent, headers):
        self.assertEqual(headers["ce_subject"], "certificate-" + self.pki.code_signing.fingerprint)
        self.assertEqual(instant_of(message.due_at), self.due_at)
        self.assertEqual(message.rule, "renew_before")
        self.assertEqual(instant_of(message.at), sent["at"])  # the pass of the clock's move to it
        self.assertEqual(parse_rfc3339(sent["answer"]["recorded"]["renewal_due_at"]), instant_of(message.at))
        self.assertEqual(sent["answer"]["status"], "renewal_due")

    def check_ExpiryApproaching(self, message, sent, headers):
        self.assertEqual(headers["ce_subject"], "certificate-" + self.pki.code_signing.fingerprint)
        self.assertEqual(message.lead_business_days, sent["lead"])
        # At the opening (9:00 Tokyo) of the N-th business day before the day it ends.
        notice_at = instant_of(message.notice_at)
        self.assertEqual(notice_at, self.notices[message.lead_business_days])
        self.assertEqual(notice_at.astimezone(TOKYO).time(), datetime.time(9, 0))
        self.assertLess(notice_at.astimezone(TOKYO).weekday(), 5)
        self.assertEqual(instant_of(message.not_after), self.pki.code_signing.not_after)
        self.assertEqual(instant_of(message.at), sent["at"])
        recorded = sent["answer"]["recorded"]["expiry_notices_business_days"]
        self.assertEqual(recorded[-1], message.lead_business_days)
        if message.lead_business_days == SHORTEST_LEAD:
            status = "expiring"  # from the shortest lead's notice on
        else:
            status = "renewal_due" if sent["at"] >= self.due_at else "valid"
        self.assertEqual(sent["answer"]["status"], status)

    def check_CertificateExpired(self, message, sent, headers):
        self.assertEqual(headers["ce_subject"], "certificate-" + self.pki.code_signing.fingerprint)
        self.assertEqual(instant_of(message.not_after), self.pki.code_signing.not_after)
        self.assertEqual(instant_of(message.at), self.pki.code_signing.not_after + datetime.timedelta(seconds=1))
        self.assertEqual(parse_rfc3339(sent["answer"]["recorded"]["expired_at"]), instant_of(message.at))
        self.assertEqual(sent["answer"]["status"], "expired")

    def check_SigningRecorded(self, message, sent, headers):
        body, answer = sent["body"], sent["answer"]
        self.assertEqual(headers["ce_subject"], "signing-" + message.signing_id)
        self.assertEqual(message.signing_id, answer["id"])
        self.assertRegex(message.signing_id, UUID)
        self.assertEqual((message.artifact_name, message.artifact_version, message.tsa_name, message.note),
                         (body["artifact_name"], body["artifact_version"], body["tsa_name"], body["note"]))
        self.assertEqual(message.sha256, hashlib.sha256(self.program).hexdigest())  # lower case
        self.assertEqual(message.change_id, body["change_id"].lower())
        code_signing = self.pki.code_signing
        self.assertEqual((message.certificate_fingerprint, message.certificate_subject_cn),
                         (code_signing.fingerprint, self.pki.code_signing_cn))
        self.assertEqual(instant_of(message.signed_at), self.signed_at)
        self.assertTrue(message.HasField("timestamped_at"))
        self.assertEqual(instant_of(message.timestamped_at), parse_rfc3339(body["timestamped_at"]))
        # Within the certificate's validity, and seen by the associations it serves.
        self.assertTrue(code_signing.not_before <= instant_of(message.signed_at) <= code_signing.not_after)
        self.assertEqual(list(message.tenants), ["all_centre"])
        self.assertEqual((answer["sha256"], answer["change_id"], answer["certificate_subject_cn"], answer["tenants"]),
                         (message.sha256, message.change_id, message.certificate_subject_cn, list(message.tenants)))
        self.assertEqual(instant_of(message.at), parse_rfc3339(answer["recorded_at"]))
        self.assertEqual(instant_of(message.at), self.base)

    # ---- the certificates' lives as the topic tells them ----

    def test_the_expiry_watch_records_each_time_once_in_the_order_they_fall(self):
        records = first_of_each_version(self.streams()["certificate-" + self.pki.code_signing.fingerprint])
        watched = [(headers_of(record)["ce_type"].rpartition(".")[2], self.decoded(record)) for record in records
                   if headers_of(record)["ce_actor"] == WATCH]
        self.assertEqual([name for name, _ in watched][0], "RenewalTaskScheduled")
        told = [(name, getattr(message, "lead_business_days", None)) for name, message in watched[1:]]
        self.assertEqual(told, [(event_type, lead) for _, event_type, lead, _ in self.moves])
        # Once per lead whose notice came after the import, longest first; the stale one never.
        leads = [lead for name, lead in told if name == "ExpiryApproaching"]
        self.assertEqual(leads, list(RECORDED_LEADS))
        self.assertNotIn(STALE_LEAD, leads)
        self.assertLess(self.notices[STALE_LEAD], self.base)
        # Expired last, and nothing after it though the clock moved on.
        self.assertEqual(told[-1][0], "CertificateExpired")
        times = [instant_of(message.at) for _, message in watched]
        self.assertEqual(times, sorted(times))
        final = self.final_certificates[self.pki.code_signing.fingerprint]
        self.assertEqual(final["recorded"]["expiry_notices_business_days"], list(RECORDED_LEADS))
        self.assertEqual((final["status"], final["version"]), ("expired", len(records)))
        self.assertEqual(self.final["certificates_recorded"], 0)

    def test_the_ssl_renewal_links_the_two_certificates_and_the_watch_leaves_both_alone(self):
        old, new = self.pki.site, self.pki.renewed_site
        self.assertEqual(self.names_of("certificate-" + old.fingerprint),
                         ["CertificateImported", "CertificateLocationAdded", "CertificateLocationRemoved",
                          "RenewalRequested", "SuccessorIssued", "CertificateRetired"])
        self.assertEqual(self.names_of("certificate-" + new.fingerprint),
                         ["CertificateImported", "CertificateDeployed"])
        # The clock passed the old one's renewal time, its notices and its end: retired, it was left
        # alone; the successor's renewal lies beyond the clock.
        self.assertGreater(self.now, old.not_after)
        successor = self.final_certificates[new.fingerprint]
        self.assertLess(self.now, parse_rfc3339(successor["renewal"]["due_at"]))
        self.assertEqual((successor["status"], successor["predecessor"], successor["deployments"][0]["location"]),
                         ("valid", old.fingerprint, SITE))
        retired = self.final_certificates[old.fingerprint]
        self.assertEqual((retired["status"], retired["successor"], retired["successor_in_use"]),
                         ("retired", new.fingerprint, True))
        self.assertEqual(retired["recorded"], {"renewal_due_at": None, "expiry_notices_business_days": [],
                                               "expired_at": None})
        # The successor's import names its predecessor; the predecessor's record names it.
        imported = self.decoded(first_of_each_version(self.streams()["certificate-" + new.fingerprint])[0])
        issued = self.decoded(first_of_each_version(self.streams()["certificate-" + old.fingerprint])[4])
        self.assertEqual((imported.predecessor, issued.successor), (old.fingerprint, new.fingerprint))
        # SSL certificates get no renewal task: they are renewed on instruction.
        self.assertIsNone(successor["renewal"]["task_id"])

    def test_the_code_signing_renewal_is_on_the_centres_schedule(self):
        task = self.get(f"/v1/schedule/tasks/{self.renewal_task_id}")
        ends = self.pki.code_signing_ends.astimezone(TOKYO).date().isoformat()
        self.assertEqual(task["id"], self.renewal_task_id)
        title = f"コード署名証明書の更新: {self.pki.code_signing_cn} (有効期限 {ends})"
        self.assertEqual((task["kind"], task["title"], task["owner"]),
                         ("certificate_renewal", title, self.code_signing_body["owner"]))
        self.assertEqual((task["rrule"], task["dtstart"], task["time_of_day"], task["calendar_rule"]),
                         ("FREQ=DAILY;COUNT=1", self.due_at.astimezone(TOKYO).date().isoformat(), "09:00",
                          "next_business_day"))
        self.assertEqual(task["tenants"], self.code_signing_body["tenants"])


if __name__ == "__main__":
    contract.main()
