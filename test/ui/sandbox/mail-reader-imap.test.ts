/**
 * The sandbox's mail reader over IMAP (RFC 9051): the message delivered by
 * SMTP read with LOGIN, SELECT, FETCH, STORE, LOGOUT, the responses cut as
 * the pictures show them (a literal kept inside its FETCH response, §4.3),
 * the POP3 and IMAP charts derived from their machines, and a lesson that
 * takes the console back to its SMTP.
 */
import { describe, expect, it } from 'vitest';
import { bundledPack } from '../../../src/lessons/browser.ts';
import { decode } from '../../../src/protocol/bytes.ts';
import { LessonController } from '../../../src/ui/lessons/lesson.svelte.ts';
import { deriveChart, transitionTaken } from '../../../src/ui/pictures/chart.ts';
import { readerTail } from '../../../src/ui/pictures/sequence.ts';
import {
  READ_LABELS,
  READ_MACHINES,
  type ReadProtocol,
} from '../../../src/ui/sandbox/mail-reader.svelte.ts';
import { imapResponses } from '../../../src/ui/sandbox/reader-lines.ts';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import { FIXED_NOW } from '../../helpers.ts';
import { memoryStore } from '../store.ts';

const make = (store = memoryStore()) => new Simulator({ store, session: { now: FIXED_NOW } });

function deliver(sim: Simulator) {
  sim.send('EHLO client.test');
  sim.sendLines(['MAIL FROM:<alice@example.test>', 'RCPT TO:<bob@example.test>', 'DATA']);
  sim.sendLines(['From: <alice@example.test>', 'Subject: hello', '', 'Hi Bob,', '.']);
}

const lines = (sim: Simulator) => sim.reader!.picture.lines.map((l) => `${l.prefix} ${l.text}`);
function answerTo(sim: Simulator, command: string): string[] {
  const all = lines(sim);
  const at = all.indexOf(`-> ${command}`);
  expect(at).toBeGreaterThanOrEqual(0);
  const next = all.findIndex((l, i) => i > at && l.startsWith('-> '));
  return all.slice(at + 1, next < 0 ? undefined : next);
}

describe('the mail reader: IMAP on the SMTP session’s mailboxes', () => {
  it('LOGIN, SELECT, FETCH, STORE, LOGOUT with the replies of RFC 9051', () => {
    const sim = make();
    deliver(sim);
    const d = sim.mailbox[0]!;
    const message = d.trace + decode(d.content);
    sim.readWith('imap');
    expect(sim.reader?.state).toBe('notAuthenticated');
    // §7.1.1: the greeting is an untagged OK (this server names its capability in it).
    expect(lines(sim)).toEqual(['<- * OK [CAPABILITY IMAP4rev2] IMAP4rev2 Service Ready']);
    sim.send('a1 LOGIN bob builder');
    expect(answerTo(sim, 'a1 LOGIN bob ****')).toEqual([
      '<- a1 OK LOGIN completed',
      '== state notAuthenticated → authenticated',
    ]);
    sim.send('a2 SELECT INBOX');
    // §6.3.2: EXISTS, FLAGS, UIDVALIDITY, UIDNEXT, PERMANENTFLAGS, LIST, then the tagged OK.
    expect(answerTo(sim, 'a2 SELECT INBOX')).toEqual([
      '<- * 1 EXISTS',
      '<- * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)',
      '<- * OK [UIDVALIDITY 1] UIDs valid',
      '<- * OK [UIDNEXT 2] Predicted next UID',
      '<- * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)] Limited',
      '<- * LIST () "/" INBOX',
      '<- a2 OK [READ-WRITE] SELECT completed',
      '== state authenticated → selected',
    ]);
    sim.send('a3 FETCH 1 (FLAGS)');
    expect(answerTo(sim, 'a3 FETCH 1 (FLAGS)')).toEqual([
      '<- * 1 FETCH (FLAGS ())',
      '<- a3 OK FETCH completed',
    ]);
    // BODY.PEEK[] leaves \Seen alone (§6.4.5); the literal holds the message as delivered.
    const size = new TextEncoder().encode(message).length;
    sim.send('a4 FETCH 1 (BODY.PEEK[])');
    const fetched = answerTo(sim, 'a4 FETCH 1 (BODY.PEEK[])');
    expect(fetched[0]).toBe(`<- * 1 FETCH (BODY[] {${size}}`);
    expect(fetched.slice(-2)).toEqual(['<- )', '<- a4 OK FETCH completed']);
    expect(
      fetched
        .slice(1, -2)
        .map((l) => l.slice(3))
        .join('\r\n') + '\r\n',
    ).toBe(message);
    expect(fetched).toContain('<- Subject: hello');
    sim.send('a5 STORE 1 +FLAGS (\\Seen)');
    expect(answerTo(sim, 'a5 STORE 1 +FLAGS (\\Seen)')).toEqual([
      '<- * 1 FETCH (FLAGS (\\Seen))',
      '<- a5 OK +FLAGS completed',
    ]);
    sim.send('a6 LOGOUT');
    // §6.1.3: BYE, then the tagged OK.
    expect(answerTo(sim, 'a6 LOGOUT')).toEqual([
      '<- * BYE IMAP4rev2 server terminating connection',
      '<- a6 OK LOGOUT completed',
      '== state selected → logout',
    ]);
    expect(sim.reader?.closed).toBe(true);
    // A later connection sees the flag STORE set: the store is the host's, not the connection's.
    sim.newSession();
    sim.sendLines(['b1 LOGIN bob builder', 'b2 SELECT INBOX', 'b3 FETCH 1 (FLAGS)']);
    expect(answerTo(sim, 'b3 FETCH 1 (FLAGS)')[0]).toBe('<- * 1 FETCH (FLAGS (\\Seen))');
  });

  it('a refused command reads as bad in the sequence diagram; a left-out one says so', () => {
    const sim = make();
    sim.readWith('imap');
    sim.sendLines(['a1 SELECT INBOX', 'a2 LOGIN bob builder', 'a3 IDLE']);
    const turns = sim.reader!.picture.turns;
    const answer = (step: number) =>
      turns.find((t) => t.step === step && t.direction === 'to-client')!;
    expect(answer(1)).toMatchObject({ tone: 'bad', text: expect.stringMatching(/^a1 BAD /) });
    expect(answer(2)).toMatchObject({ tone: 'good', state: 'authenticated' });
    expect(answer(3).text).toMatch(/^a3 BAD .*IDLE/);
    // The server sends its section sign as one octet (0xA7, not UTF-8): shown as that octet.
    expect(answer(3).text).toContain('RFC 9051 section 6.3.13');
    const { arrows } = readerTail(turns, 24);
    expect(arrows.find((a) => a.step === 2 && a.direction === 'to-client')).toMatchObject({
      label: 'a2 OK',
      detail: 'LOGIN completed',
      tone: 'good',
      state: 'authenticated',
    });
    expect(sim.reader!.picture.last).toMatchObject({ tone: 'bad' });
  });

  it('cuts an IMAP output into responses, a literal inside the response that announced it', () => {
    const out = '* 1 FETCH (BODY[] {10}\r\nA\r\n* 2 X\r\n)\r\n* 2 EXISTS\r\na1 OK done\r\n';
    expect(imapResponses(out)).toEqual([
      '* 1 FETCH (BODY[] {10}\r\nA\r\n* 2 X\r\n)\r\n',
      '* 2 EXISTS\r\n',
      'a1 OK done\r\n',
    ]);
  });
});

describe('the POP3 and IMAP state charts, derived from their machines', () => {
  const chart = (p: ReadProtocol) => deriveChart(READ_MACHINES[p], { labels: READ_LABELS[p] });

  it('POP3: AUTHORIZATION (waiting, named), TRANSACTION, and QUIT from anywhere (RFC 1939 §3)', () => {
    const m = chart('pop3');
    expect(m.states.map((s) => s.id)).toEqual([
      'authorization',
      'authorization.waiting',
      'authorization.named',
      'transaction',
      'closed',
    ]);
    expect(m.transitions).toContainEqual({
      from: 'authorization.waiting',
      to: 'authorization.named',
      labels: ['USER'],
    });
    expect(m.transitions).toContainEqual({
      from: 'authorization.named',
      to: 'transaction',
      labels: ['PASS'],
    });
    // RFC 1939 §7: a refused PASS goes back to waiting for USER.
    expect(m.transitions).toContainEqual({
      from: 'authorization.named',
      to: 'authorization.waiting',
      labels: ['PASS [refused]'],
    });
    expect(m.anywhere[0]).toMatchObject({ to: 'closed' });
    expect(m.anywhere[0]!.labels.join()).toContain('QUIT');
    // The moves a session records are arrows of the chart.
    expect(transitionTaken(m, 'authorization.named', 'transaction')?.labels).toEqual(['PASS']);
  });

  it('IMAP: not authenticated, authenticated, selected, logout (RFC 9051 §3)', () => {
    const m = chart('imap');
    expect(m.states.map((s) => s.id)).toEqual([
      'notAuthenticated',
      'authenticated',
      'selected',
      'logout',
    ]);
    expect(m.transitions).toContainEqual({
      from: 'notAuthenticated',
      to: 'authenticated',
      labels: ['LOGIN'],
    });
    expect(m.transitions).toContainEqual({
      from: 'authenticated',
      to: 'selected',
      labels: ['SELECT/EXAMINE'],
    });
    // §6.3.2: a SELECT that fails leaves no mailbox selected.
    expect(m.transitions).toContainEqual({
      from: 'selected',
      to: 'authenticated',
      labels: ['SELECT/EXAMINE [refused]', 'CLOSE/UNSELECT'],
    });
    expect(m.anywhere[0]!.labels.join()).toContain('LOGOUT');
  });
});

describe('the mail reader and lessons', () => {
  it('a lesson takes the console back to its SMTP; closing it brings the reading back', () => {
    const store = memoryStore();
    const sim = make(store);
    deliver(sim);
    sim.readWith('pop3');
    sim.send('USER bob');
    const lessons = new LessonController(sim, bundledPack(), { store, typingDelay: 0 });
    expect(lessons.open('then-and-now/same-mail-1981-and-today')).toBe(true);
    expect(sim.reader).toBeNull();
    expect(sim.readWith('pop3')).toBe(false);
    lessons.close();
    expect(sim.reader?.protocol).toBe('pop3');
    expect(sim.reader?.typedLines).toEqual(['USER bob']);
  });
});
