"""The modules a deployment runs, read from the opsdesk binary's own module table
(`opsdesk modules --json`).

Every check of docker/ and k8s/ starts from it, so a module added to the table without a
container, a compose service or a manifest, a new published domain without its topic, or a new
command-client call without its URL fails `make test`.
"""

import json
import subprocess
from dataclasses import dataclass, field


@dataclass
class DeployedModules:
    names: list                                  # a container (workload) each
    read_models: set = field(default_factory=set)  # may run replicas, each a complete view
    stateless: set = field(default_factory=set)    # no store or view: no data volume
    calls: dict = field(default_factory=dict)      # module -> command services it sends commands to
    domains: list = field(default_factory=list)    # published domains: a topic each
    openapi: dict = field(default_factory=dict)    # module -> docs/api/<name>.yaml of its routes


def deployed_modules(binary):
    table = json.loads(subprocess.run([binary, "modules", "--json"], capture_output=True,
                                      text=True, check=True).stdout)
    # The group (`all`) and what every process serves (calendar, tenants) are no container.
    alone = [m for m in table if m["targetable"] and m["kind"] != "group"
             and not m["in_every_process"]]
    return DeployedModules(
        names=[m["name"] for m in alone],
        read_models={m["name"] for m in alone if m["kind"] == "read model"},
        stateless={m["name"] for m in alone if m["kind"] == "infrastructure"},
        calls={m["name"]: m["sends_commands_to"] for m in alone if m["sends_commands_to"]},
        domains=[m["publishes"] for m in table if m["publishes"]],
        openapi={m["name"]: m["openapi"] for m in alone if m["openapi"]})


# What every topic of a published domain holds, in compose's one broker and on an external Kafka
# alike (docker/compose.yaml's kafka-init, k8s/components/strimzi-topics).
TOPIC_PARTITIONS = 3
TOPIC_CONFIG = {"retention.ms": -1, "cleanup.policy": "delete"}


def topic_of(domain):
    return f"opsdesk.{domain}.events.v1"


def config_file_problem(binary, path):
    """What the binary says of a settings file it is given with --config, or None if it takes
    it (an unknown key or a bad value exits 2 naming it, before anything starts)."""
    result = subprocess.run(
        [binary, "--config", str(path), "token", "--sub", "config-check", "--roles", "viewer",
         "--tenants", "*", "--ttl", "1m"],
        capture_output=True, text=True,
        env={"OPSDESK_JWT_SECRET": "config-check-0123456789abcdefghij"})
    return None if result.returncode == 0 else (result.stderr.strip() or f"exit {result.returncode}")
