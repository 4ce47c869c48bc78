import { session, request, ApiError } from './api.js';
import { LiveList } from './live.js';
import { h } from './dom.js';
import * as overview from './views/overview.js';
import * as pods from './views/pods.js';
import * as pod from './views/pod.js';
import * as workloads from './views/workloads.js';
import * as services from './views/services.js';
import * as events from './views/events.js';
import * as edit from './views/edit.js';
import * as namespacesView from './views/namespaces.js';
import * as orleans from './views/orleans.js';

// #/name/arg1/arg2...: the view and its arguments.
const views = { overview, namespaces: namespacesView, pods, pod, workloads, services, events, edit, orleans };
const NAMESPACE_KEY = 'okube.dashboard.namespace';

const $ = id => document.getElementById(id);
let unmount = () => {};
let namespaces = null;

export const context = {
  get namespace() { return localStorage.getItem(NAMESPACE_KEY) ?? ''; },
  set namespace(value) { localStorage.setItem(NAMESPACE_KEY, value); },
  /** A collection path in the selected namespace (or across all of them), e.g. path('', 'v1', 'pods'). */
  path(group, version, resource) {
    const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
    return this.namespace ? `${base}/namespaces/${encodeURIComponent(this.namespace)}/${resource}` : `${base}/${resource}`;
  },
  /** Scopes the views to one namespace ('' for all), as the header's selector does. */
  selectNamespace(name) {
    this.namespace = name;
    $('namespace').value = name;
  },
  showError(error) {
    const banner = $('banner');
    banner.textContent = error ? (error instanceof ApiError ? `${error.status}: ${error.message}` : String(error.message ?? error)) : '';
    banner.hidden = !error;
  },
};

function route() {
  unmount();
  context.showError(null);
  const [name, ...args] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const view = views[name] ?? overview;
  for (const link of document.querySelectorAll('nav a'))
    link.classList.toggle('active', link.getAttribute('href') === `#/${name || 'overview'}`);
  const root = $('view');
  root.replaceChildren();
  unmount = view.mount(root, context, args) ?? (() => {});
}

function renderNamespaces() {
  const select = $('namespace');
  const names = [...namespaces.items.values()].map(n => n.metadata.name).sort();
  const current = context.namespace;
  select.replaceChildren(h('option', { value: '' }, 'All namespaces'),
    ...names.map(name => h('option', { value: name, selected: name === current }, name)));
  if (current && !names.includes(current) && namespaces.loaded)
    select.append(h('option', { value: current, selected: true }, current));
}

async function showApp() {
  $('signin').hidden = true;
  $('app').hidden = false;
  try {
    const review = await request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    $('whoami').textContent = review.status?.userInfo?.username ?? '';
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
  }
  namespaces?.stop();
  // A user who may not list namespaces still types one into the selector's list through the hash.
  namespaces = new LiveList('/api/v1/namespaces', renderNamespaces);
  route();
}

function showSignIn(message) {
  unmount();
  unmount = () => {};
  namespaces?.stop();
  $('app').hidden = true;
  $('signin').hidden = false;
  $('signin-error').hidden = !message;
  $('signin-error').textContent = message ?? '';
}

async function signIn(event) {
  event.preventDefault();
  session.token = $('token').value.trim();
  try {
    await request('GET', '/api');
    $('token').value = '';
    await showApp();
  } catch (error) {
    session.token = null;
    showSignIn(error instanceof ApiError && error.status === 401 ? 'That token is not valid here (401 Unauthorized).' : String(error.message));
  }
}

$('signin-form').addEventListener('submit', signIn);
$('signout').addEventListener('click', () => { session.token = null; showSignIn(); });
$('namespace').addEventListener('change', event => { context.namespace = event.target.value; route(); });
window.addEventListener('hashchange', route);
window.addEventListener('okube-unauthorized', () => { session.token = null; showSignIn('Your token was refused (401): sign in again.'); });

if (session.token) showApp(); else showSignIn();
