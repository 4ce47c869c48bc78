import { LiveList } from '../live.js';
import { h, table, age, frameScheduler, byNamespaceAndName, keyOf } from '../dom.js';
import { editLink, pathOf } from '../actions.js';

/** Services with their ports and the ready/not-ready addresses of their Endpoints, both live. */
export function mount(root, context) {
  const body = h('div', { id: 'services' });
  root.append(h('h1', {}, 'Services'), body);
  const render = frameScheduler(() => {
    const items = services.values.sort(byNamespaceAndName).slice(0, 500);
    body.replaceChildren(table(['Name', 'Namespace', 'Type', 'Cluster IP', 'Ports', 'Endpoints', 'Age', ''], items.map(service => {
      const { namespace, name } = service.metadata;
      return h('tr', { 'data-service': `${namespace}/${name}` },
        h('td', {}, name), h('td', {}, namespace), h('td', {}, service.spec?.type ?? 'ClusterIP'),
        h('td', {}, service.spec?.clusterIP ?? ''),
        h('td', {}, (service.spec?.ports ?? []).map(p => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(', ')),
        h('td', { class: 'endpoints' }, addresses(endpoints.items.get(keyOf(service)))),
        h('td', {}, age(service.metadata.creationTimestamp)),
        h('td', {}, h('a', { href: editLink(pathOf('', 'v1', 'services', namespace, name)) }, 'YAML')));
    })));
  });
  const services = new LiveList(context.path('', 'v1', 'services'), render, { onError: context.showError });
  const endpoints = new LiveList(context.path('', 'v1', 'endpoints'), render, { onError: context.showError });
  return () => { services.stop(); endpoints.stop(); };
}

function addresses(endpoints) {
  if (!endpoints) return '';
  const shown = [];
  for (const subset of endpoints.subsets ?? []) {
    const ports = (subset.ports ?? []).map(p => p.port);
    for (const address of subset.addresses ?? []) shown.push(...ports.map(port => `${address.ip}:${port}`));
    for (const address of subset.notReadyAddresses ?? []) shown.push(`${address.ip} (not ready)`);
  }
  return shown.length > 6 ? `${shown.slice(0, 6).join(', ')} + ${shown.length - 6} more` : shown.join(', ') || '<none>';
}
