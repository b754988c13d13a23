/**
 * The state chart stays readable in every era and every state of a session:
 * no two edge labels overlap, no label covers a state, and the chart has
 * every state a session of that era can reach (found by running sessions,
 * not by the chart's own reading of the machine).
 */
import { describe, expect, it } from 'vitest';
import { serverMachine } from '../../../src/machines/server.ts';
import { createSession, type Session } from '../../../src/machines/session.ts';
import { DIALECTS, type DialectId } from '../../../src/protocol/dialects/index.ts';
import { deriveChart } from '../../../src/ui/pictures/chart.ts';
import { layoutChart, overlaps, type ChartLayout } from '../../../src/ui/pictures/chart-layout.ts';
import { DEFAULT_SETTINGS, sessionOptions } from '../../../src/ui/sandbox/settings.ts';

const DIALECT_IDS = Object.keys(DIALECTS) as DialectId[];

/** What the explorer types: commands of every era and extension, and a message. */
const LINES = [
  'HELO client.test',
  'EHLO client.test',
  'MAIL FROM:<alice@example.test>',
  'MAIL FROM:<alice@example.test> TO:<bob@example.test>',
  'MRSQ R',
  'MRCP TO:<bob@example.test>',
  'MRCP TO:<nobody@example.test>',
  'CONT',
  'ABRT',
  'RCPT TO:<bob@example.test>',
  'DATA',
  'BDAT 2\r\nhi',
  'BDAT 2 LAST\r\nhi',
  'RSET',
  'STARTTLS',
  'AUTH PLAIN',
  Buffer.from('\0alice\0wonderland').toString('base64'),
  'Hi\r\n.',
  'QUIT',
];

type Options = Parameters<typeof createSession>[0];

function run(options: Options, inputs: readonly string[]): Session {
  const s = createSession(options);
  s.feed('');
  for (const line of inputs) s.feed(`${line}\r\n`);
  return s;
}

/** Every state sessions reach with these options (breadth first, one path kept per state). */
function reachable(options: Options): Set<string> {
  const seen = new Set<string>();
  const paths = new Map<string, string[]>([[run(options, []).state, []]]);
  const queue = [...paths.keys()];
  const visit = (s: Session, path: string[]) => {
    for (const e of s.transcript)
      if (e.kind === 'state') for (const id of [e.from, e.to]) seen.add(id);
    seen.add(s.state);
    if (!paths.has(s.state)) {
      paths.set(s.state, path);
      queue.push(s.state);
    }
  };
  visit(run(options, []), []);
  while (queue.length) {
    const path = paths.get(queue.shift()!)!;
    for (const line of LINES) visit(run(options, [...path, line]), [...path, line]);
  }
  return seen;
}

function chartAt(s: Session): ChartLayout {
  return layoutChart(
    deriveChart(serverMachine, { dialect: s.dialect, context: s.actor.getSnapshot().context }),
  );
}

function expectReadable(layout: ChartLayout, name: string) {
  const labels = layout.transitions.map((t) => ({ id: `${t.from}->${t.to}`, box: t.label }));
  for (const [i, a] of labels.entries())
    for (const b of labels.slice(i + 1))
      expect(overlaps(a.box, b.box), `${name}: labels ${a.id} and ${b.id} overlap`).toBe(false);
  for (const l of labels)
    for (const s of layout.states.filter((s) => s.kind !== 'compound'))
      expect(overlaps(l.box, s.box), `${name}: label ${l.id} covers ${s.id}`).toBe(false);
  const leaves = layout.states.filter((s) => s.kind !== 'compound');
  for (const [i, a] of leaves.entries())
    for (const b of leaves.slice(i + 1))
      expect(overlaps(a.box, b.box), `${name}: ${a.id} / ${b.id}`).toBe(false);
  // A state outside a compound is not drawn inside its box.
  for (const c of layout.states.filter((s) => s.kind === 'compound'))
    for (const s of leaves.filter((s) => !s.id.startsWith(`${c.id}.`)))
      expect(overlaps(c.box, s.box), `${name}: ${s.id} inside ${c.id}`).toBe(false);
  // Every label is inside the picture.
  const [x0, y0, w, h] = layout.viewBox.split(' ').map(Number) as [number, number, number, number];
  for (const l of labels) {
    expect(l.box.x, `${name}: ${l.id} left`).toBeGreaterThanOrEqual(x0);
    expect(l.box.x + l.box.w, `${name}: ${l.id} right`).toBeLessThanOrEqual(x0 + w);
    expect(l.box.y, `${name}: ${l.id} top`).toBeGreaterThanOrEqual(y0);
    expect(l.box.y + l.box.h, `${name}: ${l.id} bottom`).toBeLessThanOrEqual(y0 + h);
  }
}

function expectAllStates(layout: ChartLayout, options: Options, name: string) {
  const drawn = new Set(layout.states.filter((s) => s.kind !== 'compound').map((s) => s.id));
  const states = reachable(options);
  expect(states.size, `${name}: the explorer found the states`).toBeGreaterThan(2);
  for (const id of states) expect(drawn.has(id), `${name}: ${id} is missing`).toBe(true);
  expect(drawn.size).toBeGreaterThanOrEqual(states.size);
}

const submission = sessionOptions({
  ...DEFAULT_SETTINGS,
  profile: 'submission',
  extensions: ['PIPELINING', 'ENHANCEDSTATUSCODES', 'STARTTLS', 'AUTH', 'CHUNKING'],
});

describe('state chart layout: readable in every era and state', () => {
  it.each(DIALECT_IDS)('%s: every reachable state, no overlapping labels', (dialect) => {
    const options = { dialect };
    const layout = chartAt(run(options, []));
    expectReadable(layout, dialect);
    expectAllStates(layout, options, dialect);
  });

  it('the submission port (RFC 6409 on 587): before and after STARTTLS, and after AUTH', () => {
    const steps: [string, string[]][] = [
      ['start', []],
      ['after STARTTLS', ['EHLO client.test', 'STARTTLS']],
      [
        'after AUTH',
        [
          'EHLO client.test',
          'STARTTLS',
          'EHLO client.test',
          `AUTH PLAIN ${Buffer.from('\0alice\0wonderland').toString('base64')}`,
        ],
      ],
      [
        'in a transaction',
        ['EHLO client.test', 'STARTTLS', 'EHLO client.test', 'MAIL FROM:<x@client.test>'],
      ],
    ];
    for (const [name, inputs] of steps) {
      const s = run(submission, inputs);
      const layout = chartAt(s);
      expectReadable(layout, name);
      expectAllStates(layout, submission, name);
      // The handshake is drawn: STARTTLS leads to tls, and the session starts over at greeting
      // without a new 220 (RFC 3207 §4.2).
      const arrow = (from: string, to: string) =>
        layout.transitions.find((t) => t.from === from && t.to === to)?.labels;
      expect(arrow('ready', 'tls'), name).toEqual(['STARTTLS']);
      expect(arrow('tls', 'greeting'), name).toEqual(['TLS handshake']);
      expect(arrow('ready', 'auth'), name).toEqual(['AUTH [challenged]']);
      expect(arrow('auth', 'ready'), name).toEqual(['SASL response']);
    }
    // The session really is where the chart says it went.
    expect(run(submission, steps[1]![1]).state).toBe('greeting');
    const authed = run(submission, steps[2]![1]);
    expect(authed.state).toBe('ready');
    expect(authed.transcript.some((e) => e.kind === 'server' && e.reply.code === 235)).toBe(true);
  });

  it('RFC 780: the pending state and its arrows, labels apart', () => {
    const layout = chartAt(run({ dialect: 'rfc780' }, []));
    expect(layout.states.map((s) => s.id)).toContain('pending');
    const labels = layout.transitions.map((t) => t.labels.join(' | '));
    expect(labels).toContain('MAIL, MRCP [held for confirmation]');
    expect(labels).toContain('CONT, ABRT');
  });
});
