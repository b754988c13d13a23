/**
 * scrollFocus: a block that scrolls gets a Tab stop and a name (WCAG 2.1.1,
 * axe's scrollable-region-focusable); one that fits stays out of the Tab order;
 * a resize decides again; the observer is let go with the block.
 */
import { JSDOM } from 'jsdom';
import { afterEach, describe, expect, it } from 'vitest';
import { scrollFocus } from '../../../src/ui/shared/scroll-focus.ts';

/** A ResizeObserver the test drives: `resize()` calls back as the browser would. */
class FakeObserver {
  static last: FakeObserver | null = null;
  observed: Element[] = [];
  disconnected = false;
  constructor(readonly callback: () => void) {
    FakeObserver.last = this;
  }
  observe(el: Element) {
    this.observed.push(el);
  }
  disconnect() {
    this.disconnected = true;
  }
  resize() {
    this.callback();
  }
}

const saved = globalThis.ResizeObserver;
afterEach(() => {
  globalThis.ResizeObserver = saved;
});

function block(size: { scroll: number; client: number }) {
  const el = new JSDOM('<div></div>').window.document.querySelector('div')!;
  Object.defineProperty(el, 'scrollWidth', { get: () => size.scroll });
  Object.defineProperty(el, 'clientWidth', { get: () => size.client });
  Object.defineProperty(el, 'scrollHeight', { get: () => 20 });
  Object.defineProperty(el, 'clientHeight', { get: () => 20 });
  return el;
}

describe('scrollFocus', () => {
  it('a block wider than its box gets a Tab stop, a group role and its name; one that fits does not', () => {
    globalThis.ResizeObserver = FakeObserver as unknown as typeof ResizeObserver;
    const size = { scroll: 600, client: 300 };
    const el = block(size);
    const cleanup = scrollFocus('A long line (scrolls)')(el);
    expect(el.tabIndex).toBe(0);
    expect(el.getAttribute('role')).toBe('group');
    expect(el.getAttribute('aria-label')).toBe('A long line (scrolls)');
    expect(FakeObserver.last!.observed).toEqual([el]);

    // The window grew: the line fits, so the block leaves the Tab order.
    size.client = 800;
    FakeObserver.last!.resize();
    expect(el.hasAttribute('tabindex')).toBe(false);
    expect(el.hasAttribute('role')).toBe(false);
    expect(el.hasAttribute('aria-label')).toBe(false);

    (cleanup as () => void)();
    expect(FakeObserver.last!.disconnected).toBe(true);
  });

  it('a block that fits from the start is left alone', () => {
    globalThis.ResizeObserver = FakeObserver as unknown as typeof ResizeObserver;
    const el = block({ scroll: 200, client: 300 });
    scrollFocus('x')(el);
    expect(el.hasAttribute('tabindex')).toBe(false);
    expect(el.hasAttribute('role')).toBe(false);
  });
});
