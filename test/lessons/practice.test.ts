/** The practice generator: deterministic by seed, varied across seeds, and its own solution meets its goals (only just). */
import { describe, expect, it } from 'vitest';
import { isReservedDomain } from '../../src/lessons/check.ts';
import { validateGoal } from '../../src/lessons/goals.ts';
import {
  generatePractice,
  hashSeed,
  mulberry32,
  normalizeSeed,
  seedOfId,
  troubleText,
  type Scenario,
} from '../../src/lessons/practice.ts';
import { rfcNumbers, withinEra } from '../../src/protocol/citations.ts';
import { DIALECTS } from '../../src/protocol/dialects/index.ts';
import { knownRfc } from '../../src/lessons/rfcs.ts';
import { decisiveLine, replay } from '../../src/lessons/run.ts';

const SEEDS = [
  ...Array.from({ length: 150 }, (_, i) => i + 1),
  ...Array.from({ length: 50 }, (_, i) => `class-${i}`),
];

describe('the PRNG', () => {
  it('is mulberry32 over an FNV-1a hash (fixed values, so shared seeds stay the same task)', () => {
    expect(hashSeed('')).toBe(0x811c9dc5);
    expect(hashSeed('a')).toBe(0xe40c292c);
    const r = mulberry32(1);
    expect([r(), r(), r()].map((x) => Math.floor(x * 1e6))).toEqual([627073, 2735, 527447]);
  });

  it('takes short seeds of letters, digits, - and _', () => {
    expect(normalizeSeed(42)).toBe('42');
    expect(normalizeSeed(' abc-1 ')).toBe('abc-1');
    expect(normalizeSeed('')).toBeNull();
    expect(normalizeSeed('<script>')).toBeNull();
    expect(normalizeSeed('x'.repeat(33))).toBeNull();
    expect(seedOfId('practice/42')).toBe('42');
    expect(seedOfId('smtp-1982/x')).toBeNull();
    expect(() => generatePractice('no spaces')).toThrow(/not a practice seed/);
  });
});

describe.each(SEEDS.map((s) => [s]))('practice seed %s', (seed) => {
  const task = generatePractice(seed);

  it('is the same task every time', () => {
    expect(generatePractice(String(seed))).toEqual(task);
    expect(task.id).toBe(`practice/${seed}`);
  });

  it('is a well-formed lesson with reserved names only', () => {
    expect(task.goals.length).toBeGreaterThan(0);
    for (const g of task.goals) expect(validateGoal(g), JSON.stringify(g)).toEqual([]);
    for (const n of task.rfcs) expect(knownRfc(n)).toBeTruthy();
    const domains = [
      ...task.solution!.join('\n').matchAll(/@([\w.-]+)/g),
      ...task.body.matchAll(/@([\w.-]+)/g),
    ].map((m) => m[1]!);
    domains.push(...(task.settings.world?.localDomains ?? []), task.settings.world!.hostname!);
    for (const d of domains) expect(isReservedDomain(d), d).toBe(true);
  });

  it("meets its goals with the generator's solution, and not without its decisive line", () => {
    const solution = task.solution!;
    const { results } = replay(task, solution);
    expect(results.filter((r) => !r.met).map((r) => r.label)).toEqual([]);
    const i = decisiveLine(task, solution);
    expect(i).toBeGreaterThanOrEqual(0);
    const without = [...solution.slice(0, i), ...solution.slice(i + 1)];
    expect(replay(task, without).allMet).toBe(false);
  });
});

describe('scripted faults are called scripted', () => {
  const tasks = SEEDS.map((s) => generatePractice(s));

  it('a task with a 452 to RCPT says the reply is scripted, and that RFC 5321 forbids it before 100 recipients', () => {
    const with452 = tasks.filter((t) => t.scenario === 'rcpt-452');
    expect(with452.length).toBeGreaterThan(0);
    for (const t of with452) {
      expect(t.body).toMatch(/scripts a `452`/);
      expect(t.body).toContain('at least 100 recipients');
      expect(t.body).toContain('RFC 5321 §4.5.3.1.8');
      expect(t.goals.find((g) => g.code === 452)?.label).toMatch(/scripted/);
    }
  });

  it('the other faults are scripted too, and tasks without a fault do not say so', () => {
    for (const t of tasks) {
      if (t.scenario === 'deliver') expect(t.body).not.toMatch(/scripts?/);
      else expect(t.body, t.scenario).toMatch(/scripts (a|a shutdown)/);
    }
  });
});

describe("a task cites its own era's RFCs", () => {
  const tasks = SEEDS.map((s) => generatePractice(s));
  const texts = (t: (typeof tasks)[number]) =>
    [t.body, ...t.hints, ...t.goals.flatMap((g) => [g.label, g.explain].map(String))].join('\n');

  it('no RFC later than its era in its statement, goals and hints, and rfcs lists what it cites', () => {
    for (const t of tasks) {
      const d = DIALECTS[t.settings.dialect!];
      expect(withinEra(d, texts(t)), `${t.id} (${d.id})`).toBe(true);
      expect(t.rfcs, t.id).toEqual([...new Set(rfcNumbers(texts(t)))].sort((a, b) => a - b));
    }
    // The older eras do get tasks with a scripted 4yz reply, explained in their own RFC.
    const older = tasks.filter((t) => t.settings.dialect !== 'rfc5321' && t.scenario !== 'deliver');
    expect(older.length).toBeGreaterThan(10);
    for (const t of older) expect(texts(t), t.id).toContain('RFC 821 Appendix E');
  });

  const SCENARIOS: Scenario[] = ['deliver', 'rcpt-452', 'data-451', 'data-421'];
  it.each(['rfc821', 'rfc1869', 'rfc5321'] as const)('%s: the trouble texts', (id) => {
    const d = DIALECTS[id];
    for (const s of SCENARIOS) expect(withinEra(d, troubleText(s, d)), s).toBe(true);
    const limit = troubleText('rcpt-452', d);
    if (id === 'rfc5321') {
      expect(limit).toContain('RFC 5321 §4.5.3.1.8');
      expect(limit).toContain('`452`');
    } else {
      // RFC 821 §4.5.3: 100 recipients must be buffered, and its list gives 552 for too many.
      expect(limit).toContain('RFC 821 §4.5.3');
      expect(limit).toContain('`552`');
      expect(limit).not.toMatch(/violation/);
    }
  });
});

describe('variety across 200 seeds', () => {
  const tasks = SEEDS.map((s) => generatePractice(s));
  const count = (f: (t: (typeof tasks)[number]) => string) => {
    const m = new Map<string, number>();
    for (const t of tasks) m.set(f(t), (m.get(f(t)) ?? 0) + 1);
    return m;
  };

  it('gives different tasks for different seeds', () => {
    // Almost every seed its own exercise (statement, goals, faults and solution).
    const distinct = new Set(
      tasks.map((t) =>
        JSON.stringify({
          ...t,
          id: 0,
          slug: 0,
          dir: 0,
          title: 0,
          seed: 0,
          body: t.body.replace(/seed \*\*.*\*\*/, ''),
        }),
      ),
    );
    expect(distinct.size).toBeGreaterThanOrEqual(190);
    expect(new Set(tasks.map((t) => t.solution!.join('\n'))).size).toBeGreaterThanOrEqual(180);
  });

  it('uses every scenario, era and the relay profile, each a fair share', () => {
    const scenarios = count((t) => t.scenario);
    expect([...scenarios.keys()].sort()).toEqual(['data-421', 'data-451', 'deliver', 'rcpt-452']);
    for (const n of scenarios.values()) expect(n).toBeGreaterThanOrEqual(20);
    const dialects = count((t) => t.settings.dialect!);
    expect([...dialects.keys()].sort()).toEqual(['rfc1869', 'rfc5321', 'rfc821']);
    for (const n of dialects.values()) expect(n).toBeGreaterThanOrEqual(20);
    expect(count((t) => t.settings.profile ?? 'none').get('relay')).toBeGreaterThanOrEqual(10);
    const domains = count((t) => t.settings.world!.localDomains![0]!);
    expect(domains.size).toBeGreaterThanOrEqual(4);
    const recipients = count((t) => String(t.solution!.filter((l) => l.startsWith('RCPT')).length));
    expect(recipients.size).toBeGreaterThanOrEqual(3);
    // Some tasks refuse a recipient, some do not.
    const refusing = tasks.filter((t) => t.goals.some((g) => g.code === 550)).length;
    expect(refusing).toBeGreaterThan(40);
    expect(refusing).toBeLessThan(180);
  });
});
