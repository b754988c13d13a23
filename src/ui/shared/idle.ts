/**
 * Runs loading steps one per idle period (or every 50 ms where the browser
 * has no requestIdleCallback), so that each is a short task of its own
 * instead of one long task right after the first screen. A step that fails
 * is logged and the next one still runs. Returns a function that stops it.
 */
export function oneStepWhenIdle(steps: (() => Promise<unknown>)[]): () => void {
  const left = [...steps];
  let cancelled = false;
  let pending = 0;
  const whenIdle = (fn: () => void) => {
    pending =
      typeof requestIdleCallback === 'function'
        ? requestIdleCallback(fn, { timeout: 1000 })
        : window.setTimeout(fn, 50);
  };
  const next = () => {
    const step = left.shift();
    if (cancelled || !step) return;
    void step()
      .catch((error: unknown) => console.error('a part of the page could not be loaded', error))
      .finally(() => whenIdle(next));
  };
  whenIdle(next);
  return () => {
    cancelled = true;
    if (typeof cancelIdleCallback === 'function') cancelIdleCallback(pending);
    else clearTimeout(pending);
  };
}
