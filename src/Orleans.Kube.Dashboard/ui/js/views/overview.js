import { get } from '../api.js';
import { LiveList } from '../live.js';
import { h, table, age, frameScheduler } from '../dom.js';
import { nodeReady, podStatus } from '../status.js';
import { barChart } from '../chart.js';
import { cordon, editLink, pathOf } from '../actions.js';

/** metrics.k8s.io has no watch (as metrics-server): usage is read again at the agents' sampling pace. */
const USAGE_REFRESH_MS = 5000;

/** The cluster at a glance: nodes with Ready state, capacity and usage, pod counts, pods per node. */
export function mount(root, context) {
  const summary = h('div', { class: 'cards' });
  const chart = h('div', { id: 'pods-per-node' });
  const nodesTable = h('div', { id: 'nodes' });
  root.append(h('h1', {}, 'Cluster overview'), summary, h('h2', {}, 'Nodes'), nodesTable, h('h2', {}, 'Pods per node'), chart);

  const render = frameScheduler(() => {
    const all = nodes.values.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const perNode = new Map(all.map(node => [node.metadata.name, 0]));
    const phases = new Map();
    let unscheduled = 0;
    for (const pod of pods.items.values()) {
      const node = pod.spec?.nodeName;
      if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1); else unscheduled++;
      const status = podStatus(pod);
      phases.set(status, (phases.get(status) ?? 0) + 1);
    }
    const ready = all.filter(node => nodeReady(node).startsWith('Ready')).length;
    summary.replaceChildren(
      card('Nodes ready', `${ready}/${all.length}`, 'nodes-ready'),
      card('Pods', String(pods.items.size), 'pod-count'),
      card('Running', String(phases.get('Running') ?? 0)),
      card('Pending / unscheduled', `${phases.get('Pending') ?? 0} / ${unscheduled}`));
    nodesTable.replaceChildren(table(['Name', 'Status', 'CPU', 'CPU used', 'Memory', 'Memory used', 'Pods', 'Version', 'Age', ''],
      all.map(node => h('tr', { 'data-node': node.metadata.name },
        h('td', {}, node.metadata.name),
        h('td', { class: `status ${nodeReady(node).startsWith('Ready') ? 'ok' : 'bad'}` }, nodeReady(node)),
        h('td', {}, node.status?.capacity?.cpu ?? ''),
        h('td', { class: 'cpu-used' }, used(usage.get(node.metadata.name)?.cpu, node.status?.capacity?.cpu, cores, c => `${c.toFixed(2)}`)),
        h('td', {}, memory(node.status?.capacity?.memory)),
        h('td', { class: 'memory-used' }, used(usage.get(node.metadata.name)?.memory, node.status?.capacity?.memory, bytes, b => `${(b / 2 ** 30).toFixed(1)} GiB`)),
        h('td', {}, `${perNode.get(node.metadata.name) ?? 0}/${node.status?.capacity?.pods ?? '?'}`),
        h('td', {}, node.status?.nodeInfo?.kubeletVersion ?? ''),
        h('td', {}, age(node.metadata.creationTimestamp)),
        h('td', { class: 'actions' },
          h('button', { type: 'button', onclick: () => cordon(node, context.showError) }, node.spec?.unschedulable ? 'Uncordon' : 'Cordon'),
          h('a', { href: editLink(pathOf('', 'v1', 'nodes', '', node.metadata.name)) }, 'YAML'))))));
    chart.replaceChildren(barChart([...perNode.entries()].sort((a, b) => b[1] - a[1]), { title: 'Pods per node' }));
  });

  const nodes = new LiveList('/api/v1/nodes', render, { onError: context.showError });
  const pods = new LiveList(context.path('', 'v1', 'pods'), render, { onError: context.showError });
  // Usage (kubectl top node's source); a cluster or token without it just shows empty cells.
  const usage = new Map();
  const controller = new AbortController();
  (async () => {
    while (!controller.signal.aborted) {
      try {
        const list = await get('/apis/metrics.k8s.io/v1beta1/nodes', { signal: controller.signal });
        usage.clear();
        for (const item of list.items ?? []) usage.set(item.metadata.name, item.usage ?? {});
        render();
      } catch {
        if (controller.signal.aborted) return;
      }
      await new Promise(resolve => setTimeout(resolve, USAGE_REFRESH_MS));
    }
  })();
  return () => { nodes.stop(); pods.stop(); controller.abort(); };
}

/** "0.35 (9%)": a usage quantity in the capacity's unit, with its share of the capacity. */
function used(quantity, capacity, parse, show) {
  if (!quantity) return '';
  const value = parse(quantity);
  const total = capacity ? parse(capacity) : 0;
  return total > 0 ? `${show(value)} (${Math.round(value * 100 / total)}%)` : show(value);
}

/** A CPU quantity ("350m", "123456789n", "2") in cores. */
function cores(quantity) {
  const match = /^([\d.]+)(n|u|m)?$/.exec(quantity);
  if (!match) return 0;
  return Number(match[1]) / ({ n: 1e9, u: 1e6, m: 1e3 }[match[2]] ?? 1);
}

/** A memory quantity ("33554432Ki", "1Gi", "1000") in bytes. */
function bytes(quantity) {
  const match = /^(\d+)(Ki|Mi|Gi|Ti|k|M|G)?$/.exec(quantity);
  if (!match) return 0;
  return Number(match[1]) * ({ Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9 }[match[2]] ?? 1);
}

function card(label, value, id) {
  return h('div', { class: 'card' }, h('div', { class: 'card-value', id }, value), h('div', { class: 'card-label' }, label));
}

/** A quantity such as 33554432Ki as GiB. */
function memory(quantity) {
  if (!quantity) return '';
  const match = /^(\d+)(Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (!match) return quantity;
  const factor = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 }[match[2]] ?? 1;
  return `${(Number(match[1]) * factor / 2 ** 30).toFixed(1)} GiB`;
}
