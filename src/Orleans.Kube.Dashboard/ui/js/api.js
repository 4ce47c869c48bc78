// Every call to the Kubernetes API goes through here, with the signed-in user's bearer token.
const TOKEN_KEY = 'okube.dashboard.token';

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** A failed call, carrying kube's Status (its message is what the user sees). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export function headers(extra = {}) {
  return { Authorization: `Bearer ${session.token}`, Accept: 'application/json', ...extra };
}

/**
 * fetch, tried again (up to five times over about four seconds) when the connection itself failed: browsers
 * drop every connection when the host's network changes (ERR_NETWORK_CHANGED, e.g. Docker adding a
 * container's interface), and a request that never got an answer is worth one more go. Every write
 * the dashboard makes is safe to repeat: a scale or restart patch sets the same values, a PUT carries
 * its resourceVersion (a repeat after success is a 409) and a repeated delete is a 404.
 */
export async function fetchRetrying(path, init) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(path, init);
    } catch (error) {
      if (init.signal?.aborted || attempt >= 5) throw error;
      await new Promise(resolve => setTimeout(resolve, 250 * 2 ** (attempt - 1)));
    }
  }
}

export async function request(method, path, { body, contentType = 'application/json', signal } = {}) {
  const response = await fetchRetrying(path, {
    method,
    headers: headers(body === undefined ? {} : { 'Content-Type': contentType }),
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal,
    cache: 'no-store',
  });
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { message: text }; }
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new Event('okube-unauthorized'));
    throw new ApiError(response.status, parsed);
  }
  return parsed;
}

export const get = (path, options) => request('GET', path, options);
export const remove = (path, options) => request('DELETE', path, options);
export const put = (path, body, options) => request('PUT', path, { ...options, body });
export const mergePatch = (path, body, options) =>
  request('PATCH', path, { ...options, body, contentType: 'application/merge-patch+json' });
export const strategicPatch = (path, body, options) =>
  request('PATCH', path, { ...options, body, contentType: 'application/strategic-merge-patch+json' });

/** Adds query parameters to a path that may already have some. */
export function withQuery(path, parameters) {
  const query = new URLSearchParams(Object.entries(parameters).filter(([, value]) => value !== undefined && value !== ''));
  const text = query.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/**
 * A list in chunks (limit/continue), so a big collection arrives in bounded responses; calls
 * onChunk with each page's items and returns the snapshot's resourceVersion.
 */
export async function listInChunks(path, onChunk, { limit = 500, signal } = {}) {
  let token;
  let resourceVersion;
  do {
    const page = await get(withQuery(path, { limit, continue: token }), { signal });
    resourceVersion ??= page.metadata.resourceVersion;
    onChunk(page.items ?? []);
    token = page.metadata.continue;
  } while (token);
  return resourceVersion;
}

/**
 * Reads a streamed response line by line (watch events, followed logs) until it ends or the
 * signal aborts; calls onLine for each complete line.
 */
export async function readLines(response, onLine) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      onLine(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
    }
  }
  buffer += decoder.decode();
  if (buffer) onLine(buffer);
}

/** Opens a streaming GET (a watch or followed log); throws ApiError when it is refused. */
export async function openStream(path, signal) {
  const response = await fetchRetrying(path, { headers: headers(), signal, cache: 'no-store' });
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch { /* not a Status */ }
    if (response.status === 401) window.dispatchEvent(new Event('okube-unauthorized'));
    throw new ApiError(response.status, body);
  }
  return response;
}
