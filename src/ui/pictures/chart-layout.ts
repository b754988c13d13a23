/**
 * Where the state chart's states, arrows and labels go (the model comes from
 * chart.ts): rows top to bottom as a session goes, labels where they cover no
 * state, no arrow and no other label. Coordinates only, so Node tests check
 * that the picture stays readable.
 */
import { walk, within, type ChartModel, type ChartState, type ChartTransition } from './chart.ts';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface LaidOutState extends ChartState {
  readonly box: Box;
}

export interface LaidOutTransition extends ChartTransition {
  /** SVG path data. */
  readonly path: string;
  /** Where the label's text goes: one line per label, from the box's top left. */
  readonly label: Box;
  readonly labelX: number;
  /** The baseline of the label's first line. */
  readonly labelY: number;
  readonly anchor: 'start';
}

export interface ChartLayout {
  readonly states: readonly LaidOutState[];
  readonly transitions: readonly LaidOutTransition[];
  /** SVG viewBox covering boxes, arrows and labels. */
  readonly viewBox: string;
  readonly width: number;
  readonly height: number;
}

const NODE_W = 124;
const NODE_H = 30;
const ROW = 84;
const COLUMN = 200;
const TOP = 34;
const PAD = 10;
const HEADER = 17;
/** Rough width of a label character at the chart's font size (11px monospace), and a line's height. */
const CHAR_W = 6.8;
export const LABEL_LINE = 13;
const ASCENT = 10;

/** Do two boxes overlap (with `gap` around them)? */
export function overlaps(a: Box, b: Box, gap = 0): boolean {
  return (
    a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap
  );
}

/** The box of a label's lines with its top left at (x, y). */
const labelBox = (labels: readonly string[], x: number, y: number): Box => ({
  x,
  y,
  w: Math.max(0, ...labels.map((l) => l.length)) * CHAR_W,
  h: labels.length * LABEL_LINE,
});

type Pt = [number, number];
const STEPS = Array.from({ length: 61 }, (_, i) => i / 60);

/** An arrow's path and its points (to keep labels off it). */
interface Stroke {
  readonly path: string;
  readonly at: (f: number) => Pt;
  /** Where its label goes first: beside it, or above and below a level arrow. */
  readonly side: 'left' | 'right' | 'above';
}

const straight = ([x0, y0]: Pt, [x1, y1]: Pt): Stroke => ({
  path: `M ${x0} ${y0} L ${x1} ${y1}`,
  at: (f) => [x0 + (x1 - x0) * f, y0 + (y1 - y0) * f],
  side: Math.abs(y1 - y0) < 1 ? 'above' : 'right',
});

/** A cubic curve from (x0, y0) to (x3, y3), both control points at x, level with each end. */
const arc = (side: 'left' | 'right', x0: number, y0: number, x: number, x3: number, y3: number) => {
  const p: Pt[] = [
    [x0, y0],
    [x, y0],
    [x, y3],
    [x3, y3],
  ];
  const at = (f: number): Pt => {
    const k = [(1 - f) ** 3, 3 * (1 - f) ** 2 * f, 3 * (1 - f) * f * f, f ** 3];
    return [0, 1].map((i) => k.reduce((sum, c, j) => sum + c * p[j]![i]!, 0)) as Pt;
  };
  return { path: `M ${x0} ${y0} C ${x} ${y0}, ${x} ${y3}, ${x3} ${y3}`, at, side } as Stroke;
};

/**
 * Rows by distance from the initial state (following arrows; an arrow into a
 * compound state leads to its initial child), a state reached from inside a
 * compound below it, final states last: the session reads top to bottom.
 * Columns: under the state that reached it when free, a compound's states
 * first, the others beside them. Arrows are straight when no state is in the
 * way, else they arc; each label goes where it covers no state, no arrow and
 * no other label.
 */
export function layoutChart(model: ChartModel): ChartLayout {
  const leaves = model.states.filter((s) => s.kind !== 'compound');
  const compounds = model.states.filter((s) => s.kind === 'compound');
  const { rank, parent, order } = walk(model);
  const others = leaves.filter((s) => s.kind !== 'final');
  let last = Math.max(0, ...others.map((s) => rank.get(s.id) ?? 0));
  // Unreachable states get a row of their own after the others.
  for (const s of others) if (!rank.has(s.id)) rank.set(s.id, ++last);
  const rows = (c: ChartState) =>
    others.filter((s) => within(s.id, c.id) && s.id !== c.id).map((s) => rank.get(s.id)!);
  // A compound's box holds its own states only: what is reached from inside goes below it.
  for (let changed = true, round = 0; changed && round < 50; round++) {
    changed = false;
    for (const s of others) {
      const p = parent.get(s.id);
      if (!p) continue;
      const outOf = compounds.filter((c) => within(p, c.id) && !within(s.id, c.id));
      const least = Math.max(rank.get(p)! + 1, ...outOf.map((c) => Math.max(...rows(c)) + 1));
      if (rank.get(s.id)! < least) [changed] = [true, rank.set(s.id, least)];
    }
  }
  last = Math.max(0, ...others.map((s) => rank.get(s.id)!));
  for (const s of leaves) if (s.kind === 'final') rank.set(s.id, last + 1);

  const tops = compounds.filter((c) => c.parent === null && rows(c).length);
  const column = new Map<string, number>();
  const seq = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  for (let r = 0; r <= last + 1; r++) {
    const row = leaves.filter((s) => rank.get(s.id) === r).map((s) => s.id);
    row.sort((a, b) => seq(a) - seq(b));
    const taken = new Set<number>();
    const place = (ids: string[], from: number) => {
      for (const id of ids) {
        let col = column.get(parent.get(id) ?? '') ?? from;
        if (col < from || taken.has(col)) for (col = from; taken.has(col);) col++;
        taken.add(col);
        column.set(id, col);
      }
    };
    // A compound's states take its first columns (as many as its widest row), the others after.
    let from = 0;
    for (const c of tops) {
      const rs = rows(c);
      if (r < Math.min(...rs) || r > Math.max(...rs)) continue;
      place(
        row.filter((id) => within(id, c.id)),
        from,
      );
      from += Math.max(...rs.map((x) => rs.filter((y) => y === x).length));
    }
    place(
      row.filter((id) => !column.has(id)),
      from,
    );
  }

  // A compound's name and border take room above its first row and below its last.
  const yOf = (r: number) =>
    TOP +
    r * ROW +
    tops.reduce((sum, c) => {
      const rs = rows(c);
      return sum + (r >= Math.min(...rs) ? HEADER + PAD : 0) + (r > Math.max(...rs) ? PAD : 0);
    }, 0);
  const boxes = new Map<string, Box>();
  for (const s of leaves) {
    const [x, y] = [column.get(s.id)! * COLUMN, yOf(rank.get(s.id)!)];
    boxes.set(s.id, { x, y, w: NODE_W, h: NODE_H });
  }
  // Compound states enclose their children, deepest first.
  const depth = (s: ChartState) => s.id.split('.').length;
  for (const c of [...compounds].sort((a, b) => depth(b) - depth(a))) {
    const inner = [...boxes].filter(([id]) => within(id, c.id) && id !== c.id).map(([, b]) => b);
    if (inner.length === 0) continue;
    const x0 = Math.min(...inner.map((b) => b.x)) - PAD;
    const y0 = Math.min(...inner.map((b) => b.y)) - PAD - HEADER;
    const x1 = Math.max(...inner.map((b) => b.x + b.w)) + PAD;
    const y1 = Math.max(...inner.map((b) => b.y + b.h)) + PAD;
    boxes.set(c.id, { x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
  }

  /** Is a state other than the ends (or their parts) on the way, or on the right of both? */
  const inWay = (ends: string[], hit: (b: Box) => boolean) =>
    leaves.some(
      (s) => !ends.some((e) => within(s.id, e) || within(e, s.id)) && hit(boxes.get(s.id)!),
    );
  const blocked = (ends: string[], p: Pt, q: Pt) =>
    inWay(ends, (b) =>
      STEPS.some((f) => {
        const [x, y] = straight(p, q).at(f);
        return x > b.x - 4 && x < b.x + b.w + 4 && y > b.y - 4 && y < b.y + b.h + 4;
      }),
    );
  let left = 0;
  let right = 0;
  const edges = model.transitions.flatMap((t) => {
    const [a, b] = [boxes.get(t.from), boxes.get(t.to)];
    if (!a || !b) return [];
    const ends = [t.from, t.to];
    // Two arrows between the same states run side by side.
    const pair = model.transitions.some((u) => u.from === t.to && u.to === t.from);
    const o = !pair ? 0 : b.y > a.y || (b.y === a.y && b.x > a.x) ? -8 : 8;
    const [ax, bx] = [a.x + a.w / 2 + o, b.x + b.w / 2 + o];
    const [ay, by] = [a.y + a.h / 2, b.y + b.h / 2];
    const [lo, hi] = [Math.min(a.y, b.y), Math.max(a.y + a.h, b.y + b.h)];
    const edge = Math.max(a.x + a.w, b.x + b.w);
    // The right side is taken by states beside them, or by a loop of either end.
    const loops = model.transitions.some((u) => u.from === u.to && ends.includes(u.from));
    const onRight = loops || inWay(ends, (c) => c.x >= edge && c.y < hi && c.y + c.h > lo);
    let e: Stroke;
    if (t.from === t.to) {
      const [x, y] = [a.x + a.w, a.y];
      const p = `M ${x} ${y + 7} C ${x + 36} ${y - 8}, ${x + 36} ${y + a.h + 8}, ${x} ${y + a.h - 7}`;
      e = { ...arc('right', x, y + 7, x + 36, x, y + a.h - 7), path: p };
    } else if (b.y >= a.y + a.h && !blocked(ends, [ax, a.y + a.h], [bx, b.y]))
      e = straight([ax, a.y + a.h], [bx, b.y]);
    else if (a.y >= b.y + b.h && !blocked(ends, [ax, a.y], [bx, b.y + b.h]))
      e = straight([ax, a.y], [bx, b.y + b.h]);
    else if (Math.abs(ay - by) < 1 && !blocked(ends, [a.x, ay], [b.x, by]))
      // Side by side in a row: straight across.
      e =
        b.x > a.x
          ? straight([a.x + a.w, ay + o / 2], [b.x, ay + o / 2])
          : straight([a.x, ay + o / 2], [b.x + b.w, ay + o / 2]);
    // Down past other states, or up where the right side is taken: an arc on the left.
    else if (b.y > a.y || onRight)
      e = arc('left', a.x, ay, Math.min(a.x, b.x) - 34 - 18 * left++, b.x, by);
    else e = arc('right', a.x + a.w, ay, edge + 34 + 20 * right++, b.x + b.w, by);
    const [p, q] = [e.at(0), e.at(1)];
    // Short straight arrows have the least room for a label: theirs are placed first.
    const room =
      t.from === t.to ? 1e4 : e.path.includes(' C ') ? 2e4 : Math.hypot(q[0] - p[0], q[1] - p[1]);
    return [{ t, ...e, room }];
  });

  // What a label must not cover: the states, the compounds' names, the arrows and borders.
  const obstacles: Box[] = leaves.map((s) => boxes.get(s.id)!);
  const lines = edges.flatMap((e) => STEPS.map((f) => e.at(f)));
  for (const c of compounds) {
    const b = boxes.get(c.id);
    if (!b) continue;
    obstacles.push(labelBox([c.label], b.x + 6, b.y + 2));
    const corners: Pt[] = [
      [b.x, b.y],
      [b.x + b.w, b.y],
      [b.x + b.w, b.y + b.h],
      [b.x, b.y + b.h],
    ];
    for (const [i, p] of corners.entries())
      lines.push(...STEPS.map((f) => straight(p, corners[(i + 1) % 4]!).at(f)));
  }
  const bounds = [...boxes.values(), ...lines.map(([x, y]) => ({ x, y, w: 0, h: 0 }))];
  const placed: Box[] = [];
  const place = ({ t, path, at, side }: (typeof edges)[number]): LaidOutTransition => {
    const { w, h } = labelBox(t.labels, 0, 0);
    const free = ([x, y]: Pt) => {
      const box = { x, y, w, h };
      return (
        ![...placed, ...obstacles].some((p) => overlaps(p, box, 2)) &&
        !lines.some(([px, py]) => px > x - 2 && px < x + w + 2 && py > y - 2 && py < y + h + 2)
      );
    };
    // Positions to try, best first (top left corners), nudged up and down when all are taken.
    const spots: Pt[] = [0.5, 0.35, 0.65, 0.2, 0.8].flatMap((f) => {
      const [x, y] = at(f);
      if (side === 'above')
        return [
          [x - w / 2, y - h - 3],
          [x - w / 2, y + 3],
        ] as Pt[];
      // Level with the point, then at its corners (clear of a slanting arrow on one side).
      const [r, l, ...corners]: Pt[] = [
        [x + 6, y - h / 2],
        [x - 6 - w, y - h / 2],
        [x + 6, y - h - 2],
        [x - 6 - w, y - h - 2],
        [x + 6, y + 2],
        [x - 6 - w, y + 2],
      ];
      return [...(side === 'left' ? [l, r] : [r, l]), ...corners];
    });
    const nudged = (candidates: Pt[]) => {
      for (let k = 0; k < 24; k++) {
        const dy = (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 7;
        const found = candidates.map(([x, y]): Pt => [x, y + dy]).find(free);
        if (found) return found;
      }
      return undefined;
    };
    // Else beside the picture, level with the arrow; at worst below everything.
    const xs = bounds.flatMap((p) => [p.x, p.x + p.w]);
    const beside: Pt = [
      side === 'left' ? Math.min(...xs) - 6 - w : Math.max(...xs) + 6,
      at(0.5)[1] - h / 2,
    ];
    const spot = nudged(spots) ??
      nudged([beside]) ?? [
        spots[0]![0],
        Math.max(...[...placed, ...bounds].map((p) => p.y + p.h)) + 4,
      ];
    const label = labelBox(t.labels, spot[0], spot[1]);
    placed.push(label);
    return { ...t, path, label, labelX: label.x, labelY: label.y + ASCENT, anchor: 'start' };
  };
  const laidOut = new Map<(typeof edges)[number], LaidOutTransition>();
  for (const edge of [...edges].sort((a, b) => a.room - b.room)) laidOut.set(edge, place(edge));
  const laid = edges.map((e) => laidOut.get(e)!);
  const all = [...bounds, ...placed];
  const x0 = Math.floor(Math.min(...all.map((b) => b.x)) - 8);
  const width = Math.ceil(Math.max(...all.map((b) => b.x + b.w)) + 8 - x0);
  const height = Math.ceil(Math.max(...all.map((b) => b.y + b.h)) + 12);
  return {
    states: model.states.flatMap((s) => {
      const box = boxes.get(s.id);
      return box ? [{ ...s, box }] : [];
    }),
    transitions: laid,
    viewBox: `${x0} 0 ${width} ${height}`,
    width,
    height,
  };
}
