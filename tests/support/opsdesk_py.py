"""A real opsdesk process for the Python tests (tests/mail, tests/schedule): started on a free
port with a data directory and an environment, its URL read from its "listening on" line, and
HTTP calls with a bearer token minted by `opsdesk token`."""

import json
import os
import signal
import subprocess
import threading
import time
import urllib.request

OPSDESK = os.environ.get("OPSDESK_BINARY", "opsdesk")
SECRET = "python-test-secret-0123456789abcdefghij"
DEADLINE_SECONDS = 60


def test_environment(**settings):
    """The environment of an opsdesk under test: the HS256 secret, no access log, `settings`."""
    return dict(os.environ, OPSDESK_JWT_SECRET=SECRET, OPSDESK_HTTP_ACCESS_LOG="false", **settings)


def token(env, sub, roles, tenants):
    return subprocess.run([OPSDESK, "token", "--sub", sub, "--roles", roles, "--tenants", tenants],
                          env=env, check=True, capture_output=True, text=True).stdout.strip()


class Opsdesk:
    def __init__(self, data_dir, env, args=("--target=all", "--clock=manual")):
        self.proc = subprocess.Popen([OPSDESK, *args, "--listen", "127.0.0.1:0", "--data-dir", data_dir],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        deadline = time.monotonic() + DEADLINE_SECONDS
        self.url = None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            if line.startswith("listening on "):
                self.url = line[len("listening on "):].strip()
                break
        if self.url is None:
            self.proc.kill()
            raise RuntimeError("opsdesk did not start")
        # The rest of its output is read (and dropped) so that it never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        try:
            self.proc.stdout.read()
        except (ValueError, OSError):
            pass

    def request(self, method, path, token, body=None):
        """The answer's status, headers and body (bytes)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Authorization": "Bearer " + token,
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=DEADLINE_SECONDS) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def post(self, path, token, body):
        status, _, content = self.request("POST", path, token, body)
        if status >= 300:
            raise AssertionError(f"POST {path}: {status} {content.decode()}")
        return json.loads(content)

    def get_json(self, path, token):
        status, _, content = self.request("GET", path, token)
        if status != 200:
            raise AssertionError(f"GET {path}: {status} {content.decode()}")
        return json.loads(content)

    def kill_hard(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=DEADLINE_SECONDS)
        self.proc.stdout.close()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=DEADLINE_SECONDS)
        self.proc.stdout.close()
        return code
