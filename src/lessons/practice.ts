/**
 * The practice generator ("give me another one"): a task made from a seed, so
 * a class can share a seed and get the same exercise. The task is an ordinary
 * Lesson (settings, faults, goals, solution), run by the same LessonSession,
 * replay and goal checks as the lessons under lessons/.
 *
 * Determinism: the seed (a short text) is hashed to 32 bits and drives a
 * small PRNG (mulberry32) written out below; nothing else (no clock, no
 * Math.random) goes into a task. Changing the draws below changes the task of
 * every seed, so a teacher's shared seed would change too: add new choices at
 * the end of `generatePractice` rather than in the middle.
 */
import { citeTopic, rfcNumbers } from '../protocol/citations.ts';
import { DIALECTS, type Dialect, type DialectId } from '../protocol/dialects/index.ts';
import { localize, reply } from '../protocol/replies.ts';
import type { User, World } from '../protocol/world.ts';
import type { Fault, Goal, Lesson, Settings } from './types.ts';

/** The era slug of practice tasks: their ids are `practice/<seed>`. */
export const PRACTICE_ERA = 'practice';

/** A seed: letters, digits, `-` and `_`, up to 32 (it travels in links). */
export const SEED_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export type Scenario = 'deliver' | 'rcpt-452' | 'data-451' | 'data-421';

export interface PracticeTask extends Lesson {
  readonly seed: string;
  readonly scenario: Scenario;
}

/** 32-bit hash of a text (FNV-1a), the PRNG's starting state. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a 32-bit state, a float in [0, 1) per call. */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Draw {
  private readonly next: () => number;
  constructor(seed: string) {
    this.next = mulberry32(hashSeed(seed));
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** `n` distinct items, in drawn order. */
  some<T>(items: readonly T[], n: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length)
      out.push(pool.splice(this.int(0, pool.length - 1), 1)[0]!);
    return out;
  }
}

/** Reserved names only (RFC 2606): every domain is under .test. */
const DOMAINS = ['example.test', 'school.test', 'campus.test', 'office.test', 'lab.test'];
const FOREIGN = ['elsewhere.test', 'faraway.test', 'other.test'];
const NAMES = [
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'kim',
  'lena',
  'mike',
  'nora',
  'oscar',
  'peggy',
  'quinn',
  'rosa',
  'sam',
  'tina',
  'uma',
  'victor',
  'wendy',
  'yuri',
  'zoe',
];
const SUBJECTS = [
  'Lunch on Friday',
  'Lab report',
  'Meeting moved',
  'Book club',
  'Timetable',
  'Field trip',
  'Homework 3',
  'Chess club',
  'Spare keys',
  'Concert tickets',
];
const BODIES = [
  'See you there.',
  'The room is on the second floor.',
  'Please reply by Monday.',
  'Bring a pencil.',
  'Thanks for your help.',
  'The bus leaves at nine.',
];

interface Era {
  readonly dialect: DialectId;
  readonly rfc: number;
  readonly date: string;
  readonly hello: 'HELO' | 'EHLO';
}

const ERAS: readonly Era[] = [
  { dialect: 'rfc821', rfc: 821, date: 'August 1982', hello: 'HELO' },
  { dialect: 'rfc1869', rfc: 1869, date: 'November 1995', hello: 'EHLO' },
  { dialect: 'rfc5321', rfc: 5321, date: 'October 2008', hello: 'EHLO' },
];

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** A seed as the generator takes it, or null when it is not a valid seed. */
export function normalizeSeed(seed: string | number): string | null {
  const text = String(seed).trim();
  return SEED_PATTERN.test(text) ? text : null;
}

/** A fresh seed for "another one" (the only random part; the task itself is not). */
export function randomSeed(random: () => number = Math.random): string {
  return String(100000 + Math.floor(random() * 900000));
}

export const practiceId = (seed: string) => `${PRACTICE_ERA}/${seed}`;

/** The seed of a practice id (`practice/42` -> `42`), or null for other ids. */
export function seedOfId(id: string): string | null {
  const m = /^practice\/(.+)$/.exec(id);
  return m ? normalizeSeed(m[1]!) : null;
}

/**
 * The "trouble ahead" paragraph of a task with a fault, worded and cited in
 * the era of its server: what a 4yz reply means comes from the era's own list
 * (RFC 821 Appendix E up to RFC 1869's servers, RFC 5321 §4.2.1 today), and
 * the recipients buffer from the era's own limit (RFC 821 §4.5.3: 100
 * recipients must be buffered). Only today's SMTP calls a refusal below 100
 * a violation (RFC 5321 §4.5.3.1.8) and gives the code and the retry
 * (§4.5.3.1.10); an older server answers as its RFC lists it (552).
 */
export function troubleText(scenario: Scenario, dialect: Dialect): string {
  const transient = citeTopic(dialect, 'transient');
  const today = dialect.id === 'rfc5321';
  const limit = localize(reply('tooManyRecipients'), dialect.replies).code;
  switch (scenario) {
    case 'deliver':
      return '';
    case 'rcpt-452':
      return today
        ? 'Trouble ahead: the task scripts a `452` ("too many recipients") to one of your `RCPT` ' +
            `commands, a temporary (4yz) reply (${transient}). A real server may not do this so ` +
            'early: it must take at least 100 recipients, and refusing a message for too many ' +
            'recipients before 100 is a violation (RFC 5321 §4.5.3.1.8); the exercise scripts it so ' +
            'that a few addresses are enough. That recipient still has a mailbox: once the first ' +
            'message is sent, start a new transaction for them (`MAIL FROM`, `RCPT TO`, `DATA`), as ' +
            'RFC 5321 §4.5.3.1.10 describes.'
        : `Trouble ahead: the task scripts a \`${limit}\` ("too many recipients", as RFC 821 §4.5.3 ` +
            'lists it) to one of your `RCPT` commands. A real server would not do this so early: ' +
            'RFC 821 §4.5.3 sets 100 recipients as the number a receiver must be able to buffer; the ' +
            'exercise scripts it so that a few addresses are enough. That recipient still has a ' +
            'mailbox: once the first message is sent, start a new transaction for them ' +
            '(`MAIL FROM`, `RCPT TO`, `DATA`).';
    case 'data-451':
      return (
        'Trouble ahead: the task scripts a `451` to your first `DATA`, a temporary (4yz) reply ' +
        `(${transient}). The recipients the server accepted are still there: try \`DATA\` again.`
      );
    case 'data-421':
      return (
        'Trouble ahead: the task scripts a shutdown: the server answers `DATA` with `421` and ' +
        'closes. Get as far as `DATA`, read its reply, then answer the question in the goals ' +
        '(or type a line `? retry: a` or `? retry: b`).'
      );
  }
}

function message(sender: string, subject: string, body: string): string[] {
  return [`From: <${sender}>`, `Subject: ${subject}`, '', body, '.'];
}

/** The task for a seed: the same seed gives a deep-equal task, every time. */
export function generatePractice(seedIn: string | number): PracticeTask {
  const seed = normalizeSeed(seedIn);
  if (seed === null)
    throw new Error(
      `"${String(seedIn)}" is not a practice seed (letters, digits, - and _, up to 32)`,
    );
  const d = new Draw(seed);

  const scenario = d.pick<Scenario>(['deliver', 'deliver', 'rcpt-452', 'data-451', 'data-421']);
  // The 452 for a refused RCPT is RFC 5321's code; older eras listed 552 for it (RFC 5321 §4.5.3.1.10).
  const era = scenario === 'rcpt-452' ? ERAS[2]! : d.pick(ERAS);
  const relay = era.dialect === 'rfc5321' && d.chance(0.4);

  const domain = d.pick(DOMAINS);
  const hostname = `mail.${domain}`;
  const names = d.some(NAMES, 6);
  const extraUsers = names.slice(0, d.int(1, 3));
  const strangers = names.slice(3);
  const users: User[] = [
    { local: 'alice', name: 'Alice Example' },
    { local: 'bob', name: 'Bob Example' },
    { local: 'postmaster', name: 'Postmaster' },
    ...extraUsers.map((n) => ({ local: n, name: `${cap(n)} Example` })),
  ];
  const senderName = d.pick(['alice', 'bob', ...strangers]);
  const sender = `${senderName}@client.test`;
  const locals = users.map((u) => u.local).filter((n) => n !== senderName);

  const wanted = scenario === 'rcpt-452' ? d.int(2, 3) : d.int(1, 3);
  const existing = d.some(locals, wanted).map((n) => `${n}@${domain}`);
  const unknownCount = scenario === 'deliver' ? d.int(0, 2) : d.int(0, 1);
  const unknown = d
    .some(
      strangers.filter((n) => n !== senderName),
      unknownCount,
    )
    .map((n) => `${n}@${domain}`);
  const foreign = d.chance(scenario === 'deliver' ? 0.4 : 0.2)
    ? [`${d.pick(names)}@${d.pick(FOREIGN)}`]
    : [];
  const refused = [...unknown, ...foreign];
  // The order the recipients are listed (and typed, in the solution).
  const recipients = d.some([...existing, ...refused], existing.length + refused.length);

  const subject = d.pick(SUBJECTS);
  const body = d.pick(BODIES);
  const quit = scenario !== 'data-421' && d.chance(0.5);

  const dialect = DIALECTS[era.dialect];
  const transient = citeTopic(dialect, 'transient');
  const world: Partial<World> = { hostname, localDomains: [domain], users };
  const settings: Settings = {
    dialect: era.dialect,
    ...(relay ? { profile: 'relay' as const } : {}),
    world,
  };

  // The fault and the solution.
  const faults: Fault[] = [];
  const solution: string[] = [`${era.hello} client.test`, `MAIL FROM:<${sender}>`];
  let retried: string | null = null;
  if (scenario === 'rcpt-452') {
    // One accepted recipient comes first, so the first transaction delivers; the fault hits a later RCPT.
    const order = [existing[0]!, ...recipients.filter((r) => r !== existing[0])];
    const hit = d.int(2, order.filter((r) => existing.includes(r)).length);
    const hitAddress = order.filter((r) => existing.includes(r))[hit - 1]!;
    const occurrence = order.indexOf(hitAddress) + 1;
    faults.push({ verb: 'RCPT', occurrence, reply: 'tooManyRecipients' });
    retried = hitAddress;
    for (const r of order) solution.push(`RCPT TO:<${r}>`);
    recipients.splice(0, recipients.length, ...order);
  } else for (const r of recipients) solution.push(`RCPT TO:<${r}>`);

  const text = message(sender, subject, body);
  if (scenario === 'data-451') {
    faults.push({ verb: 'DATA', occurrence: 1, reply: 'localError' });
    solution.push('DATA', 'DATA', ...text);
  } else if (scenario === 'data-421') {
    faults.push({ verb: 'DATA', occurrence: 1, reply: 'closingShutdown', close: true });
    solution.push('DATA', '? retry: b');
  } else {
    solution.push('DATA', ...text);
    if (retried) solution.push(`MAIL FROM:<${sender}>`, `RCPT TO:<${retried}>`, 'DATA', ...text);
  }
  if (quit) solution.push('QUIT');

  // The goals.
  const goals: Goal[] = [
    { kind: 'reply', code: 250, verb: era.hello, label: `Greet the server with ${era.hello}` },
  ];
  for (const r of refused)
    goals.push({
      kind: 'command',
      verb: 'RCPT',
      contains: `<${r}>`,
      label: `Try ${r} too`,
    });
  if (refused.length)
    goals.push({
      kind: 'reply',
      code: 550,
      verb: 'RCPT',
      label: 'See the server refuse a recipient it cannot take (550)',
    });
  if (scenario === 'data-421') {
    goals.push(
      { kind: 'reply', code: 421, verb: 'DATA', label: 'Get as far as DATA' },
      {
        kind: 'quiz',
        id: 'retry',
        question: 'The server answered 421 and closed the connection. What should a client do?',
        choices: ['Give up and bounce the message', 'Keep the message and try again later'],
        answer: 'b',
        explain: `A 4yz reply is a transient failure: the same command may succeed later (${transient}).`,
      },
    );
  } else {
    if (scenario === 'data-451')
      goals.push({
        kind: 'reply',
        code: 451,
        verb: 'DATA',
        label: 'Meet the scripted 451 to DATA',
      });
    if (retried) {
      const code = localize(reply('tooManyRecipients'), dialect.replies).code;
      goals.push({
        kind: 'reply',
        code,
        verb: 'RCPT',
        label: `Meet the scripted ${code} to RCPT`,
      });
    }
    for (const r of existing)
      goals.push({
        kind: 'delivered',
        from: sender,
        to: r,
        contains: subject,
        label: `${cap(r.split('@')[0]!)} gets “${subject}”`,
      });
  }
  if (quit) goals.push({ kind: 'state', state: 'closed', label: 'Close the session with QUIT' });

  // The statement.
  const list = recipients.map((r) => `- \`${r}\``).join('\n');
  const intro =
    `The server \`${hostname}\` receives mail for \`${domain}\`. It speaks SMTP as ` +
    `RFC ${era.rfc} (${era.date}) describes it, so greet it with \`${era.hello} client.test\`` +
    (relay ? '; it is set up as a relay (port 25), taking mail for its own domain only.' : '.');
  const several = recipients.length > 1;
  const task =
    `Send ${scenario === 'data-421' ? 'a message' : 'the message below'} from \`${sender}\` ` +
    (several
      ? 'to these addresses. Some of them may have no mailbox here: try each one; the server ' +
        'tells you which it takes.'
      : 'to this address:');
  const trouble = troubleText(scenario, dialect);
  const statement = [
    intro,
    '',
    task,
    '',
    list,
    '',
    ...(scenario === 'data-421'
      ? []
      : [
          'The message (end it with a line holding only a period):',
          '',
          '```',
          ...text.slice(0, -1),
          '```',
          '',
        ]),
    ...(trouble ? [trouble, ''] : []),
    ...(quit ? ['When you are done, close the session with `QUIT`.', ''] : []),
    `This task comes from the seed **${seed}**: anyone who opens the same seed gets the same task.`,
  ].join('\n');

  const hints = [
    `Start with ${era.hello} client.test, then MAIL FROM:<${sender}>.`,
    'One RCPT TO per address; a 550 means that address is refused, the others still count.',
    scenario === 'data-421'
      ? 'The first digit of a reply says how bad it is: 4 means try again later, 5 means give up.'
      : 'After DATA and its 354, type the message and end it with a line holding only a period.',
  ];

  // The RFCs the task cites (its statement and the quiz's explanation), and its era's.
  const cited = [statement, ...goals.map((g) => String(g.explain ?? ''))].join('\n');
  const rfcs = [...new Set([era.rfc, ...rfcNumbers(cited)])].sort((a, b) => a - b);
  return {
    id: practiceId(seed),
    slug: seed,
    dir: `${PRACTICE_ERA}/${seed}`,
    era: PRACTICE_ERA,
    title: `Practice ${seed}`,
    body: statement,
    settings,
    rfcs,
    facts: [{ rfc: era.rfc, date: era.date }],
    goals,
    hints,
    faults,
    solution,
    start: [],
    prev: null,
    next: null,
    front: {},
    seed,
    scenario,
  };
}
