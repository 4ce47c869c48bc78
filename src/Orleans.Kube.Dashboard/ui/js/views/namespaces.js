import { LiveList } from '../live.js';
import { h, table, age, frameScheduler } from '../dom.js';
import { editLink, pathOf } from '../actions.js';

/** Namespaces with their phase and pod count; choosing one scopes every other view to it. */
export function mount(root, context) {
  const body = h('div', { id: 'namespaces' });
  root.append(h('h1', {}, 'Namespaces'), body);
  const render = frameScheduler(() => {
    const podCount = new Map();
    for (const pod of pods.items.values()) podCount.set(pod.metadata.namespace, (podCount.get(pod.metadata.namespace) ?? 0) + 1);
    const items = namespaces.values.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    body.replaceChildren(table(['Name', 'Status', 'Pods', 'Labels', 'Age', ''], items.map(ns => {
      const name = ns.metadata.name;
      return h('tr', { 'data-namespace': name },
        h('td', {}, h('a', { href: '#/pods', onclick: () => context.selectNamespace(name) }, name)),
        h('td', {}, ns.status?.phase ?? ''),
        h('td', {}, podCount.get(name) ?? 0),
        h('td', {}, Object.entries(ns.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')),
        h('td', {}, age(ns.metadata.creationTimestamp)),
        h('td', {}, h('a', { href: editLink(pathOf('', 'v1', 'namespaces', '', name)) }, 'YAML')));
    })));
  });
  const namespaces = new LiveList('/api/v1/namespaces', render, { onError: context.showError });
  const pods = new LiveList('/api/v1/pods', render, { onError: () => {} });
  return () => { namespaces.stop(); pods.stop(); };
}
