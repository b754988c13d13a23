/**
 * Registers the service worker (src/offline/sw.ts) of the built app, so that
 * after one visit it works offline. Not in the dev server: there the files
 * change under it.
 */
export function registerOffline(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    // Relative to the page (routes are in the hash, so the page is always the
    // app's index): the worker's scope is then the folder the app is served from.
    navigator.serviceWorker.register('sw.js').catch((error: unknown) => {
      // Offline use is a bonus: the app works online without it.
      console.warn('offline use unavailable:', error);
    });
  };
  // After the page's own loading (the app calls this once its first parts are in), so the
  // precache does not compete with it.
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
