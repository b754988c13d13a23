/**
 * The learner as the server: scripted replies, right and wrong, get the
 * verdicts the RFC and a correct server give, and the client reacts to what
 * was typed.
 */
import { describe, expect, it } from 'vitest';
import { recipientOutcomes, RoleReversal, verdictKind } from '../../src/machines/role-reversal.ts';
import { DIALECTS } from '../../src/protocol/dialects/index.ts';
import { DEFAULT_CLIENT_OPTIONS } from '../../src/protocol/client/outgoing.ts';

const start = (to = ['bob@example.test'], era: 'rfc5321' | 'rfc821' = 'rfc5321') =>
  new RoleReversal({
    dialect: DIALECTS[era],
    message: { from: 'alice@example.test', to, text: 'Subject: hi\r\n\r\nhello\r\n' },
    options: DEFAULT_CLIENT_OPTIONS,
  });
const sent = (r: RoleReversal) =>
  r.client.log.filter((e) => e.kind === 'client').map((e) => e.text);
const EHLO = '250-mail.example.test greets client.test\r\n250-PIPELINING\r\n250 SIZE 10485760';

describe('the learner plays the server', () => {
  it('a whole session answered as this server would: every verdict matches, the mail is delivered', () => {
    const r = start();
    expect(r.waitingFor.map((w) => w.label)).toEqual(['the connection']);
    r.answer('220 mail.example.test Service ready');
    expect(sent(r)).toEqual(['EHLO client.test']);
    r.answer(EHLO);
    expect(r.waitingFor.map((w) => w.verb)).toEqual(['MAIL', 'RCPT', 'DATA']);
    r.answer('250 OK\r\n250 OK\r\n354 Start mail input');
    expect(r.waitingFor.map((w) => w.label)).toEqual(['the message text']);
    r.answer('250 OK: queued');
    r.answer('221 bye');
    expect(r.verdicts.every((v) => v.matches && v.listed)).toBe(true);
    expect(r.client.result.delivered).toBe(true);
    expect(r.done).toBe(true);
  });

  it('550 to a recipient this server would take: allowed by the RFC, not what it would say; the client drops it', () => {
    const r = start(['bob@example.test', 'alice@example.test']);
    r.answer('220 hi');
    r.answer(EHLO);
    const [, bob] = r.answer('250 OK\r\n550 No such user\r\n250 OK\r\n354 go');
    expect(bob).toMatchObject({
      to: 'RCPT TO:<bob@example.test>',
      code: 550,
      listed: true,
      matches: false,
      expected: 250,
    });
    expect(bob!.why).toContain('this server would answer 250');
    r.answer('250 queued');
    expect(r.client.result.accepted).toEqual(['alice@example.test']);
    expect(r.client.result.refused).toMatchObject([{ to: 'bob@example.test', code: 550 }]);
  });

  it('every recipient refused by the learner: a correct server refuses DATA, whatever the shadow took', () => {
    const r = start(['bob@example.test'], 'rfc821');
    r.answer('220 hi');
    r.answer('250 hello');
    r.answer('250 OK');
    r.answer('550 no such user');
    // No recipient was taken: the client sends no DATA at all (RFC 5321 §3.3).
    expect(sent(r).at(-1)).toBe('QUIT');
    const p = start(['bob@example.test']);
    p.answer('220 hi');
    p.answer(EHLO);
    const [, , data] = p.answer('250 OK\r\n550 no such user\r\n554 No valid recipients');
    expect(data).toMatchObject({ to: 'DATA', code: 554, matches: true, expected: 554 });
  });

  it('a code the RFC does not list for the command is said to be one', () => {
    const r = start(['bob@example.test'], 'rfc821');
    r.answer('220 hi');
    const [v] = r.answer('354 go ahead');
    expect(v).toMatchObject({ to: 'HELO client.test', code: 354, listed: false, expected: 250 });
    expect(v!.why).toContain('not among the replies the RFC lists');
    expect(v!.rfc).toBe('RFC 821 §4.3');
  });

  it('421: the client stops at once', () => {
    const r = start();
    r.answer('220 hi');
    r.answer('421 going down');
    expect(r.done).toBe(true);
    expect(r.client.ended).toMatch(/421/);
  });

  it('a wrong greeting (554): the client says QUIT', () => {
    const r = start();
    const [v] = r.answer('554 no service');
    expect(v).toMatchObject({ listed: true, matches: false, expected: 220 });
    expect(sent(r)).toEqual(['QUIT']);
  });

  it('a reply nobody asked for is not taken', () => {
    const r = start();
    r.answer('220 hi');
    r.answer(EHLO);
    r.answer('250 OK\r\n250 OK\r\n354 go\r\n');
    r.answer('250 queued');
    r.answer('221 bye');
    expect(r.answer('250 more')).toEqual([]);
  });

  it('each verdict names the verb awaited: CONNECTION for the greeting, DATA for the command and its text', () => {
    const r = start();
    r.answer('220 hi');
    r.answer(EHLO);
    r.answer('250 OK\r\n250 OK\r\n354 go');
    r.answer('250 queued');
    expect(r.verdicts.map((v) => [v.verb, v.to])).toEqual([
      ['CONNECTION', 'the connection'],
      ['EHLO', 'EHLO client.test'],
      ['MAIL', 'MAIL FROM:<alice@example.test> SIZE=22'],
      ['RCPT', 'RCPT TO:<bob@example.test>'],
      ['DATA', 'DATA'],
      ['DATA', 'the message text'],
    ]);
  });

  it('verdict kinds: right, allowed (listed, another code than this server), wrong (not listed)', () => {
    const r = start(['bob@example.test', 'nobody@example.test']);
    r.answer('220 hi');
    const [ehlo] = r.answer('250 hi');
    const [mail] = r.answer('251 odd');
    expect([verdictKind(ehlo!), verdictKind(mail!)]).toEqual(['right', 'wrong']);
    const [bob] = r.answer('451 later');
    expect(verdictKind(bob!)).toBe('allowed');
  });

  it('recipient outcomes: delivered, refused, deferred, and never sent', () => {
    const result = {
      accepted: ['a@example.test'],
      refused: [{ to: 'b@example.test', code: 550, text: 'no' }],
      deferred: [{ to: 'c@example.test', code: 451, text: 'later' }],
      final: null,
      delivered: false,
    };
    const all = ['a@example.test', 'b@example.test', 'c@example.test', 'd@example.test'];
    expect(recipientOutcomes(all, result)).toEqual([
      { to: 'a@example.test', outcome: 'delivered' },
      { to: 'b@example.test', outcome: 'refused', code: 550, text: 'no' },
      { to: 'c@example.test', outcome: 'deferred', code: 451, text: 'later' },
      { to: 'd@example.test', outcome: 'unsent' },
    ]);
  });

  it('after 220 to STARTTLS, a reply typed at once (a replay, no task in between) comes after the handshake', () => {
    const r = start();
    r.answer('220 hi');
    r.answer('250-mail.example.test\r\n250 STARTTLS');
    expect(sent(r).at(-1)).toBe('STARTTLS');
    r.answer('220 Ready to start TLS');
    // No microtask ran: the next reply finishes the handshake first, so the new EHLO awaits it.
    const [ehlo] = r.answer('250 mail.example.test');
    expect(ehlo).toMatchObject({ to: 'EHLO client.test', code: 250 });
    expect(r.client.log.filter((e) => e.kind === 'tls')).toHaveLength(1);
    expect(r.client.context.tls).toBe(true);
  });

  it('the handshake also finishes on its own, once, when nothing is typed', async () => {
    const r = start();
    r.answer('220 hi');
    r.answer('250-mail.example.test\r\n250 STARTTLS');
    r.answer('220 go ahead');
    await Promise.resolve();
    expect(sent(r).at(-1)).toBe('EHLO client.test');
    r.answer('250 mail.example.test');
    await Promise.resolve();
    expect(r.client.log.filter((e) => e.kind === 'tls')).toHaveLength(1);
  });
});
