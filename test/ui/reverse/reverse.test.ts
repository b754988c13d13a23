/**
 * The "You are the server" model in Node: the display lines, each verdict
 * after its reply, what the client waits for, the codes the RFC lists, typed
 * text that is no reply, a multi-line reply typed a line at a time, STARTTLS
 * (the handshake comes in a microtask), and a restart. The panel rendered on
 * the server shows the same.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import ReversePanel from '../../../src/ui/reverse/ReversePanel.svelte';
import { ReverseController } from '../../../src/ui/reverse/reverse.svelte.ts';

const EHLO = '250-mail.example.test greets client.test\n250-PIPELINING\n250 SIZE 10485760';
const text = (c: ReverseController) => c.lines.map((l) => `${l.prefix} ${l.text}`.trim());
const verdicts = (c: ReverseController) =>
  c.lines.filter((l) => l.kind === 'verdict').map((l) => `${l.code} ${l.verdict}`);

describe('ReverseController', () => {
  it('a correct session: each reply judged right after it, the message delivered', () => {
    const c = new ReverseController();
    expect(c.dialect.id).toBe('rfc5321');
    expect(c.waitingFor.map((w) => w.label)).toEqual(['the connection']);
    expect(c.codes).toEqual({
      positive: [220],
      intermediate: [],
      negative: [554, 521],
      any: [500, 501, 421],
    });
    expect(c.rfc).toBe('RFC 5321 §4.3.2');
    c.answer('220 mail.example.test ESMTP');
    expect(c.waitingFor.map((w) => w.label)).toEqual(['EHLO client.test']);
    c.answer(EHLO);
    expect(c.waitingFor.map((w) => w.verb)).toEqual(['MAIL', 'RCPT', 'DATA']);
    expect(c.codes?.positive).toEqual([250]);
    c.answer('250 OK\n250 OK\n354 Start mail input');
    expect(c.waitingFor.map((w) => w.label)).toEqual(['the message text']);
    // After the text: the replies the RFC lists after the final dot.
    expect(c.codes).toMatchObject({ positive: [250], intermediate: [] });
    expect(c.codes?.negative).toContain(554);
    c.answer('250 OK: queued');
    expect(c.done).toBe(false);
    expect(c.result).toBeNull();
    c.answer('221 Bye');
    expect(verdicts(c)).toEqual([
      '220 right',
      '250 right',
      '250 right',
      '250 right',
      '354 right',
      '250 right',
      '221 right',
    ]);
    expect(c.done).toBe(true);
    expect(c.waitingFor).toEqual([]);
    expect(c.result?.delivered).toBe(true);
    expect(c.recipients).toEqual([{ to: 'bob@example.test', outcome: 'delivered' }]);
    const lines = text(c);
    expect(lines.slice(0, 4)).toEqual([
      '<- 220 mail.example.test ESMTP',
      '220 is what this server answers to the connection.',
      '** The server is ready: open with EHLO, to learn which extensions it offers.',
      '-> EHLO client.test',
    ]);
    expect(lines).toContain('<- 250-PIPELINING');
    expect(lines).toContain('-> Hello Bob, this is Alice.');
    expect(lines.at(-3)).toBe('-> QUIT');
    expect(c.lines.find((l) => l.kind === 'note')?.rfc).toMatch(/^RFC 5321/);
    expect(c.latest).toMatchObject({ code: 221, kind: 'right' });
  });

  it('550 to RCPT: allowed by the RFC but not what this server says; the client drops bob', () => {
    const c = new ReverseController();
    c.answer('220 hi');
    c.answer(EHLO);
    const [mail, rcpt] = c.answer('250 OK\n550 No such user here');
    expect(mail).toMatchObject({ code: 250, matches: true });
    expect(rcpt).toMatchObject({ code: 550, listed: true, matches: false, expected: 250 });
    expect(c.latest?.kind).toBe('allowed');
    const verdict = c.lines.filter((l) => l.kind === 'verdict').at(-1)!;
    expect(verdict).toMatchObject({ verdict: 'allowed', code: 550, rfc: 'RFC 5321 §4.3.2' });
    expect(verdict.text).toBe(
      'The RFC allows 550 to RCPT TO:<bob@example.test>, but this server would answer 250 2.1.5 OK.',
    );
    expect(text(c).at(-1)).toMatch(/^\*\* bob@example\.test is refused \(550\)/);
    // A code the RFC does not list for DATA.
    const [data] = c.answer('221 nope');
    // Bob was refused: a correct server now refuses DATA (no valid recipients, RFC 5321 §3.3).
    expect(data).toMatchObject({ listed: false, expected: 554 });
    expect(c.latest?.kind).toBe('wrong');
    expect(c.latest?.why).toContain('not among the replies the RFC lists for DATA');
    if (!c.done) c.answer('221 bye');
    expect(c.done).toBe(true);
    expect(c.recipients).toEqual([
      { to: 'bob@example.test', outcome: 'refused', code: 550, text: 'No such user here' },
    ]);
  });

  it('typed text that is no reply is refused with a reason and nothing is sent', () => {
    const c = new ReverseController();
    expect(c.answer('hello')).toEqual([]);
    expect(c.problem).toBe('form');
    expect(c.lines).toEqual([]);
    c.answer('   ');
    expect(c.problem).toBe('empty');
    c.answer('220 ready');
    expect(c.problem).toBeNull();
    expect(c.lines).toHaveLength(4);
  });

  it('a multi-line reply a line at a time: its lines wait, shown as such, until the last', () => {
    const c = new ReverseController({ era: 'rfc821' });
    expect(c.dialect.id).toBe('rfc821');
    c.answer('220 hi');
    expect(c.waitingFor[0]?.label).toBe('HELO client.test');
    expect(c.codes?.any).toEqual([]); // 500 and 421 are in RFC 821's list for HELO already
    expect(c.answer('250-mail.example.test')).toEqual([]);
    expect(c.pending).toEqual(['250-mail.example.test']);
    expect(c.lines.at(-1)).toMatchObject({ kind: 'pending', prefix: '<-' });
    c.answer('250 at your service');
    expect(c.pending).toEqual([]);
    expect(text(c)).toContain('<- 250-mail.example.test');
    expect(c.latest).toMatchObject({ code: 250, kind: 'right', rfc: 'RFC 821 §4.3' });
  });

  it('STARTTLS: after 220 the simulated handshake comes in a microtask, then EHLO again', async () => {
    const c = new ReverseController();
    c.answer('220 hi');
    c.answer('250-mail.example.test\n250 STARTTLS');
    expect(c.waitingFor[0]?.label).toBe('STARTTLS');
    c.answer('220 Ready to start TLS');
    await Promise.resolve();
    await Promise.resolve();
    expect(c.lines.some((l) => l.kind === 'tls')).toBe(true);
    expect(text(c).at(-1)).toBe('~> EHLO client.test');
    expect(c.waitingFor[0]?.label).toBe('EHLO client.test');
  });

  it('an unknown era falls back to RFC 5321; restart starts a new session', () => {
    const c = new ReverseController({ era: 'nope' });
    expect(c.dialect.id).toBe('rfc5321');
    c.answer('220 hi');
    c.answer('421 going down');
    expect(c.done).toBe(true);
    expect(c.ended).toMatch(/421/);
    expect(c.answer('250 more')).toEqual([]);
    expect(c.problem).toBe('over');
    c.restart();
    expect(c.done).toBe(false);
    expect(c.lines).toEqual([]);
    expect(c.latest).toBeNull();
    expect(c.problem).toBeNull();
    expect(c.ended).toBeNull();
    expect(c.waitingFor.map((w) => w.label)).toEqual(['the connection']);
  });
});

describe('ReversePanel', () => {
  it('renders the heading, what the client waits for, the codes, a labelled input', () => {
    const { body: html } = render(ReversePanel, { props: { era: 'rfc5321' } });
    const body = html.replace(/<!--.*?-->/g, '').replace(/ class="[^"]*"/g, '');
    expect(body).toContain('You are the server');
    expect(body).toContain('The client has connected and waits for your greeting.');
    expect(body).toContain(
      'RFC 5321 §4.3.2 lists for this: positive <code>220</code>; negative <code>554, 521</code>; for any command <code>500, 501, 421</code>',
    );
    expect(body).toMatch(/<label for="reverse-input">Your reply<\/label>/);
    expect(body).toContain('id="reverse-input"');
    expect(body).toContain('aria-live="polite"');
  });

  it("after TURN the simulator sends the mail it holds for the learner's domain (RFC 821 §4.1.1)", () => {
    const c = new ReverseController({ era: 'rfc821', turnTo: 'client.test' });
    expect(c.turned).toBe('client.test');
    expect(c.message).toMatchObject({
      from: 'postmaster@example.test',
      to: ['postmaster@client.test'],
    });
    expect(c.waitingFor.map((w) => w.label)).toEqual(['the connection']);
    c.answer('220 client.test ready');
    expect(c.waitingFor.map((w) => w.label)).toEqual(['HELO mail.example.test']);
    c.answer('250 hello');
    c.answer('250 OK');
    const [rcpt] = c.answer('250 OK');
    // The learner's host takes mail for its own postmaster: the right answer.
    expect(rcpt).toMatchObject({
      to: 'RCPT TO:<postmaster@client.test>',
      code: 250,
      matches: true,
    });
    c.answer('354 go ahead');
    c.answer('250 OK');
    c.answer('221 bye');
    // The outcome is told for the recipient of the mail sent after TURN.
    expect(c.recipients).toEqual([{ to: 'postmaster@client.test', outcome: 'delivered' }]);
  });
});
