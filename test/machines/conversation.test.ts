/**
 * The client machine against the server session one step at a time, as the
 * sandbox's Step button runs it: each step sends one of the client's sends
 * (a command, a pipelined group, the message text), the server's transcript
 * holds what it read and the exact replies, and the client's notes sit
 * between them, each after the reply that led to it.
 */
import { describe, expect, it } from 'vitest';
import { Conversation, converse, freshConnection } from '../../src/machines/conversation.ts';
import {
  clientInputFor,
  DEFAULT_CLIENT_FORM,
  formProblem,
  messageText,
  recipientsFromText,
  type ClientForm,
} from '../../src/machines/conversation-input.ts';
import { createSession, type Session, type TranscriptEntry } from '../../src/machines/session.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { PROFILES, withProfile } from '../../src/protocol/profiles.ts';
import type { World } from '../../src/protocol/world.ts';
import { FIXED_NOW } from '../helpers.ts';

function start(era: DialectId, world: Partial<World> = {}, form: ClientForm = DEFAULT_CLIENT_FORM) {
  const server = createSession({ dialect: era, world, now: FIXED_NOW });
  const input = clientInputFor(server, form, FIXED_NOW());
  return { server, input, conversation: new Conversation(input, server) };
}

/** Steps to the end; returns what each step sent (its lines) and did. */
function stepAll(c: Conversation) {
  const steps: { sent: readonly string[]; kind: string }[] = [];
  for (let i = 0; i < 50; i++) {
    const sent = c.next;
    const kind = c.step();
    if (kind === null) break;
    steps.push({ sent, kind });
  }
  return steps;
}

const commands = (s: Session) =>
  s.transcript.filter((e) => e.kind === 'client').map((e) => (e as { text: string }).text);
const codes = (s: Session) =>
  s.transcript
    .filter((e) => e.kind === 'server')
    .map((e) => (e as { reply: { code: number } }).reply.code);
const stored = (s: Session, n = 0) => new TextDecoder().decode(s.mailbox[n]!.content);

/** The index of the first entry matching, for placing notes. */
const indexOf = (s: Session, test: (e: TranscriptEntry) => boolean) => s.transcript.findIndex(test);

describe('Conversation: the client machine stepped against the sandbox server', () => {
  it('RFC 821: HELO, one command a step, every reply code exact, the message delivered', () => {
    const { server, input, conversation: c } = start('rfc821');
    // Before the first step the client has read the greeting and says why HELO.
    expect(c.next).toEqual(['HELO client.test']);
    expect(c.notes).toEqual([
      {
        at: 1,
        text: "The server is ready: open the session with HELO and the client's name.",
        rfc: 'RFC 821 §4.1.1',
      },
    ]);
    const steps = stepAll(c);
    expect(steps.map((s) => s.sent[0])).toEqual([
      'HELO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
      input.message.text.split('\r\n')[0],
      'QUIT',
    ]);
    expect(steps.every((s) => s.kind === 'sent')).toBe(true);
    expect(c.done).toBe(true);
    expect(c.step()).toBeNull();
    expect(commands(server)).toEqual([
      'HELO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
      'QUIT',
    ]);
    expect(codes(server)).toEqual([220, 250, 250, 250, 354, 250, 221]);
    expect(server.closed).toBe(true);
    expect(server.mailbox).toHaveLength(1);
    expect(server.mailbox[0]!.recipients.map((r) => r.mailbox)).toEqual(['bob@example.test']);
    expect(stored(server)).toBe(input.message.text);
    expect(c.client.result).toMatchObject({ delivered: true, accepted: ['bob@example.test'] });
    // Each note comes after the reply that led to it and before the command it explains.
    const mail = indexOf(server, (e) => e.kind === 'client' && e.text.startsWith('MAIL'));
    const toMail = c.notes.find((n) => n.text.startsWith('Start the mail transaction'))!;
    expect(toMail).toMatchObject({ at: mail, rfc: 'RFC 821' });
    expect(server.transcript[mail - 1]).toMatchObject({ kind: 'state', to: 'ready' });
    expect(c.notes.at(-1)!.text).toMatch(/responsible for it now/);
  });

  it('RFC 5321: EHLO, then MAIL, every RCPT and DATA in one step (PIPELINING, RFC 2920 §3.1)', () => {
    const form = { ...DEFAULT_CLIENT_FORM, to: ['bob@example.test', 'postmaster@example.test'] };
    const { server, conversation: c } = start('rfc5321', {}, form);
    expect(c.next).toEqual(['EHLO client.test']);
    expect(c.step()).toBe('sent');
    // EHLO's 250 read: the client learned PIPELINING and says what it sends as one group.
    expect(c.next).toEqual([
      expect.stringMatching(/^MAIL FROM:<alice@example\.test> SIZE=\d+$/),
      'RCPT TO:<bob@example.test>',
      'RCPT TO:<postmaster@example.test>',
      'DATA',
    ]);
    expect(c.notes.map((n) => n.rfc)).toContain('RFC 2920 §3.1');
    expect(c.notes.find((n) => n.rfc === 'RFC 2920 §3.1')!.text).toMatch(/one group/);
    expect(c.step()).toBe('sent');
    const group = server.transcript.filter(
      (e) => e.kind === 'client' && /^(MAIL|RCPT|DATA)/.test(e.text),
    );
    expect(group).toHaveLength(4);
    expect(new Set(group.map((e) => (e as { read?: number }).read)).size).toBe(1);
    expect(codes(server)).toEqual([220, 250, 250, 250, 250, 354]);
    stepAll(c);
    expect(codes(server)).toEqual([220, 250, 250, 250, 250, 354, 250, 221]);
    const wire = server.transcript
      .filter((e) => e.kind === 'server')
      .map((e) => (e as { wire: string }).wire);
    expect(wire.at(-2)).toMatch(/^250 2\.0\.0 /);
    expect(server.mailbox[0]!.recipients.map((r) => r.mailbox)).toEqual([
      'bob@example.test',
      'postmaster@example.test',
    ]);
    expect(c.client.result.delivered).toBe(true);
  });

  it('submission (RFC 6409): STARTTLS, EHLO again under TLS, AUTH PLAIN as alice, then the mail', () => {
    const { server, conversation: c } = start('rfc5321', withProfile('submission', {}));
    const steps = stepAll(c);
    expect(steps.map((s) => s.sent[0]!.split(' ')[0])).toEqual([
      'EHLO',
      'STARTTLS',
      'EHLO',
      'AUTH',
      'MAIL',
      'Date:',
      'QUIT',
    ]);
    // RFC 4954 §4 (PLAIN, RFC 4616): authzid empty, then alice and her password, base64.
    expect(steps[3]!.sent[0]).toBe(`AUTH PLAIN ${btoa('\0alice\0wonderland')}`);
    expect(codes(server)).toEqual([220, 250, 220, 250, 235, 250, 250, 354, 250, 221]);
    const tls = indexOf(server, (e) => e.kind === 'tls');
    const starttls = indexOf(server, (e) => e.kind === 'client' && e.text === 'STARTTLS');
    expect(tls).toBeGreaterThan(starttls);
    // The second EHLO comes after the handshake (RFC 3207 §4.2: the client forgets what it knew).
    const second = server.transcript
      .map((e) => e.kind === 'client' && e.text === 'EHLO client.test')
      .lastIndexOf(true);
    expect(second).toBeGreaterThan(tls);
    const rfcs = c.notes.map((n) => n.rfc).join(' ');
    expect(rfcs).toMatch(/RFC 3207/);
    expect(rfcs).toMatch(/RFC 4954/);
    expect(server.mailbox).toHaveLength(1);
    expect(c.client.result.delivered).toBe(true);
  });

  it('a refused recipient: 550 to its RCPT, noted; the others get the message', () => {
    const form = { ...DEFAULT_CLIENT_FORM, to: ['bob@example.test', 'nobody@example.test'] };
    const { server, conversation: c } = start('rfc5321', {}, form);
    stepAll(c);
    expect(codes(server)).toEqual([220, 250, 250, 250, 550, 354, 250, 221]);
    expect(c.client.result.refused).toEqual([
      { to: 'nobody@example.test', code: 550, text: expect.stringMatching(/^5\.1\.1 /) },
    ]);
    expect(c.client.result.delivered).toBe(false);
    expect(c.notes.some((n) => n.text.includes('nobody@example.test'))).toBe(true);
    expect(server.mailbox[0]!.recipients.map((r) => r.mailbox)).toEqual(['bob@example.test']);
  });

  it('every recipient refused: the client does not send the text (RFC 5321 §3.3)', () => {
    const form = { ...DEFAULT_CLIENT_FORM, to: ['nobody@example.test'] };
    const { server, conversation: c } = start('rfc5321', { extensions: [] }, form);
    stepAll(c);
    expect(commands(server)).not.toContain('DATA');
    expect(commands(server).at(-1)).toBe('QUIT');
    expect(server.mailbox).toHaveLength(0);
  });

  it('a connection refused with 421 at the greeting: the client reads it and is done, nothing sent', () => {
    // 421: the service is not available and the channel closes (RFC 5321 §3.8, §4.2.3).
    const server = createSession({ refuse: 'closingBusy', now: FIXED_NOW });
    expect(freshConnection(server)).toBe(true);
    const c = new Conversation(clientInputFor(server, DEFAULT_CLIENT_FORM, FIXED_NOW()), server);
    stepAll(c);
    expect(c.done).toBe(true);
    expect(codes(server)).toEqual([421]);
    expect(commands(server)).toEqual([]);
    expect(c.notes).toEqual([
      {
        at: 3,
        text: '421: the server is closing the connection; what is not done is tried later.',
        rfc: 'RFC 5321 §3.8',
      },
    ]);
    expect(c.client.ended).toBe('the server closed the session (421)');
  });

  it('needs a connection of its own: not one a client has spoken on', () => {
    const server = createSession();
    server.send('EHLO me.test');
    expect(freshConnection(server)).toBe(false);
    expect(
      () => new Conversation(clientInputFor(server, DEFAULT_CLIENT_FORM, FIXED_NOW()), server),
    ).toThrow(/connection of its own/);
  });

  it('a client that waits for a reply that will not come: its timeout runs out (RFC 5321 §4.5.3.2)', () => {
    const server = createSession({ now: FIXED_NOW });
    let swallowed = false;
    // A feed that loses the first command: the server never hears it, so never answers.
    const c = new Conversation(
      clientInputFor(server, DEFAULT_CLIENT_FORM, FIXED_NOW()),
      server,
      (text) => {
        if (swallowed) server.feedWire(text);
        swallowed = true;
      },
    );
    expect(c.step()).toBe('sent');
    expect(c.step()).toBe('timeout');
    expect(c.client.ended).toBe('no reply in time');
    expect(c.notes.at(-1)!.text).toMatch(/^No reply in time: give up this session/);
  });

  it('every era and every port of the sandbox: delivered to bob, by steps that each send', () => {
    const worlds: [DialectId, Partial<World>][] = [
      ...(Object.keys(DIALECTS) as DialectId[]).map((era): [DialectId, Partial<World>] => [
        era,
        {},
      ]),
      ...PROFILES.map((p): [DialectId, Partial<World>] => ['rfc5321', withProfile(p.id, {})]),
    ];
    for (const [era, world] of worlds) {
      const { server, conversation: c } = start(era, world);
      const steps = stepAll(c);
      expect(
        steps.every((s) => s.kind === 'sent'),
        era,
      ).toBe(true);
      expect(c.client.result.delivered, `${era} ${JSON.stringify(world.tls)}`).toBe(true);
      expect(server.mailbox[0]!.recipients.map((r) => r.mailbox)).toEqual(['bob@example.test']);
      expect(codes(server).at(-1)).toBe(221);
      expect(c.notes.length).toBeGreaterThan(2);
    }
  });

  it('converse runs one to the end, as before', () => {
    const server = createSession({ now: FIXED_NOW });
    const client = converse(clientInputFor(server, DEFAULT_CLIENT_FORM, FIXED_NOW()), server);
    expect(client.done).toBe(true);
    expect(server.mailbox).toHaveLength(1);
  });
});

describe('the client form', () => {
  it('writes the message RFC 5322 asks for: Date and From, To, Subject, a Message-ID', () => {
    const text = messageText(DEFAULT_CLIENT_FORM, FIXED_NOW());
    const cut = text.indexOf('\r\n\r\n');
    const [head, body] = [text.slice(0, cut), text.slice(cut + 4)];
    expect(head.split('\r\n')).toEqual([
      'Date: Sun, 29 Nov 2026 12:00:00 +0000',
      'From: <alice@example.test>',
      'To: <bob@example.test>',
      'Subject: Hello from the client machine',
      expect.stringMatching(/^Message-ID: <[0-9a-z]+\.\d+@client\.test>$/),
    ]);
    expect(body).toBe(
      'Hi Bob,\r\n\r\nThe client machine sent this message, one command at a time.\r\n\r\nAlice\r\n',
    );
    expect(text).not.toMatch(/[^\r]\n/);
  });

  it('reads recipients separated by commas or spaces, and says what is missing', () => {
    expect(recipientsFromText(' bob@example.test, postmaster@example.test;x@y.test ')).toEqual([
      'bob@example.test',
      'postmaster@example.test',
      'x@y.test',
    ]);
    expect(formProblem({ ...DEFAULT_CLIENT_FORM, from: ' ' })).toBe('from');
    expect(formProblem({ ...DEFAULT_CLIENT_FORM, to: [] })).toBe('to');
    expect(formProblem(DEFAULT_CLIENT_FORM)).toBeNull();
  });

  it('gives AUTH credentials only when the server offers AUTH', () => {
    const plain = createSession();
    expect(clientInputFor(plain, DEFAULT_CLIENT_FORM, FIXED_NOW()).options.auth).toBeUndefined();
    const submission = createSession({ world: withProfile('submission', {}) });
    const bob = { ...DEFAULT_CLIENT_FORM, from: 'bob@example.test' };
    expect(clientInputFor(submission, bob, FIXED_NOW()).options.auth).toEqual({
      user: 'bob',
      password: 'builder',
    });
    // RFC 821 has no EHLO, so no AUTH, whatever the world's extensions.
    const old = createSession({ dialect: 'rfc821', world: withProfile('submission', {}) });
    expect(clientInputFor(old, DEFAULT_CLIENT_FORM, FIXED_NOW()).options.auth).toBeUndefined();
  });
});
