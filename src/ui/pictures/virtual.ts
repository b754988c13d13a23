/** Which rows of a fixed-row-height list are on screen (plus some overscan). */
export interface ListWindow {
  readonly start: number;
  /** One past the last row to render. */
  readonly end: number;
  /** Offset of the first rendered row from the top of the list. */
  readonly offset: number;
  readonly total: number;
}

export function listWindow(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 10,
): ListWindow {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offset: start * rowHeight, total: count * rowHeight };
}

/** True when the list is scrolled to (within a row of) its end. */
export function atBottom(scrollTop: number, viewport: number, scrollHeight: number, slack = 24) {
  return scrollTop + viewport >= scrollHeight - slack;
}
