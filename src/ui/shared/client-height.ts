import type { Attachment } from 'svelte/attachments';

/**
 * Reports an element's `clientHeight` each time its size changes, like `bind:clientHeight`
 * but without reading it when the element is created: that read forces a layout in the middle
 * of the task that mounts the component (the transcript's was a third of its first task at a
 * phone's processor). A resize observer's callback runs after the browser's own layout, where
 * the read costs nothing; it runs before the first frame is painted, so nothing shows the
 * initial guess.
 */
export function clientHeight(set: (height: number) => void): Attachment<HTMLElement> {
  return (el) => {
    if (typeof ResizeObserver !== 'function') {
      set(el.clientHeight);
      return;
    }
    const observer = new ResizeObserver(() => set(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  };
}
