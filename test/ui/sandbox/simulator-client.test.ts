/**
 * The sandbox's "Let a client send a message", as the page's model does it:
 * the client's sends go through the same session as typed lines (transcript,
 * mailbox, saved inputs), its notes are transcript lines of their own, and a
 * session already used is replaced by a new one, said in a notice.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_FORM } from '../../../src/machines/conversation-input.ts';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import { withRole } from '../../../src/ui/sandbox/server-pick.ts';
import { exportText } from '../../../src/ui/shared/transcript-lines.ts';
import { FIXED_NOW } from '../../helpers.ts';
import { memoryStore } from '../store.ts';

const make = (store = memoryStore()) => ({
  store,
  sim: new Simulator({ store, session: { now: FIXED_NOW } }),
});
const text = (sim: Simulator) => sim.lines.map((l) => `${l.prefix} ${l.text}`);
const notes = (sim: Simulator) => sim.lines.filter((l) => l.by === 'client');

describe('Simulator: the client machine sends through the sandbox session', () => {
  it('step by step: each step one send, its replies, then the client note that says why next', () => {
    const { sim } = make();
    expect(sim.startClient(DEFAULT_CLIENT_FORM)).toBe(true);
    // The greeting was read: the client's first note, and what it sends next.
    expect(text(sim)).toEqual([
      '<- 220 mail.example.test Service ready',
      '** client: The server is ready: open with EHLO, to learn which extensions it offers. (RFC 5321 §3.2)',
    ]);
    expect(sim.client).toMatchObject({ next: ['EHLO client.test'], done: false });
    sim.stepClient();
    const shown = text(sim);
    expect(shown.slice(2, 4)).toEqual([
      '-> EHLO client.test',
      '<- 250-mail.example.test greets client.test',
    ]);
    expect(shown.at(-1)).toMatch(/^\*\* client: PIPELINING is offered: .* \(RFC 2920 §3\.1\)$/);
    expect(sim.state).toBe('ready');
    expect(sim.client!.next).toHaveLength(3); // MAIL, RCPT, DATA: one group
    sim.stepClient();
    expect(sim.state).toBe('data');
    sim.runClient();
    expect(sim.client).toMatchObject({ done: true, result: { delivered: true } });
    expect(sim.closed).toBe(true);
    expect(sim.mailbox).toHaveLength(1);
    expect(sim.mailbox[0]!.recipients.map((r) => r.mailbox)).toEqual(['bob@example.test']);
    // The message lines as sent, then the final dot, as for typed text.
    expect(text(sim)).toContain('-> Subject: Hello from the client machine');
    expect(text(sim)).toContain('-> .');
    expect(text(sim).at(-1)).toBe('== connection closed');
    // Every note is the client's, and placed right after a server line.
    const lines = sim.lines;
    for (const n of notes(sim)) {
      const i = lines.indexOf(n);
      expect(['server', 'state', 'delivery', 'tls', 'note']).toContain(lines[i - 1]!.kind);
    }
    // The export with notes holds them; the dialogue alone does not.
    expect(exportText(sim.lines, { notes: true })).toMatch(/\*\* client: The server has taken/);
    expect(exportText(sim.lines)).not.toMatch(/client:/);
  });

  it('a session already used is replaced by a new one, and the notice says so', () => {
    const { sim } = make();
    sim.send('EHLO me.test');
    sim.send('MAIL FROM:<alice@example.test>');
    sim.startClient(DEFAULT_CLIENT_FORM);
    expect(sim.notices.at(-1)!.text).toMatch(/new session started for the client machine/);
    expect(sim.envelope).toBeNull();
    expect(text(sim)[0]).toBe('<- 220 mail.example.test Service ready');
    expect(text(sim)).not.toContain('-> EHLO me.test');
    sim.runClient();
    // After the client's QUIT the session is closed: a second run opens another.
    sim.startClient({ ...DEFAULT_CLIENT_FORM, to: ['postmaster@example.test'] });
    sim.runClient();
    expect(sim.mailbox).toHaveLength(1);
    expect(sim.mailbox[0]!.recipients[0]!.mailbox).toBe('postmaster@example.test');
  });

  it('the era and the port follow the sandbox: RFC 821 says HELO; submission STARTTLS and AUTH', () => {
    const { sim } = make();
    sim.applySettings({ ...sim.settings, dialect: 'rfc821' });
    sim.startClient(DEFAULT_CLIENT_FORM);
    expect(sim.client!.next).toEqual(['HELO client.test']);
    sim.runClient();
    expect(sim.mailbox).toHaveLength(1);

    sim.applySettings(withRole({ ...sim.settings, dialect: 'rfc5321' }, 'submission'));
    sim.startClient(DEFAULT_CLIENT_FORM);
    sim.runClient();
    const sent = sim.entries.filter((e) => e.kind === 'client').map((e) => e.text.split(' ')[0]);
    expect(sent).toEqual(['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT']);
    expect(text(sim)).toContain('<~ 235 2.7.0 Authentication Succeeded');
    expect(sim.client!.result.delivered).toBe(true);
  });

  it('typing into the connection stops the client; the learner goes on', () => {
    const { sim } = make();
    sim.startClient(DEFAULT_CLIENT_FORM);
    sim.stepClient();
    sim.send('NOOP');
    expect(sim.client).toMatchObject({ stopped: true, done: false });
    expect(sim.notices.at(-1)!.text).toMatch(/typed into the client's connection/);
    sim.stepClient(); // nothing: the run is over
    expect(text(sim).at(-1)).toMatch(/^<- 250 /);
    expect(text(sim).filter((l) => l.startsWith('->'))).toEqual(['-> EHLO client.test', '-> NOOP']);
  });

  it('a reload gives the session back with the client notes in their places', () => {
    const { sim, store } = make();
    sim.startClient(DEFAULT_CLIENT_FORM);
    sim.runClient();
    const again = new Simulator({ store, session: { now: FIXED_NOW } });
    expect(text(again)).toEqual(text(sim));
    expect(notes(again).length).toBeGreaterThan(3);
    expect(again.mailbox).toHaveLength(1);
  });

  it('a body line written as a !raw line is refused: the sandbox would send other bytes', () => {
    const { sim } = make();
    expect(sim.startClient({ ...DEFAULT_CLIENT_FORM, body: 'Hi\n!raw \\x00\nBye' })).toBe(false);
    expect(sim.notices.at(-1)).toMatchObject({
      kind: 'error',
      text: expect.stringMatching(/!raw/),
    });
    expect(sim.client).toBeNull();
  });

  it('not in a lesson: its session is the lesson', () => {
    const { sim } = make();
    sim.openLesson(
      () =>
        ({
          session: sim.session,
          transcript: sim.session.transcript,
          closed: false,
          typeLines: () => {},
        }) as never,
    );
    expect(sim.startClient(DEFAULT_CLIENT_FORM)).toBe(false);
    expect(sim.notices.at(-1)).toMatchObject({ kind: 'error' });
    expect(sim.client).toBeNull();
  });
});
