/**
 * Runs `fn` in a task of its own right after the current one (a message to itself: no timer
 * clamping). What is not needed for the reply to show (the pictures, say) goes there, out of
 * the task that handles the key, usually still before the next frame is painted.
 * Returns a function that cancels it.
 */
export function nextTask(fn: () => void): () => void {
  const id = nextId++;
  waiting.set(id, fn);
  (channel ??= openChannel()).port2.postMessage(id);
  return () => void waiting.delete(id);
}

/**
 * One channel for every task: a new MessageChannel per call (and closing it after) cost about
 * as much as the rest of the work a key's handler hands on.
 */
let channel: MessageChannel | null = null;
const waiting = new Map<number, () => void>();
let nextId = 0;
function openChannel(): MessageChannel {
  const c = new MessageChannel();
  c.port1.onmessage = (e: MessageEvent<number>) => {
    const fn = waiting.get(e.data);
    waiting.delete(e.data);
    fn?.();
  };
  // In Node (the tests), an open port keeps the process alive: this one must not.
  (c.port1 as { unref?: () => void }).unref?.();
  return c;
}

/**
 * Resolves in a task of its own: work split by awaiting it runs as several short tasks, so a
 * key pressed meanwhile is handled between them (a long task is what blocks the page).
 */
export function yieldTask(): Promise<void> {
  return new Promise((resolve) => nextTask(resolve));
}

/**
 * Resolves after the next frame is painted (a frame, then a task), or after `limitMs` in a page
 * that paints no frame (a tab in the background): work started there stays out of the first
 * paint's task.
 */
export function afterPaint(limitMs = 200): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(go, limitMs);
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => nextTask(go));
  });
}
