import { LiveList } from '../live.js';
import { h, table, age, frameScheduler } from '../dom.js';
import { nodeReady, podStatus } from '../status.js';
import { barChart } from '../chart.js';
import { cordon, editLink, pathOf } from '../actions.js';

/** The cluster at a glance: nodes with Ready state and capacity, pod counts, pods per node. */
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
    nodesTable.replaceChildren(table(['Name', 'Status', 'CPU', 'Memory', 'Pods', 'Version', 'Age', ''],
      all.map(node => h('tr', { 'data-node': node.metadata.name },
        h('td', {}, node.metadata.name),
        h('td', { class: `status ${nodeReady(node).startsWith('Ready') ? 'ok' : 'bad'}` }, nodeReady(node)),
        h('td', {}, node.status?.capacity?.cpu ?? ''),
        h('td', {}, memory(node.status?.capacity?.memory)),
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
  return () => { nodes.stop(); pods.stop(); };
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
