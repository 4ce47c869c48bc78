import { LiveList } from '../live.js';
import { h, table, age, frameScheduler } from '../dom.js';

const SHOWN = 200;
export const EVENT_HEADERS = ['Last seen', 'Type', 'Reason', 'Object', 'Message', 'Count'];

const lastSeen = event => event.lastTimestamp || event.eventTime || event.metadata.creationTimestamp || '';

export function eventRows(events, withNamespace = false) {
  return events.sort((a, b) => lastSeen(b).localeCompare(lastSeen(a))).slice(0, SHOWN).map(event => h('tr', { class: event.type === 'Warning' ? 'warning' : '' },
    withNamespace ? h('td', {}, event.metadata.namespace ?? '') : null,
    h('td', {}, age(lastSeen(event))),
    h('td', {}, event.type ?? ''),
    h('td', {}, event.reason ?? ''),
    h('td', {}, `${event.involvedObject?.kind ?? ''}/${event.involvedObject?.name ?? ''}`),
    h('td', { class: 'message' }, event.message ?? ''),
    h('td', {}, event.count ?? 1)));
}

/** The event stream of the namespace, newest first (the latest SHOWN of them). */
export function mount(root, context) {
  const body = h('div', { id: 'events' });
  root.append(h('h1', {}, 'Events'), h('p', { class: 'hint' }, `The ${SHOWN} most recent, live.`), body);
  const render = frameScheduler(() => body.replaceChildren(table(['Namespace', ...EVENT_HEADERS],
    eventRows(events.values, true))));
  const events = new LiveList(context.path('', 'v1', 'events'), render, { onError: context.showError });
  return () => events.stop();
}
