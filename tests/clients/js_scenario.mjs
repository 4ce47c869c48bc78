// The official JavaScript client (@kubernetes/client-node 1.4) against a cluster: create, list, patch,
// server-side apply, watch and delete in a namespace of its own. Usage: node js_scenario.mjs KUBECONFIG NAMESPACE.
// Prints one line per step and "scenario ok" at the end; any failure exits non-zero.
import * as k8s from '@kubernetes/client-node';

const [kubeconfig, ns] = process.argv.slice(2);
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfig);
const core = kc.makeApiClient(k8s.CoreV1Api);
const apps = kc.makeApiClient(k8s.AppsV1Api);

await core.createNamespace({ body: { metadata: { name: ns } } });
// An informer (list, then watch, as controllers written with this client do) follows the namespace's ConfigMaps live.
const seen = [];
const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${ns}/configmaps`,
  () => core.listNamespacedConfigMap({ namespace: ns }), 'app=js');
for (const verb of ['add', 'update', 'delete']) informer.on(verb, (obj) => seen.push(`${verb}:${obj.data?.color}`));
// Stopping the informer aborts its watch, which it reports as an error too.
informer.on('error', (err) => { if (err?.name !== 'AbortError') { console.error('informer error', err); process.exitCode = 1; } });
await informer.start();
const created = await core.createNamespacedConfigMap({
  namespace: ns,
  body: { metadata: { name: 'settings', labels: { app: 'js' } }, data: { color: 'blue' } },
});
console.log('created', created.metadata.name);

const listed = await core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'app=js' });
console.log('listed', listed.items.map((i) => i.metadata.name).join(','));
const since = listed.metadata.resourceVersion;

const patched = await core.patchNamespacedConfigMap(
  { name: 'settings', namespace: ns, body: { data: { color: 'green' } } },
  k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
console.log('patched', patched.data.color);

const jsonPatched = await core.patchNamespacedConfigMap(
  { name: 'settings', namespace: ns, body: [{ op: 'add', path: '/data/shape', value: 'round' }] },
  k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch));
console.log('json-patched', jsonPatched.data.shape);

const applied = await core.patchNamespacedConfigMap(
  {
    name: 'settings', namespace: ns, fieldManager: 'js-scenario',
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { size: 'large' } },
  },
  k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply));
const managers = applied.metadata.managedFields.map((m) => `${m.manager}/${m.operation}`).sort();
console.log('applied', applied.data.size, applied.data.color, managers.join(';'));

const deployment = await apps.createNamespacedDeployment({
  namespace: ns,
  body: {
    metadata: { name: 'web' },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'okube/busybox:1' }] } },
    },
  },
});
console.log('deployment', deployment.metadata.name, deployment.spec.strategy.type);

await core.deleteNamespacedConfigMap({ name: 'settings', namespace: ns });
try {
  await core.readNamespacedConfigMap({ name: 'settings', namespace: ns });
  throw new Error('the deleted ConfigMap is still there');
} catch (e) {
  if (!(e instanceof k8s.ApiException)) throw e;
  console.log('deleted', e.code);
}

// A watch from the list's resourceVersion replays every change since, in order, then the deletion.
const events = [];
await new Promise((resolve, reject) => {
  let request;
  const timer = setTimeout(() => { request?.abort(); reject(new Error(`watch timed out after ${events.join(',')}`)); }, 20000);
  new k8s.Watch(kc).watch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: since, labelSelector: 'app=js' },
    (type, obj) => {
      events.push(`${type}:${obj.data?.color}`);
      if (type === 'DELETED') { clearTimeout(timer); request.abort(); resolve(); }
    },
    (err) => { if (err && err.name !== 'AbortError') { clearTimeout(timer); reject(err); } })
    .then((controller) => { request = controller; }, reject);
});
console.log('watched', events.join(','));

const informed = Date.now() + 20000;
while (!seen.includes('delete:green') && Date.now() < informed) await new Promise((r) => setTimeout(r, 50));
await informer.stop();
console.log('informed', seen.join(','));

await apps.deleteNamespacedDeployment({ name: 'web', namespace: ns });
await core.deleteNamespace({ name: ns });
console.log('scenario ok');
