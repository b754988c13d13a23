/**
 * The service worker: after one visit the app, with every lesson, works
 * offline. Built by the `offline` plugin in vite.config.ts, which strips the
 * types and puts the build's file list and version in front of this code, so
 * it must import nothing. It is served beside index.html, so its scope is
 * the folder (or path prefix) the app is served from.
 */
export {};

/** The built files, relative to this script (index.html, hashed chunks, Monaco's worker, fonts). */
declare const OFFLINE_FILES: readonly string[];
/** Changes whenever any built file does: each version has a cache of its own. */
declare const OFFLINE_VERSION: string;

// The few ServiceWorkerGlobalScope types used here (the project compiles with
// the DOM library; adding the webworker one would clash with it).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const scope = self as unknown as WorkerScope;
const PREFIX = 'smtp-simulator-';
const CACHE = `${PREFIX}${OFFLINE_VERSION}`;
const INDEX = new URL('index.html', scope.location.href).href;
const FILES = new Set(OFFLINE_FILES.map((file) => new URL(file, scope.location.href).href));

scope.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...FILES]))
      // A new version takes over at once: its index.html names only its own chunks.
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      // Only this app's older versions: other apps may share the origin.
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    // The page from the network when it answers (a new version shows at
    // once), else the cached one: routes are in the hash, and `?pack=` is
    // read by the page, so every navigation in scope is index.html.
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(INDEX, { cacheName: CACHE }).then((hit) => hit ?? Response.error()),
      ),
    );
    return;
  }
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  // Built files are hashed, so a cached one is never stale. Anything else (a
  // teacher's pack) goes to the network untouched.
  if (!FILES.has(url.href)) return;
  event.respondWith(
    caches.match(url.href, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)),
  );
});
