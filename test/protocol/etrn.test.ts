/**
 * ETRN (RFC 1985): its syntax and replies (§5, §5.1, §5.3, §6), when it may
 * be sent (§5), where it is offered (an ESMTP server that turns it on, never
 * the submission port: RFC 6409 §7 Table 1), and the RFC's own example (§7).
 */
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/machines/replay.ts';
import { citeReply, eraMeaning } from '../../src/protocol/citations.ts';
import { DIALECTS } from '../../src/protocol/dialects/index.ts';
import { EXTENSIONS } from '../../src/protocol/extensions/index.ts';
import { MODERN, PROFILES, withProfile } from '../../src/protocol/profiles.ts';
import { CATALOG } from '../../src/protocol/replies.ts';
import { parseTranscript } from '../../src/protocol/transcript.ts';
import { ETRN, LAST_IN_GROUP } from '../../src/protocol/verbs/index.ts';
import { DEFAULT_WORLD, type EtrnQueues, type World } from '../../src/protocol/world.ts';
import { fixture, open } from '../helpers.ts';

const on = (etrn?: EtrnQueues, world: Partial<World> = {}) =>
  open({ extensions: ['ETRN'], ...(etrn ? { etrn } : {}), ...world });

/** A session past EHLO with ETRN on; `say(line)` gives the single reply's code and text. */
function etrnSession(etrn?: EtrnQueues, world: Partial<World> = {}) {
  const s = on(etrn, world);
  s.codes('EHLO client.test');
  const say = (line: string) => {
    const replies = s.session.send(line);
    expect(replies).toHaveLength(1);
    return `${replies[0]!.code} ${replies[0]!.lines.join(' / ')}`;
  };
  return { ...s, say };
}

/** The EHLO keywords a server offers. */
const keywords = (world: Partial<World>, dialect?: keyof typeof DIALECTS) =>
  open(world, dialect ? { dialect } : {})
    .wire('EHLO client.test')
    .split('\r\n')
    .slice(1, -1)
    .map((l) => l.slice(4));

describe('ETRN syntax (RFC 1985 §5, §7)', () => {
  it('a bare ETRN is 500, a parameter that is no fully qualified node name 501', () => {
    const { say } = etrnSession();
    expect(say('ETRN')).toBe('500 Syntax Error: ETRN takes a node name');
    expect(say('ETRN localname')).toBe(
      '501 Syntax Error in Parameters: localname is not a fully qualified domain name',
    );
    for (const bad of ['@', '#', '-x.test', 'a..test', 'a b.test', '@ client.test', 'x_y.test'])
      expect(say(`ETRN ${bad}`).slice(0, 3), bad).toBe('501');
  });

  it('takes a node, @ before a domain, # before a queue name, in any case', () => {
    const { say } = etrnSession({ queues: { '#uucp': 1 } });
    expect(say('ETRN client.test')).toBe('251 OK, no messages waiting for node client.test');
    expect(say('etrn @client.test')).toBe('251 OK, no messages waiting for node @client.test');
    expect(say('ETRN #UUCP')).toBe('253 OK, 1 pending messages for node #UUCP started');
  });
});

describe('what the server answers (RFC 1985 §5.1-§5.3, §6, §8)', () => {
  const queues: EtrnQueues['queues'] = {
    'client.test': 2,
    'fred.client.test': 3,
    'idle.test': 0,
    'slow.test': 'pending',
    'down.test': 'unable',
    '#uucp': 5,
  };

  it('without a table every queue is empty: 251 for any name that resolves', () => {
    expect(DEFAULT_WORLD.etrn).toEqual({});
    const { say } = etrnSession();
    expect(say('ETRN elsewhere.test')).toBe('251 OK, no messages waiting for node elsewhere.test');
    expect(say('ETRN example.test').slice(0, 3)).toBe('251');
  });

  it('reports what waits: 251 none, 252 some without a count, 253 with it, 458 unable', () => {
    const { say } = etrnSession({ queues });
    expect(say('ETRN idle.test')).toBe('251 OK, no messages waiting for node idle.test');
    expect(say('ETRN slow.test')).toBe('252 OK, pending messages for node slow.test started');
    expect(say('ETRN CLIENT.test')).toBe('253 OK, 2 pending messages for node CLIENT.test started');
    expect(say('ETRN down.test')).toBe('458 Unable to queue messages for node down.test');
    expect(say('ETRN #uucp')).toBe('253 OK, 5 pending messages for node #uucp started');
  });

  it('@ releases a domain and every name under it (§5.3)', () => {
    const { say } = etrnSession({ queues });
    expect(say('ETRN @client.test')).toBe(
      '253 OK, 5 pending messages for node @client.test started',
    );
    expect(say('ETRN fred.client.test').slice(0, 7)).toBe('253 OK,');
    expect(say('ETRN @down.test').slice(0, 3)).toBe('458');
    expect(say('ETRN @other.test').slice(0, 3)).toBe('251');
  });

  it('459 for a refused node, an unknown queue, a whole top-level domain, a name that does not resolve', () => {
    const { say } = etrnSession({ queues, refused: { 'elsewhere.test': 'no mail held for you' } });
    expect(say('ETRN elsewhere.test')).toBe(
      '459 Node elsewhere.test not allowed: no mail held for you',
    );
    expect(say('ETRN #mail11')).toBe('459 Node #mail11 not allowed: no such queue here');
    expect(say('ETRN @test')).toBe(
      '459 Node @test not allowed: that would release a whole top-level domain',
    );
    // The RFC's own reason (§7): "bar" is no top-level domain this world knows.
    expect(say('ETRN foo.bar')).toBe('459 Node foo.bar not allowed: Unable to resolve name.');
  });

  it('a server with a list of nodes refuses the others with 459 (§5.2)', () => {
    const { say } = etrnSession({ queues, others: 'refuse' });
    expect(say('ETRN client.test').slice(0, 3)).toBe('253');
    expect(say('ETRN other.test')).toBe(
      "459 Node other.test not allowed: not on this server's list of nodes",
    );
  });

  it("'started' says only 250, which promises nothing, besides 458 and 459 (§5.1)", () => {
    const { codes } = etrnSession({ queues, replies: 'started' });
    expect(
      codes('ETRN client.test', 'ETRN idle.test', 'ETRN slow.test', 'ETRN down.test', 'ETRN a.bar'),
    ).toEqual([250, 250, 250, 458, 459]);
  });

  it('the minimal server (§6) answers every well-formed request 250, never 458 or 459', () => {
    const { codes } = etrnSession({ queues, replies: 'minimal' });
    expect(codes('ETRN down.test', 'ETRN foo.bar', 'ETRN #none', 'ETRN', 'ETRN x')).toEqual([
      250, 250, 250, 500, 501,
    ]);
  });

  it('carries enhanced status codes when the session has them (RFC 2034 §3)', () => {
    const s = on(undefined, { extensions: ['ETRN', 'ENHANCEDSTATUSCODES'] });
    s.codes('EHLO client.test');
    expect(s.wire('ETRN client.test')).toBe(
      '251 2.0.0 OK, no messages waiting for node client.test\r\n',
    );
    expect(s.wire('ETRN foo.bar')).toBe(
      '459 4.7.0 Node foo.bar not allowed: Unable to resolve name.\r\n',
    );
  });
});

describe('when ETRN may be sent (RFC 1985 §5)', () => {
  it('once the session is open with HELO or EHLO, not before', () => {
    expect(on().codes('ETRN client.test', 'HELO client.test', 'ETRN client.test')).toEqual([
      503, 250, 251,
    ]);
  });

  it('not between MAIL and the end of DATA; the transaction goes on', () => {
    const { codes } = etrnSession();
    expect(codes('MAIL FROM:<a@client.test>', 'ETRN client.test')).toEqual([250, 503]);
    expect(codes('RCPT TO:<bob@example.test>', 'ETRN client.test', 'DATA')).toEqual([
      250, 503, 354,
    ]);
    expect(codes('Subject: hi', '', 'text', '.', 'ETRN client.test')).toEqual([250, 251]);
    expect(codes('MAIL FROM:<a@client.test>', 'RSET', 'ETRN client.test')).toEqual([250, 250, 251]);
  });

  it('ends a pipelined group (RFC 2920 §3.1: other extensions’ commands do)', () => {
    expect(LAST_IN_GROUP.has('ETRN')).toBe(true);
    const s = on(undefined, { extensions: ['ETRN', 'PIPELINING'] });
    s.codes('EHLO client.test');
    const replies = s.session.feed('ETRN client.test\r\nNOOP\r\n');
    expect(replies.map((r) => r.code)).toEqual([251, 250]);
    const notes = s.session.transcript.flatMap((e) => (e.kind === 'note' ? [e.text] : []));
    expect(notes).toEqual([
      'ETRN should be the last command of a pipelined group; more commands followed it in the same send.',
    ]);
  });
});

describe('where ETRN is offered (RFC 1985 §2, RFC 6409 §7 Table 1)', () => {
  it('only where the world turns it on: the keyword alone, and the verb exists then', () => {
    expect(keywords({})).not.toContain('ETRN');
    expect(open({}).codes('EHLO client.test', 'ETRN client.test')).toEqual([250, 500]);
    expect(keywords({ extensions: ['ETRN'] })).toEqual(['ETRN', 'EXPN']);
  });

  it('not by the RFC 1869 server (November 1995, before RFC 1985) nor before ESMTP', () => {
    for (const dialect of ['rfc1869', 'rfc821'] as const) {
      const s = open({ extensions: ['ETRN'] }, { dialect });
      expect(s.wire('EHLO client.test')).not.toContain('ETRN');
      expect(s.codes('ETRN client.test'), dialect).toEqual([500]);
    }
  });

  it('not on any port profile: an optional extension, and MUST NOT on submission', () => {
    expect(MODERN).not.toContain('ETRN');
    for (const p of PROFILES) {
      expect(p.world.extensions, p.id).not.toContain('ETRN');
      expect(keywords(withProfile(p.id)), p.id).not.toContain('ETRN');
    }
  });

  it("its extension's reply table holds every code its room gives, as §5.1 lists them", () => {
    const ext = EXTENSIONS.find((e) => e.keyword === 'ETRN')!;
    expect(ext.verbs).toEqual([ETRN.specs.rfc1985]);
    const seq = ext.sequences!.ETRN!;
    for (const id of ETRN.replies)
      expect([...seq.success, ...seq.error]).toContain(CATALOG[id].code);
    expect(ETRN.replies.map((id) => CATALOG[id].code).sort()).toEqual([
      250, 251, 252, 253, 458, 459, 500, 501,
    ]);
  });

  it('today’s SMTP explains its codes from RFC 1985', () => {
    expect(citeReply(DIALECTS.rfc5321, { id: 'etrnUnable', code: 458 })).toBe(
      'RFC 1985 §5.1, §5.2',
    );
    expect(eraMeaning(DIALECTS.rfc5321, 459)?.rfc).toBe('RFC 1985 §5.1');
    expect(eraMeaning(DIALECTS.rfc5321, 253)?.text).toBe(
      'OK, <n> pending messages for node <x> started',
    );
    // The RFC 1869 era is older than ETRN: never cited there.
    expect(citeReply(DIALECTS.rfc1869, { id: 'etrnUnable', code: 458 })).not.toContain('1985');
  });
});

describe('the example of RFC 1985 §7, both alternatives', () => {
  it.each(['alt1', 'alt2'])('%s replays with no difference but the RFC’s own QUIT slip', (alt) => {
    const result = replay(parseTranscript(fixture(`ext/rfc1985-7-etrn-${alt}.smtp`)));
    expect(result.differences.map((d) => `${d.command} -> ${d.expected}`)).toEqual([
      'QUIT -> 250 Goodbye',
    ]);
    expect(result.replies).toBe(alt === 'alt1' ? 9 : 10);
  });
});
