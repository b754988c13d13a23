/**
 * A host's server as the network makes it: port 587 is submission, port 25
 * the host's profile; a modern server knows the null-MX domains (RFC 7505
 * §4.1: RCPT refused with 556 5.1.10, MAIL from them 550 5.7.27 when the
 * server chooses); a host that never takes mail greets with 521 (RFC 7504 §3).
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../../src/machines/session.ts';
import {
  connectionFate,
  DEFAULT_NETWORK,
  greetingRefusal,
  hostNamed,
  hostWorld,
  portFor,
} from '../../../src/protocol/network/index.ts';

const host = (name: string) => hostNamed(DEFAULT_NETWORK, name)!;

describe('the server a connection meets', () => {
  it('587 is the submission server (AUTH required, RFC 6409 §4.3); 25 the relay profile', () => {
    const submit = host('submit.elsewhere.test');
    expect(portFor(submit, true)).toBe(587);
    expect(portFor(submit, false)).toBe(25);
    expect(portFor(host('mx1.example.test'), true)).toBe(25);
    expect(hostWorld(DEFAULT_NETWORK, submit, 587).auth?.required).toBe(true);
    expect(hostWorld(DEFAULT_NETWORK, submit, 25).auth).toBeUndefined();
    expect(hostWorld(DEFAULT_NETWORK, submit, 25).hostname).toBe('submit.elsewhere.test');
  });

  it('a modern server knows the null-MX domains; an RFC 821 server does not', () => {
    const mx1 = host('mx1.example.test');
    expect(hostWorld(DEFAULT_NETWORK, mx1, 25).nullMxDomains).toEqual(['nomail.test']);
    expect(hostWorld(DEFAULT_NETWORK, { ...mx1, dialect: 'rfc821' }, 25).nullMxDomains).toBe(
      undefined,
    );
  });
});

describe('null MX in the dialogue (RFC 7505 §4.1)', () => {
  it('RCPT to a null-MX domain: 556 5.1.10, at once', () => {
    const s = createSession({
      world: { ...hostWorld(DEFAULT_NETWORK, host('mx2.example.test'), 25), relayDomains: ['*'] },
    });
    s.feed('');
    s.send('EHLO client.test');
    s.send('MAIL FROM:<carol@elsewhere.test>');
    const [r] = s.send('RCPT TO:<alice@nomail.test>');
    expect(s.wire(r!)).toBe(
      '556 5.1.10 Recipient domain nomail.test does not accept mail (null MX)\r\n',
    );
  });

  it('a domain the server would not relay to is still 550 relay denied, not 556', () => {
    const s = createSession({ world: hostWorld(DEFAULT_NETWORK, host('mx1.example.test'), 25) });
    s.feed('');
    s.send('EHLO client.test');
    s.send('MAIL FROM:<carol@elsewhere.test>');
    expect(s.send('RCPT TO:<alice@nomail.test>')[0]!.code).toBe(550);
  });

  it('MAIL from a null-MX domain, on a server that refuses them: 550 5.7.27', () => {
    const s = createSession({ world: hostWorld(DEFAULT_NETWORK, host('mx1.example.test'), 25) });
    s.feed('');
    s.send('EHLO client.test');
    const [r] = s.send('MAIL FROM:<dave@nomail.test>');
    expect(s.wire(r!)).toBe(
      '550 5.7.27 Sender domain nomail.test does not accept mail (null MX)\r\n',
    );
  });

  it('a server that does not choose to refuse them takes the MAIL', () => {
    const s = createSession({ world: hostWorld(DEFAULT_NETWORK, host('mx2.example.test'), 25) });
    s.feed('');
    s.send('EHLO client.test');
    expect(s.send('MAIL FROM:<dave@nomail.test>')[0]!.code).toBe(250);
  });
});

describe('connection fate on the simulated clock', () => {
  it('521 for a host that never accepts mail (RFC 7504 §3): 521 again to commands, QUIT closes', () => {
    const h = { ...host('mx2.example.test'), acceptsMail: false };
    expect(connectionFate(h, 0)).toBe('no-mail');
    const s = createSession({ world: hostWorld(DEFAULT_NETWORK, h, 25), refuse: 'noMailHost' });
    expect(s.feedWire('')).toBe('521 mx2.example.test does not accept mail\r\n');
    expect(s.feedWire('EHLO client.test\r\n')).toBe(
      '521 mx2.example.test does not accept mail\r\n',
    );
    expect(s.closed).toBe(false);
    expect(s.feedWire('QUIT\r\n')).toMatch(/^221 /);
    expect(s.closed).toBe(true);
  });

  it('an outage lasts until its minute; no host at an address is unreachable', () => {
    const h = { ...host('mx1.example.test'), outage: { kind: 'busy' as const, until: 60 } };
    expect(connectionFate(h, 59)).toBe('busy');
    expect(connectionFate(h, 60)).toBe('open');
    expect(connectionFate({ ...h, outage: { kind: 'unreachable' } }, 1e6)).toBe('unreachable');
    expect(connectionFate(undefined, 0)).toBe('unreachable');
  });
});

describe('the reply that replaces 220', () => {
  it('421 when busy; 521 on 25 for a host that takes no mail, 554 on 587 (RFC 6409 §7 Table 1)', () => {
    expect(greetingRefusal('busy', 25)).toBe('closingBusy');
    expect(greetingRefusal('no-mail', 25)).toBe('noMailHost');
    expect(greetingRefusal('no-mail', 587)).toBe('noService');
    expect(greetingRefusal('open', 587)).toBeUndefined();
  });
});
