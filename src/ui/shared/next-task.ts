/**
 * Runs `fn` in a task of its own right after the current one (a message to itself: no timer
 * clamping). What is not needed for the reply to show (the pictures, say) goes there, out of
 * the task that handles the key, usually still before the next frame is painted.
 * Returns a function that cancels it.
 */
export function nextTask(fn: () => void): () => void {
  let cancelled = false;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    if (!cancelled) fn();
  };
  channel.port2.postMessage(null);
  return () => {
    cancelled = true;
    channel.port1.close();
  };
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
