#!/usr/bin/python3
"""Checks the Kubernetes manifests in k8s/ without a cluster.

Renders both overlays with `kubectl kustomize` and checks what opsdesk needs of every workload
(probes, resources, security context, volumes), that the split overlay runs exactly one workload
per module the binary has, and that Services, PodDisruptionBudgets, NetworkPolicies and
Ingresses fit the workloads they name. Also runs yamllint on k8s/.

Usage:
  tests/deploy/check_manifests.py --kubectl /usr/bin/kubectl \\
      --binary build/ci/cmd/opsdesk/opsdesk   (its module table: the modules)

Prints one line per failure, naming the overlay, the object and the container, and exits 1 if
there is any; prints a one-line summary per overlay otherwise. Exits 2 when a tool is missing.
Needs python3-yaml (Debian) and yamllint.
"""

import argparse
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

from opsdesk_modules import (TOPIC_CONFIG, TOPIC_PARTITIONS, config_file_problem,
                             deployed_modules, topic_of)

try:
    import yaml
except ImportError:
    print("check_manifests: python3-yaml is missing (apt-get install python3-yaml)", file=sys.stderr)
    sys.exit(2)

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "k8s"
OVERLAYS = ("single-node", "split")

PORT = 8080
DATA_DIR = "/var/lib/opsdesk"
WORKLOAD_KINDS = ("Deployment", "StatefulSet")


class Report:
    def __init__(self):
        self.failures = []

    def fail(self, overlay, obj, message, container=None):
        where = f"{obj['kind']}/{obj['metadata']['name']}" if isinstance(obj, dict) else obj
        if container:
            where += f" container {container}"
        self.failures.append(f"{overlay}: {where}: {message}")


# --- helpers ------------------------------------------------------------------------------------

def ref(obj):
    return f"{obj['kind']}/{obj['metadata']['name']}"


def selector_matches(selector, labels):
    """A LabelSelector (matchLabels, matchExpressions) against a label map; {} matches all."""
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr.get("key"), expr.get("operator"), expr.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def pod_spec(workload):
    return workload["spec"]["template"].get("spec") or {}


def pod_labels(workload):
    return (workload["spec"]["template"].get("metadata") or {}).get("labels") or {}


def command_line(container):
    return list(container.get("command") or []) + list(container.get("args") or [])


def flag_value(argv, name):
    """The value of --name=VALUE or --name VALUE in argv, or None."""
    for i, arg in enumerate(argv):
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
        if arg == f"--{name}" and i + 1 < len(argv):
            return argv[i + 1]
    return None


def env_entry(container, name):
    for entry in container.get("env") or []:
        if entry.get("name") == name:
            return entry
    return None


def target_of(workload):
    """The module(s) a workload runs: its opsdesk container's --target, else OPSDESK_TARGET."""
    for container in pod_spec(workload).get("containers") or []:
        target = flag_value(command_line(container), "target")
        if target is None:
            entry = env_entry(container, "OPSDESK_TARGET")
            target = entry.get("value") if entry else None
        if target is not None:
            return target
    return None


def port_is_http(container, port):
    """Whether a probe's or Service's target port reaches 8080 of this container."""
    if port == PORT:
        return True
    for p in container.get("ports") or []:
        if isinstance(port, str) and p.get("name") == port and p.get("containerPort") == PORT:
            return True
    return False


def is_opsdesk_image(image):
    name = (image or "").split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return last.split(":", 1)[0] == "opsdesk"


def mount_source(mounts, path):
    """(mountPath, volume name) of the deepest mount holding `path`, or None."""
    best = None
    for mount_path, volume in mounts.items():
        if path == mount_path or path.startswith(mount_path.rstrip("/") + "/"):
            if best is None or len(mount_path) > len(best[0]):
                best = (mount_path, volume)
    return best


# --- checks -------------------------------------------------------------------------------------

def check_container(report, overlay, workload, container, objects):
    name = container.get("name", "?")
    spec = pod_spec(workload)

    def fail(message):
        report.fail(overlay, workload, message, name)

    if not is_opsdesk_image(container.get("image")):
        fail(f"image {container.get('image')!r} is not opsdesk (no other containers belong here)")

    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz"),
                        ("startupProbe", "/healthz")):
        get = (container.get(probe) or {}).get("httpGet")
        if not get or get.get("path") != path or not port_is_http(container, get.get("port")):
            fail(f"{probe} must be httpGet {path} on port {PORT}")
    liveness = container.get("livenessProbe") or {}
    startup = container.get("startupProbe") or {}
    if startup.get("periodSeconds", 10) * startup.get("failureThreshold", 3) < 240:
        fail("startupProbe must allow about 5 minutes (stores recover before the process answers)")
    if liveness.get("periodSeconds", 10) != 10 or liveness.get("failureThreshold", 3) != 3:
        fail("livenessProbe must have periodSeconds 10 and failureThreshold 3")

    resources = container.get("resources") or {}
    requests, limits = resources.get("requests") or {}, resources.get("limits") or {}
    for what, table, key in (("cpu request", requests, "cpu"),
                             ("memory request", requests, "memory"),
                             ("memory limit", limits, "memory")):
        if key not in table:
            fail(f"no {what} (resources.{'requests' if table is requests else 'limits'}.{key})")

    pod_sc = spec.get("securityContext") or {}
    sc = container.get("securityContext") or {}
    non_root = sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot"))
    if non_root is not True:
        fail("runAsNonRoot must be true (pod or container securityContext)")
    if sc.get("readOnlyRootFilesystem") is not True:
        fail("securityContext.readOnlyRootFilesystem must be true")
    if sc.get("allowPrivilegeEscalation") is not False:
        fail("securityContext.allowPrivilegeEscalation must be false")
    if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
        fail("securityContext.capabilities.drop must hold ALL")

    volumes = {v.get("name"): v for v in spec.get("volumes") or []}
    claims = {c["metadata"]["name"] for c in workload["spec"].get("volumeClaimTemplates") or []}
    mounts = {}
    for m in container.get("volumeMounts") or []:
        mounts[m.get("mountPath")] = m.get("name")
        if m.get("name") not in volumes and m.get("name") not in claims:
            fail(f"mounts {m.get('name')!r} at {m.get('mountPath')}, which is no volume of the pod")

    tmp = mounts.get("/tmp")
    if tmp is None or "emptyDir" not in (volumes.get(tmp) or {}):
        fail("needs an emptyDir mounted at /tmp (the root filesystem is read-only)")

    data = mounts.get(DATA_DIR)
    if workload["kind"] == "StatefulSet":
        if data is None:
            fail(f"a StatefulSet must mount its data volume at {DATA_DIR}")
        elif data not in claims or data in volumes:
            fail(f"{DATA_DIR} must come from a volumeClaimTemplate (it mounts {data!r})")

    # the config file and the JWT key must be files of mounted volumes that exist
    config = flag_value(command_line(container), "config")
    if config is None:
        fail("no --config FILE argument")
    else:
        check_file_from_volume(report, overlay, workload, name, "--config", config, mounts,
                               volumes, objects, "configMap")
    jwt = None
    for var in ("OPSDESK_JWT_SECRET_FILE", "OPSDESK_JWT_PUBLIC_KEY_FILE"):
        entry = env_entry(container, var)
        if entry is not None:
            jwt = (var, entry.get("value"))
    if jwt is None:
        fail("sets neither OPSDESK_JWT_SECRET_FILE nor OPSDESK_JWT_PUBLIC_KEY_FILE")
    elif jwt[0] == "OPSDESK_JWT_SECRET_FILE":
        check_file_from_volume(report, overlay, workload, name, jwt[0], jwt[1] or "", mounts,
                               volumes, objects, "secret")


def check_file_from_volume(report, overlay, workload, container, what, path, mounts, volumes,
                           objects, kind):
    """`path` must be a key of the ConfigMap/Secret (`kind`) volume mounted above it."""
    found = mount_source(mounts, path)
    if found is None:
        report.fail(overlay, workload, f"{what} {path} is on no mounted volume", container)
        return
    mount_path, volume_name = found
    volume = next((v for v in pod_spec(workload).get("volumes") or []
                   if v.get("name") == volume_name), {})
    source = volume.get(kind)
    if source is None:
        report.fail(overlay, workload,
                    f"{what} {path} must come from a {kind} volume (it is on {volume_name!r})",
                    container)
        return
    object_kind = "ConfigMap" if kind == "configMap" else "Secret"
    object_name = source.get("name") if kind == "configMap" else source.get("secretName")
    obj = objects.get((object_kind, object_name))
    if obj is None:
        report.fail(overlay, workload, f"{what}: {object_kind} {object_name!r} is not rendered",
                    container)
        return
    key = posixpath.relpath(path, mount_path)
    keys = set((obj.get("data") or {}).keys()) | set((obj.get("stringData") or {}).keys())
    if source.get("items"):
        keys = {item.get("path") for item in source["items"]}
    if key not in keys:
        report.fail(overlay, workload,
                    f"{what} {path}: {object_kind} {object_name!r} has no key {key!r}", container)


def check_services(report, overlay, workload, services):
    labels = pod_labels(workload)
    containers = pod_spec(workload).get("containers") or []
    selecting = [s for s in services
                 if (s["spec"].get("selector") or None) is not None
                 and all(labels.get(k) == v for k, v in s["spec"]["selector"].items())]
    serving = [s for s in selecting
               if s["spec"].get("clusterIP") != "None"
               and any(p.get("port") == PORT
                       and any(port_is_http(c, p.get("targetPort", p.get("port")))
                               for c in containers)
                       for p in s["spec"].get("ports") or [])]
    if not serving:
        report.fail(overlay, workload, f"no ClusterIP Service selects it on port {PORT}")
    if workload["kind"] == "StatefulSet":
        governing = workload["spec"].get("serviceName")
        match = [s for s in selecting if s["metadata"]["name"] == governing]
        if not governing or not match:
            report.fail(overlay, workload,
                        f"serviceName {governing!r} names no Service selecting its pods")
        elif match[0]["spec"].get("clusterIP") != "None":
            report.fail(overlay, workload, f"its governing Service {governing} must be headless")
    return selecting


def check_pdb(report, overlay, workload, pdbs):
    labels = pod_labels(workload)
    matching = [p for p in pdbs
                if selector_matches(p["spec"].get("selector") or {}, labels)]
    if not matching:
        report.fail(overlay, workload, "no PodDisruptionBudget covers it")
        return
    if len(matching) > 1:
        report.fail(overlay, workload,
                    "more than one PodDisruptionBudget covers it (evictions then fail): "
                    + ", ".join(ref(p) for p in matching))
        return
    pdb = matching[0]["spec"]
    replicas = workload["spec"].get("replicas", 1)

    def count(value):
        if isinstance(value, str) and value.endswith("%"):
            return int(replicas * int(value[:-1]) / 100 + 0.999999)
        return int(value)

    if "maxUnavailable" in pdb:
        allowed = count(pdb["maxUnavailable"])
    else:
        allowed = replicas - count(pdb.get("minAvailable", 1))
    if allowed < 1:
        report.fail(overlay, workload,
                    f"{ref(matching[0])} allows no disruption with {replicas} replica(s): "
                    "it would block every drain of its node")


def check_network_policies(report, overlay, workload, policies):
    labels = pod_labels(workload)
    if not any(selector_matches(p["spec"].get("podSelector") or {}, labels)
               and "Ingress" in (p["spec"].get("policyTypes") or ["Ingress"])
               for p in policies):
        report.fail(overlay, workload, "no NetworkPolicy (ingress) selects its pods")


def check_ingresses(report, overlay, ingresses, services):
    by_name = {s["metadata"]["name"]: s for s in services}
    for ing in ingresses:
        spec = ing["spec"]
        backends = []
        if spec.get("defaultBackend"):
            backends.append(("default backend", spec["defaultBackend"]))
        for rule in spec.get("rules") or []:
            for path in (rule.get("http") or {}).get("paths") or []:
                backends.append((path.get("path"), path.get("backend") or {}))
        for where, backend in backends:
            service = (backend.get("service") or {})
            target = by_name.get(service.get("name"))
            if target is None:
                report.fail(overlay, ing, f"{where}: no Service {service.get('name')!r}")
                continue
            port = service.get("port") or {}
            if not any(("name" in port and p.get("name") == port["name"])
                       or ("number" in port and p.get("port") == port["number"])
                       for p in target["spec"].get("ports") or []):
                report.fail(overlay, ing, f"{where}: Service {target['metadata']['name']} has "
                            f"no port {port}")


# Routes every process serves for itself; the ingress publishes none of them.
OWN_ROUTES = ("/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/test/")


def ingress_route(ingresses, path):
    """The Service an ingress-nginx sends `path` to: the longest matching rule, a Prefix by path
    elements, an ImplementationSpecific one as a regular expression from the start."""
    best = None
    for ing in ingresses:
        for rule in ing["spec"].get("rules") or []:
            for entry in (rule.get("http") or {}).get("paths") or []:
                rule_path = entry.get("path") or "/"
                if entry.get("pathType") == "ImplementationSpecific":
                    matches = re.match(rule_path, path) is not None
                else:
                    matches = (rule_path == "/" or path == rule_path
                               or path.startswith(rule_path.rstrip("/") + "/"))
                if matches and (best is None or len(rule_path) > len(best[0])):
                    best = (rule_path, ((entry.get("backend") or {}).get("service") or {}).get("name"))
    return best


def check_routes(report, overlay, table, ingresses, services, by_target):
    """Every path of a module's OpenAPI document (docs/api/) reaches that module's pods."""
    by_name = {s["metadata"]["name"]: s for s in services}
    for module, document in table.openapi.items():
        workload = by_target.get(module)
        if workload is None:
            continue
        paths = (yaml.safe_load((ROOT / "docs" / "api" / f"{document}.yaml").read_text())
                 .get("paths") or {})
        for path in paths:
            if path.startswith(OWN_ROUTES):
                continue
            concrete = re.sub(r"\{[^}]+\}", "x1", path)
            route = ingress_route(ingresses, concrete)
            service = by_name.get(route[1]) if route else None
            if service is None or not selector_matches({"matchLabels": service["spec"].get(
                    "selector") or {}}, pod_labels(workload)):
                report.fail(overlay, workload, f"{path} (docs/api/{document}.yaml) is routed to "
                            f"{route[1] if route else 'nothing'} by the Ingress, not to {module}")


# An external Kafka's topics (k8s/components/strimzi-topics) also survive a broker's loss.
TOPIC_SPEC = {"partitions": TOPIC_PARTITIONS, "replicas": 3,
              "config": {"min.insync.replicas": 2, **TOPIC_CONFIG}}


def check_strimzi_topics(report, table):
    """The Strimzi component holds one KafkaTopic per published domain, with TOPIC_SPEC."""
    path = K8S / "components" / "strimzi-topics" / "topics.yaml"
    topics = {t["metadata"]["name"]: t for t in yaml.safe_load_all(path.read_text()) if t}
    where = path.relative_to(ROOT)
    for domain in table.domains:
        name = topic_of(domain)
        topic = topics.pop(name, None)
        if topic is None:
            report.failures.append(f"{where}: no KafkaTopic {name} (domain {domain})")
            continue
        spec = topic.get("spec") or {}
        for key in ("partitions", "replicas"):
            if spec.get(key) != TOPIC_SPEC[key]:
                report.failures.append(f"{where}: {name}: {key} must be {TOPIC_SPEC[key]}")
        for key, value in TOPIC_SPEC["config"].items():
            if (spec.get("config") or {}).get(key) != value:
                report.failures.append(f"{where}: {name}: config {key} must be {value}")
    for name in topics:
        report.failures.append(f"{where}: {name} is the topic of no domain the binary publishes")


def check_modules_urls(report, overlay, workloads, services, by_target):
    """Every OPSDESK_MODULES_URLS entry must reach the workload running that module."""
    for workload in workloads:
        for container in pod_spec(workload).get("containers") or []:
            entry = env_entry(container, "OPSDESK_MODULES_URLS")
            if entry is None:
                continue
            for item in (entry.get("value") or "").split(","):
                module, _, url = item.partition("=")
                host_port = url.split("://", 1)[-1].split("/", 1)[0]
                host, _, port = host_port.partition(":")
                service = next((s for s in services if s["metadata"]["name"] == host), None)
                target = by_target.get(module)
                problem = None
                if target is None:
                    problem = f"no workload runs {module!r}"
                elif service is None:
                    problem = f"no Service {host!r}"
                elif not any(str(p.get("port")) == (port or "80")
                             for p in service["spec"].get("ports") or []):
                    problem = f"Service {host} has no port {port or 80}"
                elif not all(pod_labels(target).get(k) == v
                             for k, v in (service["spec"].get("selector") or {}).items()):
                    problem = f"Service {host} does not select {ref(target)}"
                if problem:
                    report.fail(overlay, workload,
                                f"OPSDESK_MODULES_URLS {item}: {problem}", container.get("name"))


def check_overlay(report, overlay, objects_list, table):
    modules = table.names
    objects = {(o["kind"], o["metadata"]["name"]): o for o in objects_list}

    def of_kind(kind):
        return [o for o in objects_list if o["kind"] == kind]

    workloads = [o for o in objects_list if o["kind"] in WORKLOAD_KINDS]
    services = of_kind("Service")
    pdbs = of_kind("PodDisruptionBudget")
    policies = of_kind("NetworkPolicy")
    ingresses = of_kind("Ingress")
    before = len(report.failures)

    for workload in workloads:
        containers = pod_spec(workload).get("containers") or []
        if not containers:
            report.fail(overlay, workload, "has no containers")
        for container in containers:
            check_container(report, overlay, workload, container, objects)
        spec = pod_spec(workload)
        if spec.get("terminationGracePeriodSeconds", 30) < 15:
            report.fail(overlay, workload,
                        "terminationGracePeriodSeconds must leave opsdesk its 10 s drain")
        check_services(report, overlay, workload, services)
    check_ingresses(report, overlay, ingresses, services)
    for kind in ("Kafka", "KafkaNodePool"):
        for obj in of_kind(kind):
            report.fail(overlay, obj, "Kafka is external: the overlay must not deploy a broker")

    by_target = {}
    for workload in workloads:
        target = target_of(workload)
        if target is None:
            report.fail(overlay, workload, "runs no --target")
            continue
        if target in by_target:
            report.fail(overlay, workload,
                        f"runs --target={target}, as {ref(by_target[target])} already does")
        by_target[target] = workload

    if overlay == "single-node":
        if len(workloads) != 1 or target_of(workloads[0]) != "all":
            report.fail(overlay, "overlay", "must have exactly one workload, with --target=all "
                        f"(has {', '.join(ref(w) for w in workloads) or 'none'})")
        for workload in workloads:
            if workload["kind"] != "StatefulSet":
                report.fail(overlay, workload, "must be a StatefulSet (its stores need a disk)")
            if workload["spec"].get("replicas", 1) != 1:
                report.fail(overlay, workload, "must have replicas 1 (single writer per store)")
        summary = (f"{len(workloads)} workload ({', '.join(ref(w) for w in workloads)} "
                   f"--target=all), {len(services)} Services, {len(ingresses)} Ingress")
    else:
        check_modules_urls(report, overlay, workloads, services, by_target)
        check_routes(report, overlay, table, ingresses, services, by_target)
        for target, workload in by_target.items():
            if target not in modules:
                report.fail(overlay, workload, f"runs --target={target}, which is not one module "
                            f"of the binary's")
        for module in modules:
            workload = by_target.get(module)
            if workload is None:
                report.fail(overlay, "overlay", f"no workload runs --target={module}")
                continue
            replicas = workload["spec"].get("replicas", 1)
            if module in table.stateless:
                if workload["kind"] != "Deployment":
                    report.fail(overlay, workload, f"{module} is stateless: a Deployment")
            elif workload["kind"] != "StatefulSet":
                report.fail(overlay, workload, f"{module} keeps stores: must be a StatefulSet")
            if module not in table.read_models | table.stateless and replicas != 1:
                report.fail(overlay, workload, f"{module} is a single writer: replicas must be 1 "
                            f"(has {replicas})")
            if module in table.read_models and replicas > 1:
                for container in pod_spec(workload).get("containers") or []:
                    entry = env_entry(container, "OPSDESK_KAFKA_GROUP_INSTANCE") or {}
                    field = ((entry.get("valueFrom") or {}).get("fieldRef") or {}).get("fieldPath")
                    if field != "metadata.name":
                        report.fail(overlay, workload, "several replicas need "
                                    "OPSDESK_KAFKA_GROUP_INSTANCE from fieldRef metadata.name "
                                    "(else they split the partitions)", container.get("name"))
        for workload in workloads:
            for container in pod_spec(workload).get("containers") or []:
                entry = env_entry(container, "OPSDESK_KAFKA_BROKERS") or {}
                key_ref = (entry.get("valueFrom") or {}).get("configMapKeyRef") or {}
                config_map = objects.get(("ConfigMap", key_ref.get("name")))
                if not config_map or key_ref.get("key") not in (config_map.get("data") or {}):
                    report.fail(overlay, workload, "OPSDESK_KAFKA_BROKERS must come from a key of "
                                "a rendered ConfigMap (the one place naming Kafka)",
                                container.get("name"))
            check_pdb(report, overlay, workload, pdbs)
            check_network_policies(report, overlay, workload, policies)
        kinds = {}
        for w in workloads:
            kinds[w["kind"]] = kinds.get(w["kind"], 0) + 1
        summary = (f"{len(workloads)} workloads for {len(modules)} modules ("
                   + ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in sorted(kinds.items()))
                   + f"), {len(services)} Services, {len(pdbs)} PodDisruptionBudgets, "
                   f"{len(policies)} NetworkPolicies, {len(ingresses)} Ingresses")
    return len(report.failures) == before, summary


def render(kubectl, overlay):
    result = subprocess.run([kubectl, "kustomize", str(K8S / "overlays" / overlay)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        return None, result.stderr.strip() or f"exit {result.returncode}"
    try:
        return [d for d in yaml.safe_load_all(result.stdout) if d], None
    except yaml.YAMLError as error:
        return None, f"rendered output is not YAML: {error}"


def run_yamllint(yamllint):
    config = K8S / ".yamllint"
    argv = [yamllint, "-f", "parsable"]
    argv += ["-c", "k8s/.yamllint"] if config.exists() else ["-d", "relaxed"]
    # relative to the repository root, so that the lines name k8s/... files
    result = subprocess.run(argv + ["k8s"], capture_output=True, text=True, cwd=ROOT)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    errors = [line for line in lines if "[error]" in line]
    warnings = [line for line in lines if "[warning]" in line]
    return result.returncode, errors, warnings, result.stderr.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kubectl", default="kubectl", help="kubectl with kustomize (v1.27+)")
    parser.add_argument("--yamllint", default="yamllint")
    parser.add_argument("--binary", required=True,
                        help="the opsdesk binary whose module table the deployment must cover")
    args = parser.parse_args()
    table = deployed_modules(args.binary)
    if not table.names:
        parser.error(f"{args.binary} names no modules")
    for tool in (args.kubectl, args.yamllint):
        if shutil.which(tool) is None:
            print(f"check_manifests: {tool} not found", file=sys.stderr)
            return 2

    report = Report()
    summaries = []
    for overlay in OVERLAYS:
        objects_list, error = render(args.kubectl, overlay)
        if objects_list is None:
            report.fail(overlay, "kustomize", f"does not render: {error}")
            continue
        ok, summary = check_overlay(report, overlay, objects_list, table)
        if ok:
            summaries.append(f"{overlay}: ok: {summary}")

    check_strimzi_topics(report, table)
    config = ROOT / "k8s" / "base" / "opsdesk.yaml"
    if (refused := config_file_problem(args.binary, config)) is not None:
        report.failures.append(f"{config.relative_to(ROOT)}: opsdesk refuses it: {refused}")

    code, errors, warnings, stderr = run_yamllint(args.yamllint)
    for line in warnings:
        print(f"yamllint: {line}")
    report.failures += [f"yamllint: {line}" for line in errors]
    if code != 0 and not errors:
        report.failures.append(f"yamllint: exit {code}: {stderr or 'no output'}")

    if report.failures:
        for failure in report.failures:
            print(f"FAIL {failure}")
        print(f"check_manifests: {len(report.failures)} failure(s)")
        return 1
    for summary in summaries:
        print(summary)
    print(f"yamllint: ok ({len(warnings)} warning(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
