import { LiveList } from '../live.js';
import { openStream, readLines, withQuery, ApiError } from '../api.js';
import { h, table, age, frameScheduler } from '../dom.js';
import { podStatus, podReady, podRestarts } from '../status.js';
import { deletePod, editLink, pathOf } from '../actions.js';
import { eventRows, EVENT_HEADERS } from './events.js';

const MAX_LOG_LINES = 5000;

/** One pod: its fields, containers, events (live) and logs (followed through pods/log, as kubectl logs -f). */
export function mount(root, context, [namespace, name]) {
  const podPath = pathOf('', 'v1', 'pods', namespace, name);
  const details = h('div', { id: 'pod-details' });
  const eventsBox = h('div', { id: 'pod-events' });
  const containerSelect = h('select', { id: 'log-container' });
  const follow = h('input', { type: 'checkbox', id: 'log-follow', checked: true });
  const logBox = h('pre', { id: 'pod-logs', class: 'logs' });
  root.append(
    h('h1', {}, `Pod ${namespace}/${name}`),
    h('div', { class: 'toolbar' },
      h('a', { href: editLink(podPath) }, 'View/edit YAML'),
      h('button', { type: 'button', id: 'delete-pod', onclick: () => current && deletePod(current, context.showError) }, 'Delete pod')),
    details,
    h('h2', {}, 'Events'), eventsBox,
    h('h2', {}, 'Logs ', containerSelect, h('label', {}, follow, ' follow')),
    logBox);

  let current = null;
  let logs = null;
  const render = frameScheduler(() => {
    current = pod.items.get(`${namespace}/${name}`) ?? null;
    if (!current) {
      details.replaceChildren(h('p', {}, pod.loaded ? 'This pod does not exist (any more).' : 'Loading…'));
      return;
    }
    details.replaceChildren(fields(current), containers(current));
    const names = (current.spec?.containers ?? []).map(c => c.name);
    if (containerSelect.options.length !== names.length) {
      containerSelect.replaceChildren(...names.map(c => h('option', { value: c }, c)));
      startLogs();
    }
  });
  const renderEvents = frameScheduler(() => {
    const list = events.values.filter(e => e.involvedObject?.name === name);
    eventsBox.replaceChildren(list.length ? table(EVENT_HEADERS, eventRows(list)) : h('p', {}, 'No events.'));
  });

  // One pod and its events, each watched through a field selector.
  const pod = new LiveList(withQuery(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, { fieldSelector: `metadata.name=${name}` }),
    render, { onError: context.showError });
  const events = new LiveList(withQuery(`/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, { fieldSelector: `involvedObject.name=${name}` }),
    renderEvents, { onError: context.showError });

  function startLogs() {
    logs?.abort();
    logs = new AbortController();
    logBox.replaceChildren();
    streamLogs(`${podPath}/log`, containerSelect.value, follow.checked, logBox, logs.signal);
  }
  containerSelect.addEventListener('change', startLogs);
  follow.addEventListener('change', startLogs);
  return () => { pod.stop(); events.stop(); logs?.abort(); };
}

/**
 * Streams the log into the box line by line, keeping the last MAX_LOG_LINES and the view scrolled to
 * the end. A followed stream that breaks (the browser drops connections when the network changes)
 * resumes: lines come with timestamps, so the resumed stream (sinceSeconds back to the last line)
 * skips what was already shown.
 */
async function streamLogs(path, container, follow, box, signal) {
  let last = '';
  for (let attempt = 0; !signal.aborted; attempt++) {
    const since = last ? Math.max(1, Math.ceil((Date.now() - Date.parse(last)) / 1000) + 1) : undefined;
    try {
      const response = await openStream(withQuery(path,
        { container, follow: follow ? 'true' : undefined, timestamps: 'true', tailLines: last ? undefined : 1000, sinceSeconds: since }), signal);
      await readLines(response, line => {
        const space = line.indexOf(' ');
        const stamp = space > 0 ? comparable(line.slice(0, space)) : '';
        if (last && stamp && stamp <= last) return;
        if (stamp) last = stamp;
        const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
        box.append(h('span', { class: 'log-line', title: stamp }, stamp ? line.slice(space + 1) : line, '\n'));
        while (box.childNodes.length > MAX_LOG_LINES) box.firstChild.remove();
        if (atEnd) box.scrollTop = box.scrollHeight;
      });
      if (!follow) return;
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ApiError || attempt >= 20) {
        box.append(h('span', { class: 'log-error' }, `log stream ended: ${error.message}\n`));
        return;
      }
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/** An RFC3339Nano timestamp with its fraction padded to 9 digits, so that text order is time order. */
function comparable(stamp) {
  const match = /^(.*?)(?:\.(\d+))?Z$/.exec(stamp);
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z` : '';
}

function fields(pod) {
  const rows = [
    ['Status', podStatus(pod)], ['Ready', podReady(pod)], ['Restarts', podRestarts(pod)],
    ['Node', pod.spec?.nodeName ?? ''], ['IP', pod.status?.podIP ?? ''], ['Age', age(pod.metadata.creationTimestamp)],
    ['Labels', Object.entries(pod.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')],
    ['Controlled by', (pod.metadata.ownerReferences ?? []).map(o => `${o.kind}/${o.name}`).join(', ')],
  ];
  return h('dl', { class: 'fields' }, rows.map(([key, value]) => [h('dt', {}, key), h('dd', { 'data-field': key }, String(value))]));
}

function containers(pod) {
  const statuses = new Map((pod.status?.containerStatuses ?? []).map(s => [s.name, s]));
  return table(['Container', 'Image', 'State', 'Ready', 'Restarts'], (pod.spec?.containers ?? []).map(container => {
    const status = statuses.get(container.name);
    const state = status?.state ? Object.keys(status.state)[0] : 'waiting';
    return h('tr', {}, h('td', {}, container.name), h('td', {}, container.image), h('td', {}, state),
      h('td', {}, status?.ready ? 'yes' : 'no'), h('td', {}, status?.restartCount ?? 0));
  }));
}
