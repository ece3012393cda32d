#!/usr/bin/python3
"""The split topology for real: every module of opsdesk in a container of its own.

What `make container-test` runs (not in `make test`: it builds an image and starts a dozen
containers). It mirrors the `split` overlay of k8s/ with plain Podman commands, since Podman
4.3's `kube play` does not run StatefulSets:

- the image: docker/Dockerfile's `runtime-from-build` target on the base docker/make-base-image
  makes from Debian's packages, with the `opsdesk` binary and dashboard this machine built;
- `opsdesk dev-broker` in a container in place of Kafka (no registry here for apache/kafka);
- one container per module the binary's module table has, each with its own volume, a
  read-only root file system, a tmpfs at /tmp, the JWT secret as a mounted file, and two
  replicas of the ops-board (each its own consumer group, as the overlay runs them).

All containers share one pod's network namespace because the dev broker advertises a loopback
address (librdkafka's mock cluster); each listens on a port of its own there, and only the
pod's published ports reach them from the host. Between containers there is nothing but HTTP
and the Kafka protocol, as in the overlay.

The story: an incident is detected through the incidents container and appears on both board
replicas and in the SLA table container; an inquiry escalated as a fault in the inquiries
container is opened as an incident by the inquiry-escalation container through the command
client (HTTP between containers); then the incidents container is killed (SIGKILL) while
commands are arriving and started again on the same volume, and every command it acknowledged
is there, on the board too.

Usage: split_topology_test.py --binary build/release/cmd/opsdesk/opsdesk --dashboard web/dist
       [--keep] (leave the pod and volumes for a look; `podman pod rm -f NAME` afterwards)
Environment: OPSDESK_BASE_IMAGE (default localhost/opsdesk-base:bookworm; made when missing).
Runs as root (rootful Podman with --runtime runc, as the CI machines need).
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

from opsdesk_modules import deployed_modules

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGE = "localhost/opsdesk:container-test"
BASE_IMAGE = os.environ.get("OPSDESK_BASE_IMAGE", "localhost/opsdesk-base:bookworm")
SECRET = os.urandom(32).hex()
BROKER = "127.0.0.1:9092"
READ_MODEL_REPLICAS = {"ops-board": ["ops-board-0", "ops-board-1"]}


def log(message):
    print(f"[container-test] {message}", flush=True)


class Podman:
    """podman with the runtime and configuration this machine needs (runc, no default ulimits)."""

    def __init__(self, workdir):
        conf = os.path.join(workdir, "containers.conf")
        with open(conf, "w") as f:
            f.write('[containers]\ndefault_ulimits = []\n[engine]\nruntime = "runc"\n')
        self.env = dict(os.environ, CONTAINERS_CONF=conf)

    def run(self, *args, check=True, capture=True, timeout=600):
        result = subprocess.run(["podman", "--runtime", "runc", *args], env=self.env, text=True,
                                capture_output=capture, timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"podman {' '.join(args[:3])}… failed ({result.returncode}):\n"
                               f"{result.stdout}\n{result.stderr}")
        return result


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Api:
    def __init__(self, port, token):
        self.base = f"http://127.0.0.1:{port}"
        self.token = token

    def call(self, method, path, body=None, timeout=10):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return answer.status, answer.headers, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode(errors="replace")

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.call("POST", path, body, **kw)


def wait_until(what, probe, seconds=90):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = probe()
            if last is True:
                return
        except (OSError, urllib.error.URLError) as error:
            last = error
        time.sleep(0.25)
    raise AssertionError(f"{what}: not within {seconds} s (last: {last})")


def ready(port):
    def probe():
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as answer:
            return answer.status == 200
    return probe


def detect_body(title, tenants=("soumu",)):
    return {"occurred_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 600)),
            "source": "monitoring", "severity": "major", "title": title,
            "affected_tenants": list(tenants)}


class Topology:
    def __init__(self, podman, name, table, workdir):
        self.podman = podman
        self.name = name
        self.workdir = workdir
        # Every container: its module, its port inside the pod, its volume (None: stateless).
        self.containers = {}
        port = 8081
        self.calls = table.calls
        for module in table.names:
            for instance in READ_MODEL_REPLICAS.get(module, [module]):
                volume = None if module == "dashboard" else f"{name}-{instance}"
                self.containers[instance] = {"module": module, "port": port, "volume": volume,
                                             "host_port": free_port()}
                port += 1

    def create(self):
        published = []
        for c in self.containers.values():
            published += ["-p", f"127.0.0.1:{c['host_port']}:{c['port']}"]
        self.podman.run("pod", "create", "--name", self.name, *published)
        secret = os.path.join(self.workdir, "jwt_secret")
        with open(secret, "w") as f:
            f.write(SECRET + "\n")
        os.chmod(secret, 0o444)
        self.podman.run("run", "-d", "--pod", self.name, "--name", f"{self.name}-dev-broker",
                        "--read-only", "--no-healthcheck", IMAGE, "dev-broker", "--listen",
                        BROKER, "--partitions", "3")
        wait_until("the dev broker's bootstrap line",
                   lambda: "bootstrap" in self.podman.run("logs", f"{self.name}-dev-broker").stdout)
        for instance in self.containers:
            self.start(instance)

    def urls_for(self, module):
        if module not in self.calls:
            return []
        ports = {c["module"]: c["port"] for c in self.containers.values()}
        urls = ",".join(f"{m}=http://127.0.0.1:{ports[m]}" for m in self.calls[module])
        return ["-e", f"OPSDESK_MODULES_URLS={urls}"]

    def start(self, instance):
        c = self.containers[instance]
        args = ["run", "-d", "--pod", self.name, "--name", f"{self.name}-{instance}",
                "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
                "--security-opt", "no-new-privileges",
                "-v", f"{os.path.join(self.workdir, 'jwt_secret')}:/run/secrets/jwt_secret:ro",
                "-e", "OPSDESK_JWT_SECRET_FILE=/run/secrets/jwt_secret",
                "-e", f"OPSDESK_LISTEN=0.0.0.0:{c['port']}",
                "-e", f"OPSDESK_KAFKA_BROKERS={BROKER}",
                # The settings file of the overlays, as their ConfigMap mounts it.
                "-v", f"{os.path.join(ROOT, 'k8s', 'base', 'opsdesk.yaml')}:"
                      "/etc/opsdesk/opsdesk.yaml:ro",
                # The mock broker holds an empty fetch for fetch.wait.max.ms: keep it short; and
                # let min_position wait for a consumer group's first assignment.
                "-e", "OPSDESK_KAFKA_PROPERTIES=fetch.wait.max.ms=20",
                "-e", "OPSDESK_PROJECTION_READ_YOUR_WRITES_WAIT_MS=30000",
                *self.urls_for(c["module"])]
        if instance != c["module"]:
            args += ["-e", f"OPSDESK_KAFKA_GROUP_INSTANCE={instance}"]
        if c["volume"]:
            args += ["-v", f"{c['volume']}:/var/lib/opsdesk"]
        self.podman.run(*args, IMAGE, f"--target={c['module']}", "--config",
                        "/etc/opsdesk/opsdesk.yaml")

    def wait_ready(self, instances=None):
        for instance in instances or self.containers:
            c = self.containers[instance]
            wait_until(f"{instance} ready on /readyz", ready(c["host_port"]), seconds=120)

    def api(self, instance, token):
        return Api(self.containers[instance]["host_port"], token)

    def remove(self):
        self.podman.run("pod", "rm", "-f", self.name, check=False)
        for c in self.containers.values():
            if c["volume"]:
                self.podman.run("volume", "rm", "-f", c["volume"], check=False)

    def logs(self):
        for instance in ["dev-broker", *self.containers]:
            out = self.podman.run("logs", "--tail", "15", f"{self.name}-{instance}", check=False)
            print(f"--- {instance} (last lines) ---\n{out.stdout}{out.stderr}", file=sys.stderr)


def build_image(podman, binary, dashboard, workdir):
    if podman.run("image", "exists", BASE_IMAGE, check=False).returncode != 0:
        log(f"making the base image {BASE_IMAGE} from Debian's packages (mmdebstrap)")
        subprocess.run([os.path.join(ROOT, "docker", "make-base-image"), BASE_IMAGE],
                       env=podman.env, check=True)
    prebuilt = os.path.join(workdir, "prebuilt")
    os.makedirs(prebuilt)
    shutil.copy2(binary, os.path.join(prebuilt, "opsdesk"))
    shutil.copytree(dashboard, os.path.join(prebuilt, "dashboard"))
    version = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                             capture_output=True, text=True).stdout.strip() or "unknown"
    log(f"building {IMAGE} (runtime-from-build, version {version})")
    podman.run("build", "--format", "docker", "-f", os.path.join(ROOT, "docker", "Dockerfile"),
               "--target", "runtime-from-build", "--build-context", f"prebuilt={prebuilt}",
               "--build-arg", f"BASE_IMAGE={BASE_IMAGE}", "--build-arg", f"VERSION={version}",
               "-t", IMAGE, ROOT, timeout=1800)
    labels = json.loads(podman.run("image", "inspect", IMAGE).stdout)[0]["Config"]["Labels"]
    assert labels.get("org.opencontainers.image.version") == version, labels


def mint_token(podman):
    return podman.run("run", "--rm", "--no-healthcheck", "-e", f"OPSDESK_JWT_SECRET={SECRET}",
                      IMAGE, "token", "--sub", "container-test", "--roles", "maintainer",
                      "--tenants", "*", "--ttl", "1h").stdout.strip()


def check_incident_reaches_the_read_models(topology, token):
    incidents = topology.api("incidents", token)
    status, headers, created = incidents.post("/v1/incidents", detect_body("AP server 3 down"))
    assert status == 201, (status, created)
    incident, position = created["id"], headers["x-opsdesk-position"]
    for replica in READ_MODEL_REPLICAS["ops-board"]:
        status, _, board = topology.api(replica, token).get(
            f"/v1/board/incidents?min_position={position}")
        assert status == 200, (replica, status, board)
        assert incident in [item["id"] for item in board["items"]], (replica, board)
    log(f"incident {incident}: on both board replicas")

    sla = topology.api("sla-metrics", token)
    wait_until("the incident in the SLA container",
               lambda: sla.get(f"/v1/sla/incidents/{incident}")[0] == 200)
    status, _, clocks = sla.get(f"/v1/sla/incidents/{incident}")
    assert [c["tenant"] for c in clocks["first_notice"]] == ["soumu"], clocks
    status, _, table = sla.get("/v1/sla/table?tenant=soumu")
    assert status == 200 and table["tables"], (status, table)
    log("incident: in the SLA container's clocks and table")


def check_escalation_across_containers(topology, token):
    inquiries = topology.api("inquiries", token)
    status, _, inquiry = inquiries.post("/v1/inquiries", {
        "channel": "web", "tenant": "soumu", "requester": {"name": "山田"},
        "subject": "給付計算の結果が前月と異なる", "body": "11月分の計算結果が前月と異なります。"})
    assert status == 201, (status, inquiry)
    status, _, classified = inquiries.post(f"/v1/inquiries/{inquiry['id']}/classify", {
        "class": "fault", "escalate": True, "severity": "major", "by": "sato"})
    assert status == 200, (status, classified)

    linked = {}

    def incident_linked():
        linked.update(inquiries.get(f"/v1/inquiries/{inquiry['id']}")[2])
        return bool(linked.get("incident_id"))
    wait_until("the escalated inquiry's incident (inquiry-escalation → incidents over HTTP)",
               incident_linked)
    status, _, incident = topology.api("incidents", token).get(
        f"/v1/incidents/{linked['incident_id']}")
    assert status == 200 and incident["source"] == "inquiry", (status, incident)
    log(f"inquiry {inquiry['id']}: escalated, incident {incident['id']} opened by "
        "inquiry-escalation in its own container")


def check_kill_and_restart_keeps_every_acknowledged_command(topology, podman, token):
    incidents = topology.api("incidents", token)
    acknowledged, refused, stop = [], [], threading.Event()

    def send():
        n = 0
        while not stop.is_set():
            n += 1
            try:
                status, headers, body = incidents.post("/v1/incidents",
                                                       detect_body(f"load {n}"), timeout=5)
            except OSError:  # connection refused or reset: the container is down
                refused.append(n)
                time.sleep(0.05)
                continue
            if status == 201:
                acknowledged.append((body["id"], int(headers["x-opsdesk-position"])))
    sender = threading.Thread(target=send)
    sender.start()
    wait_until("30 acknowledged commands before the kill", lambda: len(acknowledged) >= 30)
    podman.run("kill", "--signal", "KILL", f"{topology.name}-incidents")
    killed_at = len(acknowledged)
    podman.run("wait", f"{topology.name}-incidents", check=False)
    podman.run("start", f"{topology.name}-incidents")
    topology.wait_ready(["incidents"])
    wait_until("10 more acknowledged after the restart",
               lambda: len(acknowledged) >= killed_at + 10)
    stop.set()
    sender.join()
    log(f"SIGKILL with commands arriving: {killed_at} acknowledged before, "
        f"{len(acknowledged) - killed_at} after the restart, {len(refused)} refused while down")

    missing = [i for i, _ in acknowledged if incidents.get(f"/v1/incidents/{i}")[0] != 200]
    assert not missing, f"acknowledged but lost after SIGKILL: {missing}"
    last_position = max(p for _, p in acknowledged)
    for replica in READ_MODEL_REPLICAS["ops-board"]:
        status, _, board = topology.api(replica, token).get(
            f"/v1/board/incidents?min_position={last_position}", timeout=30)
        assert status == 200, (replica, status, board)
        on_board = {item["id"] for item in board["items"]}
        absent = [i for i, _ in acknowledged if i not in on_board]
        assert not absent, f"{replica}: acknowledged incidents not on the board: {absent}"
    log(f"every one of the {len(acknowledged)} acknowledged incidents is in the restarted "
        "store and on both boards")


def check_healthcheck(podman, name):
    # Podman runs HEALTHCHECKs from systemd timers, which this machine lacks: run it once here.
    result = podman.run("healthcheck", "run", name, check=False)
    assert result.returncode == 0, f"the image's HEALTHCHECK failed in {name}: {result.stderr}"
    log(f"the image's HEALTHCHECK passes in {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--dashboard", required=True)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("container-test: run as root (rootful Podman)")

    workdir = tempfile.mkdtemp(prefix="opsdesk-container-test-")
    podman = Podman(workdir)
    modules = deployed_modules(args.binary)
    build_image(podman, args.binary, args.dashboard, workdir)
    topology = Topology(podman, f"opsdesk-ct-{os.getpid()}", modules, workdir)
    log(f"pod {topology.name}: dev-broker and {len(topology.containers)} containers: "
        + ", ".join(topology.containers))
    ok = False
    try:
        started = time.monotonic()
        topology.create()
        topology.wait_ready()
        log(f"all ready in {time.monotonic() - started:.1f} s")
        token = mint_token(podman)
        check_healthcheck(podman, f"{topology.name}-incidents")
        check_incident_reaches_the_read_models(topology, token)
        check_escalation_across_containers(topology, token)
        check_kill_and_restart_keeps_every_acknowledged_command(topology, podman, token)
        ok = True
    finally:
        if not ok:
            topology.logs()
        if args.keep:
            log(f"kept: pod {topology.name} (podman pod rm -f {topology.name}) and its volumes")
        else:
            topology.remove()
        shutil.rmtree(workdir, ignore_errors=True)
    log("passed")


if __name__ == "__main__":
    main()
