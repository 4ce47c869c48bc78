import { get } from '../api.js';
import { LiveList } from '../live.js';
import { h, table, age, frameScheduler } from '../dom.js';
import { barChart } from '../chart.js';

const REFRESH_MS = 5000;

/**
 * The Orleans side: silos from the membership table and grain activations by silo and by grain
 * type (Orleans' management grain, through /okube/orleans). Membership has no watch, so this one
 * view re-reads every few seconds while it is open; silos that are also nodes are marked workers.
 */
export function mount(root, context) {
  const silosBox = h('div', { id: 'silos' });
  const typesBox = h('div', { id: 'grain-types' });
  root.append(h('h1', {}, 'Orleans'), h('h2', {}, 'Silos'), silosBox, h('h2', {}, 'Activations by grain type'), typesBox);
  let data = null;
  const render = frameScheduler(() => {
    if (!data) return;
    silosBox.replaceChildren(table(['Silo', 'Address', 'Host', 'Status', 'Roles', 'Activations', 'Started', 'Last alive'],
      data.silos.map(silo => h('tr', { 'data-silo': silo.name },
        h('td', {}, silo.name), h('td', {}, silo.address), h('td', {}, silo.host),
        h('td', { class: `status ${silo.status === 'Active' ? 'ok' : silo.status === 'Dead' ? 'bad' : 'wait'}` }, silo.status),
        h('td', {}, nodes.items.has(`/${silo.name}`) ? 'worker (node)' : ''),
        h('td', { class: 'activations' }, silo.activations),
        h('td', {}, age(silo.startTime)), h('td', {}, age(silo.iAmAliveTime))))));
    typesBox.replaceChildren(barChart(data.grainTypes.map(t => [shortName(t.type), t.activations]), { title: 'Activations by grain type', max: 25 }));
  });
  const nodes = new LiveList('/api/v1/nodes', render, { onError: () => {} });
  const controller = new AbortController();
  (async () => {
    while (!controller.signal.aborted) {
      try {
        data = await get('/okube/orleans', { signal: controller.signal });
        render();
      } catch (error) {
        if (controller.signal.aborted) return;
        context.showError(error);
      }
      await new Promise(resolve => setTimeout(resolve, REFRESH_MS));
    }
  })();
  return () => { controller.abort(); nodes.stop(); };
}

/** "Orleans.Kube.Grains.PodGrain,Orleans.Kube.Grains" as "PodGrain". */
const shortName = type => type.split(',')[0].split('.').pop();
