// Printed columns as kubectl shows them.

/** kubectl's STATUS of a pod: the waiting/terminated reason of a container wins over the phase. */
export function podStatus(pod) {
  let reason = pod.status?.reason || pod.status?.phase || 'Pending';
  for (const container of pod.status?.containerStatuses ?? []) {
    const state = container.state ?? {};
    if (state.waiting?.reason) reason = state.waiting.reason;
    else if (state.terminated?.reason) reason = state.terminated.reason;
    else if (state.terminated) reason = state.terminated.signal ? `Signal:${state.terminated.signal}` : `ExitCode:${state.terminated.exitCode}`;
  }
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  return reason;
}

export function podReady(pod) {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  return `${statuses.filter(c => c.ready).length}/${total}`;
}

export const podRestarts = pod => (pod.status?.containerStatuses ?? []).reduce((sum, c) => sum + (c.restartCount ?? 0), 0);

export function nodeReady(node) {
  const ready = (node.status?.conditions ?? []).find(c => c.type === 'Ready');
  const status = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
  return node.spec?.unschedulable ? `${status},SchedulingDisabled` : status;
}

/**
 * A label selector typed by the user (a=b, a==b, a!=b, a, !a, comma separated) as a predicate on
 * labels; null when the text does not parse.
 */
export function labelMatcher(text) {
  const tests = [];
  for (const term of text.split(',').map(t => t.trim()).filter(Boolean)) {
    const test = termTest(term);
    if (!test) return null;
    tests.push(test);
  }
  return labels => tests.every(test => test(labels ?? {}));
}

function termTest(term) {
  const key = '([\\w./-]+)', value = '([\\w.-]*)';
  let m;
  if ((m = new RegExp(`^${key}\\s*!=\\s*${value}$`).exec(term))) return labels => labels[m[1]] !== m[2];
  if ((m = new RegExp(`^${key}\\s*==?\\s*${value}$`).exec(term))) return labels => labels[m[1]] === m[2];
  if ((m = new RegExp(`^!${key}$`).exec(term))) return labels => !(m[1] in labels);
  if ((m = new RegExp(`^${key}$`).exec(term))) return labels => m[1] in labels;
  return null;
}
