#!/usr/bin/python3
"""Check docker/compose.yaml against the opsdesk deployment facts.

Usage: check_compose.py --binary build/ci/cmd/opsdesk/opsdesk   (its module table: the modules)

Run with Debian's /usr/bin/python3 (python3-yaml). The repository root is found from this
script's path. Every problem is named on its own line; the exit status is 1 when there is any,
else 0. Checked:
  * one service per module runs it (`--target=<module>` in its command); a read model may run
    several replicas when each sets its own OPSDESK_KAFKA_GROUP_INSTANCE;
  * every opsdesk service but the stateless ones has a named volume at /var/lib/opsdesk that no
    other service mounts;
  * every opsdesk service has the jwt_secret secret (and OPSDESK_JWT_SECRET_FILE naming it),
    OPSDESK_KAFKA_BROKERS, read_only: true, a tmpfs at /tmp, and waits for kafka-init to
    complete successfully; the modules that send others commands have OPSDESK_MODULES_URLS
    naming the services that run those;
  * kafka-init creates opsdesk.<domain>.events.v1 for every domain with 3 partitions,
    retention.ms=-1, cleanup.policy=delete (and --if-not-exists), after the broker is healthy;
  * no two services publish the same host port;
  * `yamllint -d relaxed` passes on docker/compose.yaml and docker/opsdesk.yaml;
  * `docker-compose config -q` (v1, Debian's, installed by scripts/install-deps) accepts the
    file, and `docker compose config -q` (v2) and `podman-compose config` too where installed.
"""

import argparse
import itertools
import re
import shlex
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

from opsdesk_modules import (TOPIC_CONFIG, TOPIC_PARTITIONS, config_file_problem,
                             deployed_modules, topic_of)

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("check_compose.py: needs PyYAML (Debian: apt-get install python3-yaml)")

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker" / "compose.yaml"
CONFIG = REPO / "docker" / "opsdesk.yaml"

DATA_DIR = "/var/lib/opsdesk"
SECRET = "jwt_secret"
KAFKA_INIT = "kafka-init"
CONTAINER_PORT = 8080


class Problems:
    def __init__(self):
        self.items = []

    def __call__(self, text):
        self.items.append(text)
        print(f"FAIL: {text}")


def as_list(value):
    if value is None:
        return []
    if isinstance(value, str):
        return shlex.split(value)
    return [str(v) for v in value]


def environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.split("=", 1) for item in env)
        env = {p[0]: (p[1] if len(p) > 1 else None) for p in pairs}
    return {k: ("" if v is None else str(v)) for k, v in env.items()}


def targets(service):
    """The modules the service's command runs (`--target=a,b` or `--target a,b`)."""
    args = as_list(service.get("command"))
    found = []
    for i, arg in enumerate(args):
        value = None
        if arg.startswith("--target="):
            value = arg[len("--target="):]
        elif arg == "--target" and i + 1 < len(args):
            value = args[i + 1]
        if value is not None:
            found += [t.strip() for t in value.split(",") if t.strip()]
    return found


def volume_mounts(service):
    """(type, source, target) of every volume entry, short or long syntax."""
    mounts = []
    for entry in service.get("volumes") or []:
        if isinstance(entry, dict):
            mounts.append((entry.get("type", "volume"), str(entry.get("source") or ""),
                           str(entry.get("target") or "")))
            continue
        parts = str(entry).split(":")
        if len(parts) == 1:
            mounts.append(("volume", "", parts[0]))  # anonymous volume
            continue
        source, target = parts[0], parts[1]
        kind = "bind" if source.startswith(("/", ".", "~", "$")) else "volume"
        mounts.append((kind, source, target))
    return mounts


def tmpfs_targets(service):
    paths = [str(t).split(":", 1)[0] for t in as_list_keep(service.get("tmpfs"))]
    paths += [t for kind, _, t in volume_mounts(service) if kind == "tmpfs"]
    return [p.rstrip("/") or "/" for p in paths]


def as_list_keep(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def secret_path(service, name):
    """Where the service gets secret `name`, or None."""
    for entry in service.get("secrets") or []:
        if isinstance(entry, str) and entry == name:
            return f"/run/secrets/{name}"
        if isinstance(entry, dict) and entry.get("source") == name:
            target = str(entry.get("target") or name)
            return target if target.startswith("/") else f"/run/secrets/{target}"
    return None


def depends_condition(service, other):
    """The condition the service waits for on `other`: None if it does not depend on it."""
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return "service_started" if other in deps else None
    if other not in deps:
        return None
    return (deps[other] or {}).get("condition", "service_started")


def host_ports(service):
    ports = []
    for entry in service.get("ports") or []:
        if isinstance(entry, dict):
            if entry.get("published") is not None:
                ports.append((str(entry.get("host_ip") or ""), str(entry["published"])))
            continue
        parts = str(entry).split("/")[0].split(":")
        if len(parts) == 3:
            ports.append((parts[0], parts[1]))
        elif len(parts) == 2:
            ports.append(("", parts[0]))
    return ports


# --- kafka-init: which topics its script creates, and how ---------------------------------------

def topic_creations(script, problem):
    """Every `kafka-topics.sh --create` of the script, its `for VAR in ...` loops expanded."""
    text = script.replace("$$", "$")  # compose's escape of a literal $
    text = re.sub(r"\\\n", " ", text)
    loops = {}
    for match in re.finditer(r"\bfor\s+(\w+)\s+in\s+([^;\n]*?)\s*(?:;|\n)\s*do\b", text):
        loops[match.group(1)] = shlex.split(match.group(2))
    created = []
    for segment in re.split(r"\n|;|&&|\|\||\|", text):
        if "kafka-topics" not in segment or "--create" not in segment:
            continue
        try:
            args = shlex.split(segment)
        except ValueError as e:
            problem(f"{KAFKA_INIT}: cannot read `{segment.strip()}`: {e}")
            continue
        topic, partitions, configs = None, None, {}
        for i, arg in enumerate(args):
            key, _, inline = arg.partition("=")
            value = inline if inline else (args[i + 1] if i + 1 < len(args) else "")
            if key == "--topic":
                topic = value
            elif key == "--partitions":
                partitions = value
            elif arg == "--config" and i + 1 < len(args):
                name, _, setting = args[i + 1].partition("=")
                configs[name] = setting
        if topic is None:
            problem(f"{KAFKA_INIT}: `{segment.strip()}` creates a topic without --topic")
            continue
        names = re.findall(r"\$\{?(\w+)\}?", topic)
        if not names:
            expansions = [topic]
        elif all(n in loops for n in names):
            expansions = []
            for values in itertools.product(*(loops[n] for n in names)):
                name = topic
                for var, val in zip(names, values):
                    name = re.sub(r"\$\{?" + var + r"\}?", val, name)
                expansions.append(name)
        else:
            problem(f"{KAFKA_INIT}: cannot tell which topics --topic {topic} names "
                    "(write them out or loop with `for VAR in NAME ...; do`)")
            continue
        for name in expansions:
            created.append({"topic": name, "partitions": partitions, "configs": configs,
                            "if_not_exists": "--if-not-exists" in args})
    return created


def check_kafka_init(services, domains, problem):
    init = services.get(KAFKA_INIT)
    if init is None:
        problem(f"no service {KAFKA_INIT} (it creates the topics)")
        return
    if "kafka" in services and depends_condition(init, "kafka") != "service_healthy":
        problem(f"{KAFKA_INIT} does not wait for the broker: depends_on: kafka: "
                "condition: service_healthy")
    script = "\n".join(as_list_keep(init.get("entrypoint")) + as_list_keep(init.get("command")))
    created = topic_creations(script, problem)
    by_topic = {c["topic"]: c for c in created}
    for domain in domains:
        topic = topic_of(domain)
        c = by_topic.get(topic)
        if c is None:
            problem(f"{KAFKA_INIT} does not create topic {topic}")
            continue
        # The script's arguments are text.
        if c["partitions"] != str(TOPIC_PARTITIONS):
            problem(f"{KAFKA_INIT} creates {topic} with --partitions {c['partitions']}, "
                    f"expected {TOPIC_PARTITIONS}")
        for key, value in TOPIC_CONFIG.items():
            if c["configs"].get(key) != str(value):
                problem(f"{KAFKA_INIT} creates {topic} without --config {key}={value}")
        if not c["if_not_exists"]:
            problem(f"{KAFKA_INIT} creates {topic} without --if-not-exists "
                    "(a second `up` would fail)")
    expected = {topic_of(d) for d in domains}
    for topic in sorted(set(by_topic) - expected):
        print(f"note: {KAFKA_INIT} also creates {topic}, not a topic of the spec")


# --- opsdesk services ------------------------------------------------------------------------------

def check_services(compose, table, problem):
    modules = table.names
    services = compose.get("services") or {}
    declared_volumes = set((compose.get("volumes") or {}).keys())
    declared_secrets = compose.get("secrets") or {}

    runs = {}  # service -> its modules
    for name, service in services.items():
        t = targets(service)
        image = str(service.get("image") or "")
        if t:
            runs[name] = t
        elif "opsdesk" in image and "kafka" not in image:
            problem(f"service {name} runs the opsdesk image without --target=<module> "
                    "(it would run every module)")
    for name, mods in runs.items():
        for m in mods:
            if m not in modules:
                problem(f"service {name}: --target={m} is not a module of the binary "
                        f"({', '.join(modules)})")

    runner = {}  # module -> the service that runs it (the first, for URLs)
    for module in modules:
        holders = [n for n, mods in runs.items() if module in mods]
        if not holders:
            problem(f"no service runs module {module} (--target={module})")
            continue
        runner[module] = holders[0]
        if len(holders) > 1:
            instances = [environment(services[n]).get("OPSDESK_KAFKA_GROUP_INSTANCE", "")
                         for n in holders]
            if module not in table.read_models:
                problem(f"module {module} runs in {len(holders)} services "
                        f"({', '.join(holders)}); it must run exactly once")
            elif len(set(instances)) != len(instances):
                problem(f"read model {module} runs in {', '.join(holders)}: each replica "
                        "needs its own OPSDESK_KAFKA_GROUP_INSTANCE")

    # Who mounts which named volume.
    users = {}
    for name, service in services.items():
        for kind, source, _ in volume_mounts(service):
            if kind == "volume" and source:
                users.setdefault(source, set()).add(name)

    if SECRET not in declared_secrets:
        problem(f"no top-level secrets: {SECRET}")
    elif not (declared_secrets[SECRET] or {}).get("file") and \
            not (declared_secrets[SECRET] or {}).get("external"):
        problem(f"secret {SECRET} names no file")

    for name, mods in runs.items():
        service = services[name]
        env = environment(service)
        if not set(mods) <= table.stateless:
            data = [(kind, source) for kind, source, target in volume_mounts(service)
                    if target.rstrip("/") == DATA_DIR]
            if not data:
                problem(f"service {name} has no volume at {DATA_DIR}")
            for kind, source in data:
                if kind != "volume" or not source:
                    problem(f"service {name}: {DATA_DIR} is not a named volume ({kind} "
                            f"{source or '(anonymous)'})")
                    continue
                if source not in declared_volumes:
                    problem(f"service {name}: volume {source} is not declared under "
                            "top-level volumes:")
                others = sorted(users.get(source, set()) - {name})
                if others:
                    problem(f"service {name}: volume {source} is also mounted by "
                            f"{', '.join(others)} (one store, one writer)")
        path = secret_path(service, SECRET)
        if path is None:
            problem(f"service {name} does not get the secret {SECRET}")
        elif env.get("OPSDESK_JWT_SECRET_FILE") != path:
            problem(f"service {name}: OPSDESK_JWT_SECRET_FILE is "
                    f"{env.get('OPSDESK_JWT_SECRET_FILE') or 'unset'}, the secret is at {path}")
        if not env.get("OPSDESK_KAFKA_BROKERS"):
            problem(f"service {name} has no OPSDESK_KAFKA_BROKERS")
        if service.get("read_only") is not True:
            problem(f"service {name} is not read_only: true")
        if "/tmp" not in tmpfs_targets(service):
            problem(f"service {name} has no tmpfs at /tmp (read-only root filesystem)")
        condition = depends_condition(service, KAFKA_INIT)
        if condition != "service_completed_successfully":
            problem(f"service {name} does not wait for {KAFKA_INIT}: depends_on: "
                    f"{KAFKA_INIT}: condition: service_completed_successfully"
                    + (f" (it has {condition})" if condition else ""))
        for module in mods:
            for callee in table.calls.get(module, []):
                if callee not in runner:
                    continue
                urls = dict(p.split("=", 1) for p in
                            env.get("OPSDESK_MODULES_URLS", "").split(",") if "=" in p)
                url = urls.get(callee)
                if url is None:
                    problem(f"service {name} ({module}) sends {callee} commands but "
                            f"OPSDESK_MODULES_URLS has no {callee}=http://{runner[callee]}:"
                            f"{CONTAINER_PORT}")
                    continue
                parsed = urllib.parse.urlsplit(url)
                if parsed.hostname != runner[callee] or \
                        (parsed.port or 80) != CONTAINER_PORT:
                    problem(f"service {name}: OPSDESK_MODULES_URLS {callee}={url}, expected "
                            f"http://{runner[callee]}:{CONTAINER_PORT}")

    published = {}
    for name, service in services.items():
        for ip, port in host_ports(service):
            published.setdefault(port, []).append(name)
    for port, names in sorted(published.items()):
        if len(names) > 1:
            problem(f"host port {port} is published by {', '.join(names)}")

    return services, runs


# --- external tools ----------------------------------------------------------------------------

def run_tool(label, argv, problem, cwd=REPO):
    try:
        result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        problem(f"{label}: {e}")
        return
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        problem(f"{label} failed (exit {result.returncode}):\n{output}")
    else:
        print(f"ok: {label}")
        return output


def check_tools(problem):
    yamllint = shutil.which("yamllint")
    if yamllint is None:
        problem("yamllint is not installed (Debian: yamllint)")
    else:
        output = run_tool("yamllint -d relaxed",
                          [yamllint, "-d", "relaxed", "-f", "parsable",
                           str(COMPOSE.relative_to(REPO)), str(CONFIG.relative_to(REPO))],
                          problem)
        for line in (output or "").splitlines():
            print(f"  {line}")  # warnings: shown, not failed

    # Debian's docker-compose (v1.29) reads the Compose Specification without an engine: the
    # file is validated by an implementation, not only by these checks (scripts/install-deps).
    compose = str(COMPOSE)
    ran = False
    if shutil.which("docker-compose"):
        ran = True
        run_tool("docker-compose config -q", ["docker-compose", "-f", compose, "config", "-q"],
                 problem)
    else:
        problem("docker-compose is not installed (Debian: docker-compose; scripts/install-deps)")
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True,
                                 timeout=60).returncode == 0:
        ran = True
        run_tool("docker compose config -q", [docker, "compose", "-f", compose, "config", "-q"],
                 problem)
    if shutil.which("podman-compose"):
        ran = True
        run_tool("podman-compose config", ["podman-compose", "-f", compose, "config"], problem)
    if not ran:
        print("note: none of docker-compose, docker compose, podman-compose is installed; "
              "the file was not validated by a compose implementation")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True,
                        help="the opsdesk binary whose module table the deployment must cover")
    args = parser.parse_args()
    table = deployed_modules(args.binary)
    modules, domains = table.names, table.domains

    problem = Problems()
    for path in (COMPOSE, CONFIG):
        if not path.is_file():
            problem(f"{path.relative_to(REPO)} does not exist")
    if problem.items:
        return 1
    try:
        compose = yaml.safe_load(COMPOSE.read_text())
        yaml.safe_load(CONFIG.read_text())
    except yaml.YAMLError as e:
        problem(f"not valid YAML: {e}")
        return 1
    if not isinstance(compose, dict) or not isinstance(compose.get("services"), dict):
        problem(f"{COMPOSE.relative_to(REPO)} has no services:")
        return 1
    if "version" in compose:
        problem(f"{COMPOSE.relative_to(REPO)} has a top-level version: (obsolete in the Compose "
                "Specification)")

    for name, service in list(compose["services"].items()):
        if not isinstance(service, dict):
            problem(f"service {name} is not a mapping: {service!r}")
            del compose["services"][name]

    if (refused := config_file_problem(args.binary, CONFIG)) is not None:
        problem(f"{CONFIG.relative_to(REPO)}: opsdesk refuses it: {refused}")
    services, runs = check_services(compose, table, problem)
    check_kafka_init(services, domains, problem)
    check_tools(problem)

    if problem.items:
        print(f"{COMPOSE.relative_to(REPO)}: {len(problem.items)} problem(s)")
        return 1
    print(f"{COMPOSE.relative_to(REPO)}: ok ({len(runs)} opsdesk services for "
          f"{len(modules)} modules, {len(domains)} topics)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
