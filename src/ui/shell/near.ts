/**
 * `use:near={load}`: runs `load` once, when the element comes near the viewport (a panel below
 * the fold on a phone), or a few seconds after the page came up, when it is idle, so the panel
 * is ready before the learner scrolls to it. A panel on screen is loaded at once; one below the
 * fold keeps the main thread free while the learner starts typing.
 */
const LATER_MS = 4000;

export function near(node: Element, load: () => unknown) {
  let done = false;
  let idle = 0;
  const run = () => {
    if (done) return;
    done = true;
    stop();
    load();
  };
  const observer =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && run(), {
          rootMargin: '300px',
        })
      : null;
  observer?.observe(node);
  const timer = setTimeout(() => {
    if (typeof requestIdleCallback === 'function')
      idle = requestIdleCallback(run, { timeout: 2000 });
    else run();
  }, LATER_MS);
  function stop() {
    observer?.disconnect();
    clearTimeout(timer);
    if (idle) cancelIdleCallback(idle);
  }
  return { destroy: stop };
}
