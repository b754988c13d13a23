import { describe, expect, it, vi } from 'vitest';
import { BACKUP_KEY, STORAGE_KEY } from '../../../src/ui/sandbox/persistence.ts';
import { DEFAULT_SETTINGS } from '../../../src/ui/sandbox/settings.ts';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import { FIXED_NOW } from '../../helpers.ts';
import { memoryStore } from '../store.ts';
import { quotaStore } from './persist-store.ts';

const make = (store = memoryStore()) => ({
  store,
  sim: new Simulator({ store, session: { now: FIXED_NOW } }),
});
const text = (sim: Simulator) => sim.lines.map((l) => `${l.prefix} ${l.text}`);

describe('Simulator (the page state)', () => {
  it('starts greeted, in the greeting state', () => {
    const { sim } = make();
    expect(sim.state).toBe('greeting');
    expect(text(sim)).toEqual(['<- 220 mail.example.test Service ready']);
  });

  it('follows a whole session: state, envelope, pending body, mailbox', () => {
    const { sim } = make();
    sim.send('EHLO client.test');
    expect(sim.state).toBe('ready');
    sim.send('MAIL FROM:<alice@example.test>');
    expect(sim.envelope?.reversePath).toMatchObject({ kind: 'mailbox' });
    sim.sendLines(['RCPT TO:<bob@example.test>', 'DATA']);
    expect(sim.inData).toBe(true);
    sim.send('Subject: hi');
    sim.sendLines(['', '..dot']);
    expect(sim.pendingBody).toEqual(['Subject: hi', '', '..dot']);
    sim.send('.');
    expect(sim.pendingBody).toEqual([]);
    expect(sim.inData).toBe(false);
    expect(sim.mailbox).toHaveLength(1);
    expect(sim.envelope).toBeNull();
    expect(sim.lastTransition).toMatchObject({ from: 'data', to: 'ready' });
    sim.send('QUIT');
    expect(sim.closed).toBe(true);
    sim.send('NOOP'); // ignored once closed
    expect(text(sim).at(-1)).toBe('== connection closed');
  });

  it('survives a reload: the inputs are replayed into a new session', () => {
    const { sim, store } = make();
    sim.send('EHLO client.test');
    sim.sendLines(['MAIL FROM:<alice@example.test>', 'RCPT TO:<bob@example.test>']);
    const again = new Simulator({ store, session: { now: FIXED_NOW } });
    expect(text(again)).toEqual(text(sim));
    expect(again.state).toBe('transaction.rcpt');
    expect(again.typedLines).toEqual([
      'EHLO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
    ]);
    expect(again.notices.map((n) => n.kind)).toEqual(['info']);
  });

  it('persistLater: the input is saved after a delay, or at once by flush()', () => {
    vi.useFakeTimers();
    try {
      const store = memoryStore();
      const sim = new Simulator({ store, persistLater: true, session: { now: FIXED_NOW } });
      sim.send('EHLO client.test');
      expect(store.data.get(STORAGE_KEY)).toBeUndefined();
      vi.runAllTimers();
      expect(JSON.parse(store.data.get(STORAGE_KEY)!).inputs).toEqual(['EHLO client.test\r\n']);
      sim.send('NOOP');
      sim.flush();
      expect(JSON.parse(store.data.get(STORAGE_KEY)!).inputs).toHaveLength(2);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a corrupted store gives a visible message and a fresh session, not a crash', () => {
    const store = memoryStore({ [STORAGE_KEY]: '{"version":1,"settings":' });
    const sim = new Simulator({ store });
    expect(sim.state).toBe('greeting');
    expect(sim.notices).toHaveLength(1);
    expect(sim.notices[0]).toMatchObject({ kind: 'error' });
    expect(sim.notices[0]!.text).toMatch(/could not be restored/);
    sim.send('EHLO client.test');
    expect(JSON.parse(store.data.get(STORAGE_KEY)!).inputs).toEqual(['EHLO client.test\r\n']);
  });

  it('new settings start a new session and say so; they are kept', () => {
    const { sim, store } = make();
    sim.send('EHLO client.test');
    sim.applySettings({ ...DEFAULT_SETTINGS, extensions: ['PIPELINING'] });
    expect(sim.state).toBe('greeting');
    expect(sim.notices.at(-1)!.text).toMatch(/new session started/);
    sim.send('EHLO client.test');
    expect(text(sim).filter((l) => l.startsWith('<- 250'))).toEqual([
      '<- 250-mail.example.test greets client.test',
      '<- 250-PIPELINING',
      '<- 250 EXPN',
    ]);
    const again = new Simulator({ store });
    expect(again.settings.extensions).toEqual(['PIPELINING']);
  });

  it('a port profile brings its TLS and AUTH policy: submission wants STARTTLS, then AUTH, before MAIL', () => {
    const { sim, store } = make();
    sim.applySettings({
      ...DEFAULT_SETTINGS,
      profile: 'submission',
      extensions: ['STARTTLS', 'AUTH', 'ENHANCEDSTATUSCODES'],
    });
    sim.send('EHLO client.test');
    sim.send('MAIL FROM:<alice@example.test>');
    expect(text(sim).at(-1)).toBe('<- 530 5.7.0 Authentication required');
    sim.send('STARTTLS');
    sim.send('EHLO client.test');
    expect(text(sim).some((l) => l.includes('AUTH PLAIN LOGIN CRAM-MD5'))).toBe(true);
    expect(new Simulator({ store }).settings.profile).toBe('submission');
  });

  it('settings saved before profiles existed still load, as the plain server', () => {
    const { profile: _omit, ...old } = DEFAULT_SETTINGS;
    const store = memoryStore();
    const first = new Simulator({ store });
    first.send('NOOP'); // saves the session
    const raw = JSON.parse(store.getItem(STORAGE_KEY)!);
    store.setItem(STORAGE_KEY, JSON.stringify({ ...raw, settings: old }));
    const loaded = new Simulator({ store });
    expect(loaded.settings.profile).toBe('none');
    // Read as valid (restored), not reset.
    expect(loaded.notices.map((n) => n.kind)).toEqual(['info']);
  });

  it('a dismissed notice goes away', () => {
    const { sim } = make();
    sim.newSession();
    expect(sim.notices).toHaveLength(1);
    sim.dismiss(sim.notices[0]!.id);
    expect(sim.notices).toEqual([]);
  });

  const lastCode = (s: Simulator) => {
    const e = [...s.session.transcript].reverse().find((x) => x.kind === 'server');
    return e?.kind === 'server' ? e.reply.code : null;
  };

  it('a raw line (!raw) goes out as its bytes, is kept as typed, and replays so after a reload', () => {
    const { sim, store } = make();
    sim.send('!raw EHLO client.test\\n');
    // RFC 5321 §2.3.8: a LF alone does not end a command line; the default server refuses it.
    expect(sim.state).toBe('greeting');
    expect(lastCode(sim)).toBe(500);
    const client = sim.session.transcript.find((e) => e.kind === 'client')!;
    expect(client.kind === 'client' && client.ending).toBe('LF');
    expect(sim.typedLines).toEqual(['!raw EHLO client.test\\n']);
    const again = new Simulator({ store, session: { now: FIXED_NOW } });
    expect(text(again)).toEqual(text(sim));
    expect(again.state).toBe('greeting');
    expect(lastCode(again)).toBe(500);
  });

  it('a raw line with a bad escape is not sent, and says why', () => {
    const { sim } = make();
    sim.sendLines(['EHLO client.test', '!raw NOOP\\z\\r\\n']);
    expect(sim.state).toBe('greeting');
    expect(sim.typedLines).toEqual([]);
    expect(sim.notices.at(-1)).toMatchObject({ kind: 'error' });
    expect(sim.notices.at(-1)!.text).toContain('\\z is not an escape');
  });

  it('message text sent raw: the pending lines are cut where the server cuts them, shown at each LF', () => {
    const { sim } = make();
    for (const l of [
      'EHLO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
    ])
      sim.send(l);
    sim.send('DATA');
    sim.send('!raw Hi\\n.\\nMAIL FROM:<x@client.test>\\r\\n');
    // A strict server: the LF alone ends nothing; the "." between two is text.
    expect(sim.inData).toBe(true);
    expect(sim.pendingBody).toEqual(['Hi', '.', 'MAIL FROM:<x@client.test>']);
    sim.send('.');
    expect(sim.mailbox).toHaveLength(1);
    expect(sim.pendingBody).toEqual([]);
  });

  it('a reload in the middle of a message: the server holds the same lines, and "." delivers them', () => {
    const store = memoryStore();
    const sim = new Simulator({ store, persistLater: true, session: { now: FIXED_NOW } });
    for (const l of [
      'EHLO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
      'Subject: kept',
      '',
      'typed before the reload',
    ])
      sim.send(l);
    sim.flush(); // what the page does when it is left
    const again = new Simulator({ store, session: { now: FIXED_NOW } });
    expect(again.inData).toBe(true);
    expect(again.pendingBody).toEqual(['Subject: kept', '', 'typed before the reload']);
    again.send('and after it');
    again.send('.');
    expect(again.mailbox).toHaveLength(1);
    expect(new TextDecoder().decode(again.mailbox[0]!.content)).toBe(
      'Subject: kept\r\n\r\ntyped before the reload\r\nand after it\r\n',
    );
  });

  it('the unsent text (message lines held in the console) survives a reload', () => {
    const { sim, store } = make();
    sim.sendLines(['EHLO client.test', 'MAIL FROM:<a@client.test>', 'RCPT TO:<bob@example.test>']);
    sim.send('DATA');
    sim.keepDraft('Subject: draft\n\nnot sent yet');
    const again = new Simulator({ store, session: { now: FIXED_NOW } });
    expect(again.draft).toBe('Subject: draft\n\nnot sent yet');
    expect(again.inData).toBe(true);
    // Sent, it leaves the draft.
    again.sendLines(['Subject: draft', '', 'not sent yet', '.']);
    again.keepDraft('');
    expect(again.mailbox).toHaveLength(1);
    expect(new Simulator({ store }).draft).toBe('');
  });

  it('storage full: said once in words, the session goes on, and said again when it saves again', () => {
    const store = quotaStore(4_000);
    const sim = new Simulator({ store, session: { now: FIXED_NOW } });
    sim.send('EHLO client.test');
    expect(sim.storageProblem).toBeNull();
    sim.sendLines(Array.from({ length: 100 }, (_, i) => `NOOP a long pasted line number ${i}`));
    expect(sim.state).toBe('ready');
    expect(sim.storageProblem).toMatch(/storage for this page is full/);
    const errors = () => sim.notices.filter((n) => n.kind === 'error');
    expect(errors()).toHaveLength(1);
    expect(errors()[0]!.text).toMatch(/could not be saved.*full.*will not survive a reload/);
    sim.send('NOOP');
    sim.dismiss(errors()[0]!.id);
    sim.send('NOOP');
    expect(errors()).toHaveLength(0); // not repeated at every line
    expect(store.refused).toBeGreaterThanOrEqual(3);
    // What was saved before is still there: a reload gives the session up to the paste.
    expect(
      new Simulator({ store: memoryStore(Object.fromEntries(store.data)) }).typedLines,
    ).toEqual(['EHLO client.test']);
    sim.newSession();
    expect(sim.storageProblem).toBeNull();
    expect(sim.notices.some((n) => n.text === 'Your session is saved again.')).toBe(true);
  });

  it('a session saved by a newer version: restored as far as it can be read, and said so', () => {
    const store = memoryStore();
    new Simulator({ store }).send('EHLO client.test');
    const raw = JSON.parse(store.getItem(STORAGE_KEY)!);
    store.setItem(STORAGE_KEY, JSON.stringify({ ...raw, version: 2, more: true }));
    const sim = new Simulator({ store });
    expect(sim.state).toBe('ready');
    expect(sim.notices.map((n) => n.text).join(' ')).toMatch(/newer version/);
    expect(store.data.has(BACKUP_KEY)).toBe(true);
  });
});
