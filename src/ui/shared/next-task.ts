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
