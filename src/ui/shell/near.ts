/**
 * `use:near={{ load, after }}`: runs `load` once, when the element comes into the viewport (a
 * panel below the fold on a phone, scrolled to), or, at the latest, a few seconds after `after`
 * settled (the session set up) and the page is idle, so that the panel is usually ready before
 * the learner scrolls to it. A panel on screen is loaded at once; one below the fold keeps the
 * main thread free while the learner starts typing. On a 412 x 823 phone the pictures start
 * about 280 px below the fold: a margin of 300 px, as here before, loaded their chart (a long
 * task at a phone's processor) with the first screen.
 */
const LATER_MS = 4000;

export type Near = { load: () => unknown; after?: Promise<unknown> };

export function near(node: Element, { load, after }: Near) {
  let done = false;
  let idle = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    if (done) return;
    done = true;
    stop();
    load();
  };
  const observer =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && run())
      : null;
  observer?.observe(node);
  const later = () => {
    if (done) return;
    timer = setTimeout(() => {
      if (typeof requestIdleCallback === 'function')
        idle = requestIdleCallback(run, { timeout: 2000 });
      else run();
    }, LATER_MS);
  };
  void (after ?? Promise.resolve()).then(later, later);
  function stop() {
    observer?.disconnect();
    clearTimeout(timer);
    if (idle) cancelIdleCallback(idle);
  }
  return {
    destroy() {
      done = true;
      stop();
    },
  };
}
