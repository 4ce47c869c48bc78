import { listInChunks, openStream, readLines, withQuery, ApiError } from './api.js';
import { keyOf } from './dom.js';

/**
 * A collection kept current by a watch: a chunked list, then a streamed `?watch=1` from the list's
 * resourceVersion. A watch that ends (server timeout, network drop) resumes from the last
 * resourceVersion it saw (bookmarks included), backing off while the server is away; a 410 Gone
 * (the version was compacted) lists again. There is no polling loop anywhere.
 */
export class LiveList {
  constructor(path, onChange, { onError = () => {}, onStatus = () => {} } = {}) {
    this.path = path;
    this.onChange = onChange;
    this.onError = onError;
    this.onStatus = onStatus;
    this.items = new Map();
    this.loaded = false;
    this.controller = new AbortController();
    this.run();
  }

  stop() { this.controller.abort(); }

  get values() { return [...this.items.values()]; }

  async run() {
    const signal = this.controller.signal;
    let backoff = 100;
    let failures = 0;
    let resourceVersion = null;
    while (!signal.aborted) {
      try {
        if (resourceVersion === null) {
          const fresh = new Map();
          this.onStatus('listing');
          resourceVersion = await listInChunks(this.path, items => {
            for (const item of items) fresh.set(keyOf(item), item);
            // Show the first chunks of a big list while the rest arrive.
            if (!this.loaded) { this.items = new Map(fresh); this.onChange(); }
          }, { signal });
          this.items = fresh;
          this.loaded = true;
          this.onChange();
        }
        this.onStatus('watching');
        resourceVersion = await this.watch(resourceVersion, signal);
        backoff = 100;
        failures = 0;
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ApiError && error.status === 410) { resourceVersion = null; continue; }
        // The API's refusals (403 and the like) are for the user; a dropped connection is retried
        // quietly and only reported when it keeps failing.
        failures++;
        console.warn(`${this.path}: ${error.message}`);
        if (error instanceof ApiError || failures >= 3) this.onError(error);
        if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404)) return;
        this.onStatus('reconnecting');
        await delay(backoff, signal);
        backoff = Math.min(backoff * 2, 10000);
      }
    }
  }

  /** Streams events until the server ends the watch; returns the resourceVersion to resume from. */
  async watch(resourceVersion, signal) {
    const response = await openStream(withQuery(this.path, { watch: 1, resourceVersion, allowWatchBookmarks: true }), signal);
    let gone = null;
    await readLines(response, line => {
      if (!line.trim()) return;
      const event = JSON.parse(line);
      const object = event.object;
      if (event.type === 'ERROR') {
        gone = new ApiError(object?.code ?? 500, object);
        return;
      }
      resourceVersion = object.metadata.resourceVersion ?? resourceVersion;
      if (event.type === 'BOOKMARK') return;
      if (event.type === 'DELETED') this.items.delete(keyOf(object));
      else this.items.set(keyOf(object), object);
      this.onChange();
    });
    if (gone) throw gone;
    return resourceVersion;
  }
}

function delay(ms, signal) {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
