import type { Attachment } from 'svelte/attachments';

/**
 * A block that scrolls (a long code line on a phone) gets a Tab stop and a name
 * for it, so that a keyboard alone can scroll it (WCAG 2.1.1; axe's
 * scrollable-region-focusable). A block that fits stays out of the Tab order.
 * The role is `group`, not `region`: code blocks are many and are no landmarks.
 */
export function scrollFocus(label: string): Attachment<HTMLElement> {
  return (el) => {
    const update = () => {
      if (el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight) {
        el.tabIndex = 0;
        el.setAttribute('role', 'group');
        el.setAttribute('aria-label', label);
      } else {
        el.removeAttribute('tabindex');
        el.removeAttribute('role');
        el.removeAttribute('aria-label');
      }
    };
    update();
    // The width changes with the window and the layout, not with the code.
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  };
}
