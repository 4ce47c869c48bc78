"""The official python client (python3-kubernetes) against a cluster: create, list, patch, server-side apply,
watch, exec, attach and delete in a namespace of its own. Usage: python3 python_scenario.py KUBECONFIG NAMESPACE.
Prints one line per step and "scenario ok" at the end; any failure raises (non-zero exit)."""
import json
import sys
import time

from kubernetes import client, config, watch
from kubernetes.dynamic import DynamicClient
from kubernetes.stream import stream
from kubernetes.client.rest import ApiException

kubeconfig, ns = sys.argv[1], sys.argv[2]
api = config.new_client_from_config(config_file=kubeconfig)
core = client.CoreV1Api(api)
apps = client.AppsV1Api(api)

core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
created = core.create_namespaced_config_map(ns, client.V1ConfigMap(
    metadata=client.V1ObjectMeta(name="settings", labels={"app": "py"}), data={"color": "blue"}))
print("created", created.metadata.name)

listed = core.list_namespaced_config_map(ns, label_selector="app=py")
print("listed", ",".join(i.metadata.name for i in listed.items))
since = listed.metadata.resource_version

patched = core.patch_namespaced_config_map("settings", ns, {"data": {"color": "green"}})
print("patched", patched.data["color"])

# Server-side apply goes through the dynamic client (after its discovery); it takes the body as a JSON string.
configmaps = DynamicClient(api).resources.get(api_version="v1", kind="ConfigMap")
applied = configmaps.server_side_apply(
    body=json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"}, "data": {"size": "large"}}),
    name="settings", namespace=ns, field_manager="py-scenario")
managers = sorted((m.manager, m.operation) for m in applied.metadata.managedFields)
print("applied", applied.data["size"], applied.data["color"], ";".join(f"{m}/{o}" for m, o in managers))

deployment = apps.create_namespaced_deployment(ns, client.V1Deployment(
    metadata=client.V1ObjectMeta(name="web"),
    spec=client.V1DeploymentSpec(
        replicas=0,
        selector=client.V1LabelSelector(match_labels={"app": "web"}),
        template=client.V1PodTemplateSpec(
            metadata=client.V1ObjectMeta(labels={"app": "web"}),
            spec=client.V1PodSpec(containers=[client.V1Container(name="web", image="okube/busybox:1")])))))
print("deployment", deployment.metadata.name, deployment.spec.strategy.type)

core.delete_namespaced_config_map("settings", ns)
try:
    core.read_namespaced_config_map("settings", ns)
    raise SystemExit("the deleted ConfigMap is still there")
except ApiException as e:
    print("deleted", e.status)

# A watch from the list's resourceVersion replays every change since, in order, then the deletion.
events = []
watcher = watch.Watch()
for event in watcher.stream(core.list_namespaced_config_map, ns, label_selector="app=py",
                           resource_version=since, timeout_seconds=20):
    events.append(f"{event['type']}:{(event['object'].data or {}).get('color')}")
    if event["type"] == "DELETED":
        watcher.stop()
print("watched", ",".join(events))

# exec and attach through the client's WebSocket stream (v4.channel.k8s.io) into a pod that reads one line.
core.create_namespaced_pod(ns, client.V1Pod(
    metadata=client.V1ObjectMeta(name="shell"),
    spec=client.V1PodSpec(termination_grace_period_seconds=1, containers=[client.V1Container(
        name="main", image="okube/busybox:1", stdin=True,
        command=["sh", "-c", "read line; echo got $line; sleep 3600"])])))
deadline = time.monotonic() + 60
while core.read_namespaced_pod("shell", ns).status.phase != "Running":
    if time.monotonic() > deadline:
        raise SystemExit("the pod did not start")
    time.sleep(0.2)
output = stream(core.connect_get_namespaced_pod_exec, "shell", ns,
                command=["sh", "-c", "echo out; echo err >&2"], stdout=True, stderr=True, stdin=False, tty=False)
# stdout and stderr arrive on channels of their own, in either order.
print("exec", " ".join(sorted(output.split())))
attached = stream(core.connect_get_namespaced_pod_attach, "shell", ns,
                  stdin=True, stdout=True, stderr=True, tty=False, _preload_content=False)
attached.write_stdin("hello\n")
heard = ""
while "got hello" not in heard and time.monotonic() < deadline:
    attached.update(timeout=1)
    heard += attached.read_stdout() if attached.peek_stdout() else ""
attached.close()
print("attach", heard.strip())
core.delete_namespaced_pod("shell", ns, grace_period_seconds=0)

apps.delete_namespaced_deployment("web", ns)
core.delete_namespace(ns)
print("scenario ok")
