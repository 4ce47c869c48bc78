import { get, put, ApiError } from '../api.js';
import { h } from '../dom.js';
import { confirmAction } from '../confirm.js';
import { dump, load } from '../../vendor/js-yaml.mjs';

/**
 * View and edit one object as YAML (js-yaml, vendored). Saving parses the text in the page and
 * PUTs it as JSON with the resourceVersion it was read at, so a concurrent change is a 409 and the
 * server's validation errors (422) come back as kube's Status message, shown as is.
 */
export function mount(root, context, [path]) {
  const editor = h('textarea', { id: 'yaml', class: 'yaml', spellcheck: false, rows: 30 });
  const message = h('pre', { id: 'edit-message', class: 'error', hidden: true });
  const saved = h('p', { id: 'edit-saved', class: 'ok', hidden: true });
  const save = h('button', { type: 'button', id: 'save-yaml', onclick: onSave }, 'Save');
  const reload = h('button', { type: 'button', onclick: read }, 'Reload');
  root.append(h('h1', {}, 'YAML ', h('code', {}, path)), h('div', { class: 'toolbar' }, save, reload), message, saved, editor);

  const controller = new AbortController();
  read();
  return () => controller.abort();

  async function read() {
    show(null);
    try {
      const object = await get(path, { signal: controller.signal });
      delete object.metadata?.managedFields;
      editor.value = dump(object, { noRefs: true, lineWidth: 120 });
    } catch (error) {
      if (!controller.signal.aborted) show(error);
    }
  }

  async function onSave() {
    show(null);
    let object;
    try {
      object = load(editor.value);
    } catch (error) {
      show(new Error(`The YAML does not parse: ${error.message}`));
      return;
    }
    if (!await confirmAction(`Replace ${path} with the edited object?`)) return;
    try {
      const updated = await put(path, object, { signal: controller.signal });
      saved.textContent = `Saved: resourceVersion ${updated.metadata?.resourceVersion}`;
      saved.hidden = false;
      delete updated.metadata?.managedFields;
      editor.value = dump(updated, { noRefs: true, lineWidth: 120 });
    } catch (error) {
      show(error);
    }
  }

  function show(error) {
    saved.hidden = true;
    message.hidden = !error;
    if (!error) return;
    // kube's Status: "Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be ..."
    const causes = error instanceof ApiError ? (error.body?.details?.causes ?? []) : [];
    message.textContent = [
      error instanceof ApiError ? `${error.status} ${error.body?.reason ?? ''}: ${error.message}` : error.message,
      // Causes the message does not already spell out (kube's message usually lists them all).
      ...causes.filter(cause => !error.message.includes(cause.message ?? '')).map(cause => `  ${cause.field ?? ''}: ${cause.message ?? ''}`),
    ].join('\n');
  }
}
