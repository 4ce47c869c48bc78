import { LiveList } from '../live.js';
import { h, table, age, frameScheduler, byNamespaceAndName } from '../dom.js';
import { scale, restart, editLink, pathOf } from '../actions.js';

// Each kind: its API group/resource, and how many of how many are ready (the progress bar).
const KINDS = [
  { title: 'Deployments', group: 'apps', resource: 'deployments', progress: d => [d.status?.readyReplicas ?? 0, d.spec?.replicas ?? 1],
    extra: d => `${d.status?.updatedReplicas ?? 0} up-to-date, ${d.status?.availableReplicas ?? 0} available`, scalable: true, restartable: true },
  { title: 'StatefulSets', group: 'apps', resource: 'statefulsets', progress: s => [s.status?.readyReplicas ?? 0, s.spec?.replicas ?? 1],
    extra: s => `${s.status?.currentReplicas ?? 0} current`, restartable: true },
  { title: 'DaemonSets', group: 'apps', resource: 'daemonsets', progress: d => [d.status?.numberReady ?? 0, d.status?.desiredNumberScheduled ?? 0],
    extra: d => `${d.status?.updatedNumberScheduled ?? 0} up-to-date`, restartable: true },
  { title: 'ReplicaSets', group: 'apps', resource: 'replicasets', progress: r => [r.status?.readyReplicas ?? 0, r.spec?.replicas ?? 1],
    extra: r => (r.metadata.ownerReferences ?? []).map(o => `${o.kind}/${o.name}`).join(', ') },
  { title: 'Jobs', group: 'batch', resource: 'jobs', progress: j => [j.status?.succeeded ?? 0, j.spec?.completions ?? 1],
    extra: j => `${j.status?.active ?? 0} active, ${j.status?.failed ?? 0} failed` },
  { title: 'CronJobs', group: 'batch', resource: 'cronjobs', progress: () => null,
    extra: c => `${c.spec?.schedule ?? ''}${c.spec?.suspend ? ' (suspended)' : ''}, ${c.status?.active?.length ?? 0} active, last ${age(c.status?.lastScheduleTime) || 'never'}` },
];

/** Workloads by kind with ready counts and rollout progress bars, and their actions. */
export function mount(root, context) {
  root.append(h('h1', {}, 'Workloads'));
  const lists = KINDS.map(kind => {
    const section = h('section', { id: `workloads-${kind.resource}` });
    root.append(h('h2', {}, kind.title), section);
    const render = frameScheduler(() => {
      const items = list.values.sort(byNamespaceAndName);
      section.replaceChildren(items.length === 0 ? h('p', { class: 'hint' }, `No ${kind.title}.`)
        : table(['Name', 'Namespace', 'Ready', '', 'Details', 'Age', ''], items.slice(0, 500).map(item => row(kind, item, context))));
    });
    const list = new LiveList(context.path(kind.group, 'v1', kind.resource), render, { onError: context.showError });
    return list;
  });
  return () => lists.forEach(list => list.stop());
}

function row(kind, item, context) {
  const { namespace, name } = item.metadata;
  const progress = kind.progress(item);
  const path = pathOf(kind.group, 'v1', kind.resource, namespace, name);
  return h('tr', { 'data-workload': `${namespace}/${name}` },
    h('td', {}, name),
    h('td', {}, namespace),
    h('td', { class: 'ready' }, progress ? `${progress[0]}/${progress[1]}` : ''),
    h('td', {}, progress ? h('progress', { max: Math.max(progress[1], 1), value: Math.min(progress[0], progress[1]) }) : null),
    h('td', {}, kind.extra(item)),
    h('td', {}, age(item.metadata.creationTimestamp)),
    h('td', { class: 'actions' },
      kind.scalable ? h('button', { type: 'button', class: 'scale', onclick: () => scale(item, context.showError) }, 'Scale') : null,
      kind.restartable ? h('button', { type: 'button', class: 'restart', onclick: () => restart(item, kind.resource, context.showError) }, 'Restart') : null,
      h('a', { href: editLink(path) }, 'YAML')));
}
