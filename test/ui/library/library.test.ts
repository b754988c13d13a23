/**
 * The library of sessions: its index (library/index.json) agrees with the
 * files it lists, each title, era and source as the file's own header says;
 * every SMTP session replays in its own era (src/machines/replay.ts), and
 * every POP3 and IMAP one against its server (src/machines/retrieval-replay.ts),
 * with no difference unless the index says why not, and those few really differ.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replay } from '../../../src/machines/replay.ts';
import { replayRetrieval } from '../../../src/machines/retrieval-replay.ts';
import { parseTranscript } from '../../../src/protocol/transcript.ts';
import {
  allRfcs,
  allTags,
  byEra,
  ERA_ORDER,
  playable,
  type LibraryEntry,
} from '../../../src/ui/library/catalog.ts';
import { bundledFiles, ENTRIES, sessionText } from '../../../src/ui/library/sessions.ts';
import { playerTarget } from '../../../src/ui/player/share-route.ts';

const ROOT = fileURLToPath(new URL('../../../library/', import.meta.url));
const onDisk = readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(smtp|pop3|imap)$/.test(f))
  .sort();
const header = (text: string, key: string) =>
  new RegExp(`^# ${key}: (.*)$`, 'm').exec(text)?.[1] ?? null;
const text = (e: LibraryEntry) => readFileSync(`${ROOT}${e.file}`, 'utf8');

describe('the library index', () => {
  it('lists every session file once, and the app bundles exactly those files', () => {
    expect(ENTRIES.map((e) => e.file).sort()).toEqual(onDisk);
    expect(bundledFiles().sort()).toEqual(onDisk);
    expect(new Set(ENTRIES.map((e) => e.id)).size).toBe(ENTRIES.length);
    expect(onDisk.length).toBeGreaterThanOrEqual(96);
  });

  it.each(ENTRIES.map((e) => [e.id, e] as const))(
    '%s: id, title, era and source as its file says',
    (_id, e) => {
      const file = text(e);
      expect(e.id).toBe(e.file.replace(/\.\w+$/, ''));
      expect(sessionText(e.id)).toBe(file);
      expect(e.title).toBe(header(file, 'title'));
      const ext = e.file.split('.').pop();
      expect(e.era).toBe(ext === 'smtp' ? header(file, 'dialect') : ext);
      expect(ERA_ORDER).toContain(e.era);
      const source = header(file, 'source')!;
      // A real run names the RFC of what it shows; a printed example is quoted from its RFC.
      if (e.id.startsWith('modern/')) expect(source).toMatch(/^A real run/);
      else expect(source.startsWith(`RFC ${e.rfc} `)).toBe(true);
      expect(e.section).not.toBe('');
      expect(e.tags.length).toBeGreaterThan(0);
    },
  );

  it('holds all ten scenarios of Appendix F in RFC 788 and RFC 821, and every era', () => {
    for (const rfc of ['788', '821']) {
      const scenarios = ENTRIES.filter((e) => e.rfc === rfc && e.tags.includes('Appendix F'))
        .map((e) => /Scenario (\d+)/.exec(e.section)![1])
        .map(Number);
      expect([...new Set(scenarios)].sort((a, b) => a - b)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      ]);
    }
    expect(allRfcs(ENTRIES)).toEqual(
      expect.arrayContaining(['772', '780', '788', '821', '1869', '1870', '2920', '3030', '2034']),
    );
    expect(allRfcs(ENTRIES)).toEqual(expect.arrayContaining(['4954', '5321', '1939', '9051']));
    expect(ENTRIES.filter((e) => e.id.startsWith('modern/')).map((e) => e.id)).toEqual([
      'modern/587-starttls-auth-submission',
      'modern/bounce-delivery-status',
      'modern/pipelined-transfer',
    ]);
  });

  it('groups by era in time order and filters by era, tag, RFC and words', () => {
    expect(byEra(ENTRIES).map((g) => g.era)).toEqual([
      'rfc772',
      'rfc780',
      'rfc788',
      'rfc821',
      'rfc1869',
      'rfc5321',
      'pop3',
      'imap',
    ]);
    const f1 = byEra(ENTRIES, { era: 'rfc821', text: 'scenario 1 typical' });
    expect(f1.flatMap((g) => g.entries.map((e) => e.id))).toEqual(['rfc821/f1-typical']);
    const vrfy = byEra(ENTRIES, { tag: 'VRFY', rfc: '821' }).flatMap((g) => g.entries);
    expect(vrfy.length).toBe(8);
    expect(byEra(ENTRIES, { text: 'no such thing here' })).toEqual([]);
    expect(allTags(ENTRIES)[0]).toBe('message');
  });

  it('links each playable session to the player by an address the player reads back', () => {
    for (const e of ENTRIES.filter(playable))
      expect(playerTarget(`#/player/library/${e.id}/0`)).toEqual({
        kind: 'library',
        id: e.id,
        step: 0,
      });
  });
});

describe('every library session replays in its own era with no difference', () => {
  const smtp = ENTRIES.filter(playable);
  const identical = smtp.filter((e) => !e.notIdentical);

  it.each(identical.map((e) => [e.id, e] as const))('%s', (_id, e) => {
    const file = parseTranscript(text(e));
    expect(file.meta.dialect).toBe(e.era);
    const result = replay(file);
    expect(result.differences).toEqual([]);
    expect(result.replies).toBeGreaterThan(0);
  });

  const retrieval = ENTRIES.filter((e) => !playable(e));
  const differing = (e: LibraryEntry) =>
    replayRetrieval(e.era as 'pop3' | 'imap', text(e)).steps.filter((s) => !s.same).length;

  it.each(retrieval.filter((e) => !e.notIdentical).map((e) => [e.id, e] as const))(
    '%s (against its own server, step by step)',
    (_id, e) => {
      expect(['pop3', 'imap']).toContain(e.era);
      expect(differing(e)).toBe(0);
    },
  );

  it('marks only a few, each with its reason, and each of those does differ', () => {
    const marked = ENTRIES.filter((e) => e.notIdentical);
    expect(marked.length).toBeLessThanOrEqual(8);
    for (const e of marked) expect(e.notIdentical!.length).toBeGreaterThan(40);
    // The replay really differs (a mark that no longer holds must go).
    for (const e of marked.filter(playable))
      expect(replay(parseTranscript(text(e))).differences.length, e.id).toBeGreaterThan(0);
    for (const e of marked.filter((x) => !playable(x)))
      expect(differing(e), e.id).toBeGreaterThan(0);
    // All five POP3 and IMAP sessions replay, none of them marked.
    expect(retrieval.map((e) => e.era).sort()).toEqual(['imap', 'imap', 'pop3', 'pop3', 'pop3']);
  });
});
