import { mergePatch, strategicPatch, remove } from './api.js';
import { confirmAction } from './confirm.js';

/** The API path of a namespaced object, e.g. /apis/apps/v1/namespaces/ns/deployments/web. */
export function pathOf(group, version, resource, namespace, name) {
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  return namespace
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${resource}/${encodeURIComponent(name)}`
    : `${base}/${resource}/${encodeURIComponent(name)}`;
}

// Each action confirms, then reports the API's Status message through onError when refused.
async function act(run, onError) {
  try { await run(); } catch (error) { onError(error); }
}

export async function scale(deployment, onError) {
  const { namespace, name } = deployment.metadata;
  const replicas = await confirmAction(`Scale deployment ${namespace}/${name} to how many replicas?`,
    { number: { label: 'Replicas', value: deployment.spec.replicas ?? 1 } });
  if (replicas === null) return;
  await act(() => mergePatch(`${pathOf('apps', 'v1', 'deployments', namespace, name)}/scale`, { spec: { replicas } }), onError);
}

/** kubectl rollout restart: stamps the pod template so the controller rolls every pod. */
export async function restart(object, resource, onError) {
  const { namespace, name } = object.metadata;
  if (!await confirmAction(`Restart the rollout of ${resource} ${namespace}/${name}? Every pod is replaced.`)) return;
  const stamp = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } } };
  await act(() => strategicPatch(pathOf('apps', 'v1', resource, namespace, name), stamp), onError);
}

export async function deletePod(pod, onError) {
  const { namespace, name } = pod.metadata;
  if (!await confirmAction(`Delete pod ${namespace}/${name}?`)) return;
  await act(() => remove(pathOf('', 'v1', 'pods', namespace, name)), onError);
}

/** kubectl cordon/uncordon: flips spec.unschedulable. */
export async function cordon(node, onError) {
  const unschedulable = !node.spec?.unschedulable;
  const verb = unschedulable ? 'Cordon' : 'Uncordon';
  if (!await confirmAction(`${verb} node ${node.metadata.name}?`)) return;
  await act(() => mergePatch(pathOf('', 'v1', 'nodes', '', node.metadata.name), { spec: { unschedulable } }), onError);
}

/** The hash of the YAML view/editor of an object's API path. */
export const editLink = path => `#/edit/${encodeURIComponent(path)}`;
