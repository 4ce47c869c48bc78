import { LiveList } from '../live.js';
import { h, table, age, frameScheduler, byNamespaceAndName } from '../dom.js';
import { podStatus, podReady, podRestarts, labelMatcher } from '../status.js';
import { deletePod, editLink, pathOf } from '../actions.js';

const PAGE = 100;

/**
 * Every pod of the namespace, live from a watch, filtered by text and label selector. Only one page
 * of rows is in the DOM, so 10,000 pods cost a sort and a filter per frame, not 10,000 rows.
 */
export function mount(root, context) {
  let page = 0;
  const text = h('input', { type: 'search', id: 'pod-filter', placeholder: 'Filter by name, node, IP or status' });
  const selector = h('input', { type: 'search', id: 'pod-selector', placeholder: 'Label selector, e.g. app=web,tier!=db' });
  const counter = h('span', { id: 'pod-counter', class: 'counter' });
  const previous = h('button', { type: 'button', onclick: () => { page--; render(); } }, '‹ Previous');
  const next = h('button', { type: 'button', onclick: () => { page++; render(); } }, 'Next ›');
  const body = h('div', { id: 'pods' });
  const state = h('span', { class: 'live-state' });
  root.append(h('h1', {}, 'Pods ', state), h('div', { class: 'filters' }, text, selector), h('div', { class: 'pager' }, previous, counter, next), body);
  for (const input of [text, selector]) input.addEventListener('input', () => { page = 0; render(); });

  const render = frameScheduler(() => {
    const needle = text.value.trim().toLowerCase();
    const matches = labelMatcher(selector.value);
    selector.classList.toggle('invalid', matches === null);
    const shown = pods.values.filter(pod => (!matches || matches(pod.metadata.labels)) && (!needle || searchable(pod).includes(needle)));
    shown.sort(byNamespaceAndName);
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
    counter.textContent = shown.length === 0 ? `0 of ${pods.items.size} pods`
      : `${page * PAGE + 1}–${Math.min((page + 1) * PAGE, shown.length)} of ${shown.length} pods (page ${page + 1}/${pages})`;
    body.replaceChildren(table(['Name', 'Namespace', 'Ready', 'Status', 'Restarts', 'Node', 'IP', 'Age', ''],
      shown.slice(page * PAGE, (page + 1) * PAGE).map(row)));
  });

  function row(pod) {
    const { namespace, name } = pod.metadata;
    return h('tr', { 'data-pod': `${namespace}/${name}` },
      h('td', {}, h('a', { href: `#/pod/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}` }, name)),
      h('td', {}, namespace),
      h('td', {}, podReady(pod)),
      h('td', { class: `status ${statusClass(podStatus(pod))}` }, podStatus(pod)),
      h('td', {}, podRestarts(pod)),
      h('td', {}, pod.spec?.nodeName ?? ''),
      h('td', {}, pod.status?.podIP ?? ''),
      h('td', {}, age(pod.metadata.creationTimestamp)),
      h('td', { class: 'actions' },
        h('button', { type: 'button', onclick: () => deletePod(pod, context.showError) }, 'Delete'),
        h('a', { href: editLink(pathOf('', 'v1', 'pods', namespace, name)) }, 'YAML')));
  }

  const pods = new LiveList(context.path('', 'v1', 'pods'), render,
    { onError: context.showError, onStatus: status => { state.textContent = status; state.className = `live-state ${status}`; } });
  return () => pods.stop();
}

function searchable(pod) {
  return `${pod.metadata.namespace}/${pod.metadata.name} ${pod.spec?.nodeName ?? ''} ${pod.status?.podIP ?? ''} ${podStatus(pod)}`.toLowerCase();
}

export function statusClass(status) {
  if (status === 'Running' || status === 'Completed' || status === 'Succeeded') return 'ok';
  if (status === 'Pending' || status === 'ContainerCreating' || status === 'Terminating') return 'wait';
  return 'bad';
}
