import { describe, expect, it } from 'vitest';
import { bundledPack } from '../../../src/lessons/browser.ts';
import { PACK_FORMAT } from '../../../src/lessons/pack-file.ts';
import { LessonController } from '../../../src/ui/lessons/lesson.svelte.ts';
import { PROGRESS_KEY, progressKey } from '../../../src/ui/lessons/progress.ts';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import { ACTIVE_PACK_KEY, packUrl } from '../../../src/ui/teacher/teacher-pack.ts';
import { memoryStore } from '../store.ts';

const PACK = {
  format: PACK_FORMAT,
  version: 1,
  name: 'class-a',
  title: 'Class A',
  files: {
    '01-basics/index.md': '---\ntitle: Basics\ndialect: rfc5321\n---\n\nHello.\n',
    '01-basics/01-hello/index.md':
      '---\ntitle: Say hello\nrfcs: [5321]\ngoals:\n  - kind: reply\n    verb: EHLO\n    code: 250\n---\n\nSay EHLO. <script>alert(1)</script> [x](javascript:alert(1))\n',
    '01-basics/01-hello/solution.smtp': 'EHLO client.test\n',
    // A lesson that cites an RFC the project does not know: offered, with the problem listed.
    '01-basics/02-odd/index.md':
      '---\ntitle: Odd\nrfcs: [99999]\ngoals:\n  - kind: command\n    verb: NOOP\n---\n\nText.\n',
    '01-basics/02-odd/solution.smtp': 'NOOP\n',
  },
};

const BASE = 'https://sim.example.test/app/';

function fakeFetch(routes: Record<string, { status?: number; body: string }>): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const r = routes[String(input)];
    if (!r) throw new TypeError('Failed to fetch');
    return new Response(r.body, { status: r.status ?? 200 });
  }) as typeof fetch;
}

function make(store = memoryStore()) {
  const sim = new Simulator({ store });
  const lessons = new LessonController(sim, bundledPack(), { store, typingDelay: 0 });
  return { store, sim, lessons };
}

describe('a teacher pack in the app', () => {
  it('offline, a link opens the copy kept from the last visit and says so; a refusal does not', async () => {
    const { store, lessons } = make();
    await lessons.restorePack(
      '?pack=packs/a.json',
      BASE,
      fakeFetch({ [`${BASE}packs/a.json`]: { body: JSON.stringify(PACK) } }),
    );
    expect(lessons.packInfo?.name).toBe('class-a');
    // The server is gone: the fetch throws, as a browser's does offline.
    const offline = make(store).lessons;
    await offline.restorePack('?pack=packs/a.json', BASE, fakeFetch({}));
    expect(offline.packInfo?.name).toBe('class-a');
    expect(offline.message).toMatchObject({ kind: 'info' });
    expect(offline.message?.text).toMatch(
      /could not be reached.*“Class A” kept from your last visit/,
    );
    // The server answers 404: that is a refusal, not being offline; the course stays.
    const refused = make(store).lessons;
    await refused.restorePack(
      '?pack=packs/a.json',
      BASE,
      fakeFetch({ [`${BASE}packs/a.json`]: { status: 404, body: 'no' } }),
    );
    expect(refused.packInfo).toBeNull();
    expect(refused.message).toMatchObject({ kind: 'error' });
  });

  it('opens from a link, keeps its own progress, survives a reload, and goes back', async () => {
    const { store, sim, lessons } = make();
    const fetcher = fakeFetch({
      [`${BASE}packs/a.json`]: { body: JSON.stringify(PACK) },
    });
    await lessons.restorePack('?pack=packs/a.json', BASE, fetcher);
    expect(lessons.packInfo).toEqual({ name: 'class-a', title: 'Class A' });
    expect(lessons.pack.lessons.map((l) => l.id)).toEqual(['basics/hello', 'basics/odd']);
    const problems = lessons.packProblems.map((p) => p.message).join('\n');
    expect(problems).toMatch(/RFC 99999/);
    expect(problems).toMatch(/link "javascript:alert.*": only https links/);
    expect(lessons.message?.text).toMatch(/2 lessons; 2 problems/);

    // The lesson text keeps the markup as text and drops the javascript: link.
    const lesson = lessons.find('basics/hello')!;
    const blocks = JSON.stringify(lessons.blocks(lesson));
    expect(blocks).toContain('<script>alert(1)</script>');
    expect(blocks).not.toMatch(/"href":"javascript/);

    expect(lessons.open('basics/hello')).toBe(true);
    sim.send('EHLO client.test');
    lessons.update();
    expect(lessons.isDone('basics/hello')).toBe(true);
    expect(store.data.has(progressKey('class-a'))).toBe(true);
    expect(store.data.has(PROGRESS_KEY)).toBe(false);

    // A reload without the link finds the pack and its progress.
    const again = make(store).lessons;
    await again.restorePack('', BASE, fakeFetch({}));
    expect(again.packInfo?.name).toBe('class-a');
    expect(again.isDone('basics/hello')).toBe(true);

    again.backToCourse();
    expect(again.packInfo).toBeNull();
    expect(again.pack.lessons.length).toBe(bundledPack().lessons.length);
    expect(again.isDone('basics/hello')).toBe(false);
    expect(store.data.has(ACTIVE_PACK_KEY)).toBe(false);
    // The pack's progress stays, for when it is opened again.
    expect(store.data.has(progressKey('class-a'))).toBe(true);
  });

  it.each([
    [
      'a server error',
      '?pack=packs/a.json',
      { [`${BASE}packs/a.json`]: { status: 404, body: '' } },
      /answered 404/,
    ],
    ['a network failure', '?pack=packs/b.json', {}, /could not be fetched/],
    [
      'a file that is not a pack',
      '?pack=packs/a.json',
      { [`${BASE}packs/a.json`]: { body: '<html>' } },
      /not valid JSON/,
    ],
    [
      'a javascript: address',
      '?pack=javascript:alert(1)',
      {},
      /not an address a pack may come from/,
    ],
    [
      'a data: address',
      '?pack=data:application/json,{}',
      {},
      /not an address a pack may come from/,
    ],
    [
      'plain http elsewhere',
      '?pack=http://other.test/a.json',
      {},
      /not an address a pack may come from/,
    ],
  ])('refuses %s with a message and keeps the course', async (_, search, routes, reason) => {
    const { lessons } = make();
    await lessons.restorePack(search, BASE, fakeFetch(routes));
    expect(lessons.packInfo).toBeNull();
    expect(lessons.pack.lessons.length).toBe(bundledPack().lessons.length);
    expect(lessons.message?.kind).toBe('error');
    expect(lessons.message?.text).toMatch(reason);
  });

  it('a corrupted kept pack is reported and removed, not a crash', async () => {
    const store = memoryStore({ [ACTIVE_PACK_KEY]: '{"format":"smtp-simulator-pack","version":1' });
    const { lessons } = make(store);
    await lessons.restorePack('', BASE, fakeFetch({}));
    expect(lessons.packInfo).toBeNull();
    expect(lessons.message?.text).toMatch(/kept from your last visit could not be read/);
    expect(store.data.has(ACTIVE_PACK_KEY)).toBe(false);
  });

  it('pack addresses: this site or https only', () => {
    expect(packUrl('packs/a.json', BASE)?.href).toBe(`${BASE}packs/a.json`);
    expect(packUrl('https://teacher.example.test/a.json', BASE)?.href).toBe(
      'https://teacher.example.test/a.json',
    );
    expect(packUrl('http://localhost:4173/a.json', 'http://localhost:4173/')?.href).toBe(
      'http://localhost:4173/a.json',
    );
    expect(packUrl('http://teacher.example.test/a.json', BASE)).toBeNull();
    expect(packUrl('file:///etc/passwd', BASE)).toBeNull();
    expect(packUrl('javascript:alert(1)', BASE)).toBeNull();
  });
});
