/**
 * The client machine against the server machine, in every era that has a
 * sender and with the extensions of today's servers on and off: the message
 * arrives byte for byte, each recipient is taken, deferred or refused as the
 * server said, and every reply class at every step gets the RFC's reaction.
 */
import { describe, expect, it } from 'vitest';
import { converse } from '../../src/machines/conversation.ts';
import { ClientSession } from '../../src/machines/client-session.ts';
import { createSession } from '../../src/machines/session.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { DEFAULT_CLIENT_OPTIONS, type ClientOptions } from '../../src/protocol/client/outgoing.ts';
import { custom } from '../../src/protocol/replies.ts';
import { withProfile } from '../../src/protocol/profiles.ts';
import type { World } from '../../src/protocol/world.ts';
import { FIXED_NOW } from '../helpers.ts';

const TEXT =
  'From: alice@example.test\r\nTo: bob@example.test\r\nSubject: hi\r\n\r\n.a line with a dot\r\n..two\r\nend\r\n';
const message = (to: string[] = ['bob@example.test'], text = TEXT) => ({
  from: 'alice@example.test',
  to,
  text,
});
const options = (o: Partial<ClientOptions> = {}): ClientOptions => ({
  ...DEFAULT_CLIENT_OPTIONS,
  ...o,
});

function run(
  era: DialectId,
  o: {
    to?: string[];
    client?: Partial<ClientOptions>;
    world?: Partial<World>;
    serverEra?: DialectId;
    faults?: Parameters<typeof createSession>[0] extends infer T
      ? T extends { faults?: infer F }
        ? F
        : never
      : never;
  } = {},
) {
  const server = createSession({
    dialect: o.serverEra ?? era,
    now: FIXED_NOW,
    world: o.world,
    faults: o.faults,
  });
  const client = converse(
    { dialect: DIALECTS[era], message: message(o.to), options: options(o.client) },
    server,
  );
  expect(client.error).toBeUndefined();
  expect(client.done).toBe(true);
  const sent = client.log.filter((e) => e.kind === 'client').map((e) => e.text);
  return { server, client, sent, result: client.result };
}

const stored = (server: ReturnType<typeof createSession>, n = 0) =>
  new TextDecoder().decode(server.mailbox[n]!.content);

describe('the client against the server, era by era', () => {
  for (const era of Object.keys(DIALECTS) as DialectId[]) {
    it(`${era}: the message arrives byte for byte, then QUIT and 221`, () => {
      const { server, client, sent, result } = run(era, {
        to: ['bob@example.test', 'alice@example.test'],
      });
      expect(result.delivered).toBe(true);
      expect(result.accepted).toEqual(['bob@example.test', 'alice@example.test']);
      // MTP sends one MAIL per recipient (RFC 772, 780): two messages; SMTP one with two RCPT.
      const mtp = !DIALECTS[era].helloRequired;
      expect(server.mailbox).toHaveLength(mtp ? 2 : 1);
      for (let i = 0; i < server.mailbox.length; i++) expect(stored(server, i)).toBe(TEXT);
      expect(sent.at(-1)).toBe('QUIT');
      expect(client.log.filter((e) => e.kind === 'server').at(-1)!.text).toMatch(/^221 /);
      expect(sent[0]).toBe(
        mtp
          ? 'MAIL FROM:<alice@example.test> TO:<bob@example.test>'
          : DIALECTS[era].extensions
            ? 'EHLO client.test'
            : 'HELO client.test',
      );
      // The stuffing rule of the era: RFC 772 has none (its lines go as they are).
      expect(sent).toContain(
        DIALECTS[era].transparency ? '..a line with a dot' : '.a line with a dot',
      );
    });
  }

  it('pipelined when offered: MAIL, every RCPT and DATA in one send (RFC 2920 §3.1)', () => {
    const { server, sent } = run('rfc5321', { to: ['bob@example.test', 'alice@example.test'] });
    const group = server.transcript.filter(
      (e) => e.kind === 'client' && /^(MAIL|RCPT|DATA)/.test(e.text),
    );
    expect(new Set(group.map((e) => (e as { read: number }).read)).size).toBe(1);
    expect(sent.slice(1, 5)).toEqual([
      `MAIL FROM:<alice@example.test> SIZE=${TEXT.length}`,
      'RCPT TO:<bob@example.test>',
      'RCPT TO:<alice@example.test>',
      'DATA',
    ]);
  });

  it('one command at a time without PIPELINING, or when the client is told not to pipeline', () => {
    for (const r of [
      run('rfc5321', { world: { extensions: ['SIZE'] } }),
      run('rfc5321', { client: { pipelining: false } }),
    ]) {
      const reads = r.server.transcript
        .filter((e) => e.kind === 'client')
        .map((e) => (e as { read: number }).read);
      expect(new Set(reads).size).toBe(reads.length);
      expect(r.result.delivered).toBe(true);
    }
  });

  it('EHLO refused by an RFC 821 server: HELO, and on without extensions (RFC 1869 §4.6)', () => {
    const { sent, result, client } = run('rfc5321', { serverEra: 'rfc821' });
    expect(sent.slice(0, 3)).toEqual([
      'EHLO client.test',
      'HELO client.test',
      'MAIL FROM:<alice@example.test>',
    ]);
    expect(result.delivered).toBe(true);
    expect(client.log.some((e) => e.kind === 'note' && e.rfc === 'RFC 1869 §4.6')).toBe(true);
  });

  it('BDAT when CHUNKING is offered and chosen: counted octets, no stuffing, no dot (RFC 3030 §2)', () => {
    const { server, sent, result } = run('rfc5321', {
      world: { extensions: ['PIPELINING', 'CHUNKING'] },
      client: { chunking: true },
    });
    expect(result.delivered).toBe(true);
    expect(stored(server)).toBe(TEXT);
    expect(sent).toContain(`BDAT ${TEXT.length} LAST`);
    expect(sent).not.toContain('DATA');
    expect(sent).toContain('.a line with a dot');
  });
});

describe('policies a real server has', () => {
  it('relaying refused: that recipient is refused, the other gets the message', () => {
    const { result, server } = run('rfc5321', {
      to: ['mallory@elsewhere.invalid', 'bob@example.test'],
    });
    expect(result.accepted).toEqual(['bob@example.test']);
    expect(result.refused).toMatchObject([{ to: 'mallory@elsewhere.invalid', code: 550 }]);
    expect(result.delivered).toBe(false);
    expect(server.mailbox).toHaveLength(1);
  });

  it("452 past the server's recipient limit: deferred, to be tried again (RFC 5321 §4.5.3.1.10)", () => {
    const { result } = run('rfc5321', {
      world: { maxRecipients: 1 },
      to: ['bob@example.test', 'alice@example.test'],
    });
    expect(result.accepted).toEqual(['bob@example.test']);
    expect(result.deferred).toMatchObject([{ to: 'alice@example.test', code: 452 }]);
  });

  it('every recipient refused, pipelined: the DATA reply is still read; 554 or 503, then QUIT', () => {
    const { sent, result, server } = run('rfc5321', { to: ['x@elsewhere.invalid'] });
    expect(sent).toEqual([
      'EHLO client.test',
      `MAIL FROM:<alice@example.test> SIZE=${TEXT.length}`,
      'RCPT TO:<x@elsewhere.invalid>',
      'DATA',
      'QUIT',
    ]);
    expect(result.delivered).toBe(false);
    expect(server.mailbox).toHaveLength(0);
  });

  it('every recipient refused, one at a time: no DATA at all', () => {
    const { sent } = run('rfc821', { to: ['x@elsewhere.invalid'] });
    expect(sent).toEqual([
      'HELO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<x@elsewhere.invalid>',
      'QUIT',
    ]);
  });

  it('421 in the middle: the client stops at once and nothing is delivered (RFC 5321 §3.8)', () => {
    const { result, client, sent } = run('rfc5321', {
      client: { pipelining: false },
      faults: [
        {
          verb: 'RCPT',
          occurrence: 1,
          reply: custom(421, ['mail.example.test Service not available']),
          close: true,
        },
      ],
    });
    expect(result.delivered).toBe(false);
    expect(client.ended).toMatch(/421/);
    expect(sent.at(-1)).toBe('RCPT TO:<bob@example.test>');
  });

  it('submission: STARTTLS, EHLO again, AUTH PLAIN, then the mail (RFC 3207 §4.2, RFC 4954)', () => {
    const world = withProfile('submission');
    const { sent, result, client } = run('rfc5321', {
      world,
      client: { starttls: 'required', auth: { user: 'alice', password: 'wonderland' } },
    });
    expect(sent.slice(0, 4)).toEqual([
      'EHLO client.test',
      'STARTTLS',
      'EHLO client.test',
      expect.stringMatching(/^AUTH PLAIN /),
    ]);
    expect(client.log.some((e) => e.kind === 'tls')).toBe(true);
    expect(result.delivered).toBe(true);
  });

  it('AUTH LOGIN answers the two 334 prompts', () => {
    const world = withProfile('submission');
    const { sent, result } = run('rfc5321', {
      world,
      client: {
        starttls: 'required',
        auth: { user: 'alice', password: 'wonderland', mechanism: 'LOGIN' },
      },
    });
    expect(sent.slice(3, 6)).toEqual(['AUTH LOGIN', btoa('alice'), btoa('wonderland')]);
    expect(result.delivered).toBe(true);
  });

  it('a wrong password: 535, QUIT, nothing sent (RFC 4954 §6)', () => {
    const world = withProfile('submission');
    const { sent, result, server } = run('rfc5321', {
      world,
      client: { starttls: 'required', auth: { user: 'alice', password: 'nope' } },
    });
    expect(sent.at(-1)).toBe('QUIT');
    expect(sent.some((l) => l.startsWith('MAIL'))).toBe(false);
    expect(result.delivered).toBe(false);
    expect(server.mailbox).toHaveLength(0);
  });

  it('TLS required and not offered: QUIT before any mail', () => {
    const { sent } = run('rfc5321', { client: { starttls: 'required' } });
    expect(sent).toEqual(['EHLO client.test', 'QUIT']);
  });
});

/** A client fed scripted replies, for the reply classes a well-behaved server rarely gives. */
function scripted(
  era: DialectId,
  replies: string[],
  o: Partial<ClientOptions> = {},
  to = ['bob@example.test'],
) {
  const sent: string[] = [];
  const client = new ClientSession(
    { dialect: DIALECTS[era], message: message(to), options: options(o) },
    { send: (t) => void sent.push(t), starttls: () => {}, close: () => {} },
  );
  for (const r of replies) client.receive(`${r}\r\n`);
  return { client, sent: sent.join('').split('\r\n').filter(Boolean) };
}

describe('every reply class at each step', () => {
  it('554 instead of 220: QUIT (RFC 5321 §3.1)', () => {
    const { sent } = scripted('rfc5321', ['554 no service here']);
    expect(sent).toEqual(['QUIT']);
  });

  it('4yz to MAIL: every recipient deferred, QUIT', () => {
    const { client, sent } = scripted('rfc821', [
      '220 hi',
      '250 hello',
      '451 try later',
      '221 bye',
    ]);
    expect(sent).toEqual(['HELO client.test', 'MAIL FROM:<alice@example.test>', 'QUIT']);
    expect(client.result.deferred).toMatchObject([{ to: 'bob@example.test', code: 451 }]);
  });

  it('4yz after the text: the message is deferred, not delivered', () => {
    const { client } = scripted('rfc821', [
      '220 hi',
      '250 hello',
      '250 ok',
      '250 ok',
      '354 go',
      '452 no room',
      '221 bye',
    ]);
    expect(client.result.delivered).toBe(false);
    expect(client.result.deferred).toMatchObject([{ to: 'bob@example.test', code: 452 }]);
  });

  it('5yz to DATA: refused, QUIT', () => {
    const { client, sent } = scripted('rfc821', [
      '220 hi',
      '250 hello',
      '250 ok',
      '250 ok',
      '554 no',
      '221 bye',
    ]);
    expect(sent.at(-1)).toBe('QUIT');
    expect(client.result.refused).toMatchObject([{ to: 'bob@example.test', code: 554 }]);
  });

  it('a multi-line reply is one reply, even cut across reads', () => {
    const sent: string[] = [];
    const client = new ClientSession(
      { dialect: DIALECTS.rfc5321, message: message(), options: options() },
      { send: (t) => void sent.push(t), starttls: () => {}, close: () => {} },
    );
    client.receive('220 hi\r\n');
    client.receive('250-mail.example.test\r\n250-PIPE');
    client.receive('LINING\r\n250 SIZE 1000\r\n');
    expect(client.context.extensions?.has('PIPELINING')).toBe(true);
    expect(client.state).toBe('mail');
  });

  it('a line that is not a reply is logged with its rule and not acted on; a 1yz reply is no fault', () => {
    const { client, sent } = scripted('rfc780', ['hello there', '120 not yet', '220 ready']);
    expect(client.log.filter((e) => e.kind === 'bad')).toEqual([
      expect.objectContaining({
        text: 'hello there',
        why: expect.stringContaining('RFC 5321 §4.2'),
      }),
    ]);
    expect(sent).toEqual(['CONT', 'MAIL FROM:<alice@example.test> TO:<bob@example.test>']);
  });

  it('RFC 780: 151 offers to forward, CONT accepts, then 354 (RFC 780 §3.1)', () => {
    const { sent, client } = scripted('rfc780', [
      '220 hi',
      '151 User not local; will forward to bob@elsewhere',
      '354 go',
      '250 ok',
      '221 bye',
    ]);
    expect(sent.slice(0, 2)).toEqual([
      'MAIL FROM:<alice@example.test> TO:<bob@example.test>',
      'CONT',
    ]);
    expect(client.result.delivered).toBe(true);
  });

  it('RFC 772: 151 is followed by 354 at once, no CONT', () => {
    const { sent } = scripted('rfc772', [
      '220 hi',
      '151 User not local',
      '354 go',
      '250 ok',
      '221 bye',
    ]);
    expect(sent).not.toContain('CONT');
  });

  it('RFC 780 delayed start: 120, CONT, then 220 (RFC 780 §5.3)', () => {
    const { sent } = scripted('rfc780', ['120 not ready yet', '220 ready']);
    expect(sent).toEqual(['CONT', 'MAIL FROM:<alice@example.test> TO:<bob@example.test>']);
  });

  it('a timeout ends the session and says which rule (RFC 5321 §4.5.3.2)', () => {
    const { client } = scripted('rfc5321', ['220 hi']);
    expect(client.timeoutSeconds).toBe(300);
    client.timeout();
    expect(client.done).toBe(true);
    expect(client.ended).toBe('no reply in time');
  });
});
