/**
 * The console speaks the session's era: its placeholder and hints name only
 * commands the era has, its hovers and diagnostics cite the era's RFC, and
 * its dot rule is the era's (none in RFC 772).
 */
import { describe, expect, it } from 'vitest';
import { suggestionsAt } from '../../src/console/completions.ts';
import { ConsoleState } from '../../src/console/console.svelte.ts';
import { diagnose, diagnoseCommand, diagnoseContent } from '../../src/console/diagnostics.ts';
import { commandExample, commandHint, dataHint } from '../../src/console/era-hints.ts';
import { hoverAt } from '../../src/console/hovers.ts';
import { replyCodeInfo, replyCodeTitle } from '../../src/kit/reply-codes.ts';
import { contentLine } from '../../src/console/protocol-view.ts';
import { createSession } from '../../src/machines/session.ts';
import { rfcNumbers, withinEra } from '../../src/protocol/citations.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { DEFAULT_SETTINGS } from '../../src/ui/sandbox/settings.ts';
import { Simulator } from '../../src/ui/sandbox/simulator.svelte.ts';
import { rich } from '../../src/kit/strings.ts';
import { FIXED_NOW } from '../helpers.ts';
import { memoryStore } from '../ui/store.ts';

const IDS = Object.keys(DIALECTS) as DialectId[];
const verbsOf = (id: DialectId) => new Set(DIALECTS[id].commands.map((c) => c.verb));
/** Every verb any era has, and the extension verbs. */
const ALL_VERBS = [
  ...new Set([...IDS.flatMap((id) => [...verbsOf(id)]), 'BDAT', 'STARTTLS', 'AUTH', 'ETRN']),
];

function sim(dialect: DialectId) {
  const s = new Simulator({ store: memoryStore(), session: { now: FIXED_NOW } });
  s.applySettings({ ...DEFAULT_SETTINGS, dialect });
  return s;
}

const plain = (key: Parameters<typeof rich>[0], params: Record<string, string>) =>
  rich(key, params)
    .map((p) => ('text' in p ? p.text : ''))
    .join('');

describe('placeholder and hints of each era', () => {
  for (const id of IDS) {
    it(`${id}: the placeholder's example and the hints name only commands RFC ${DIALECTS[id].rfc} has`, () => {
      const cs = new ConsoleState(sim(id));
      const own = verbsOf(id);
      const texts = [
        cs.placeholder,
        plain(cs.hint.key, cs.hint.params),
        commandExample(DIALECTS[id]),
      ];
      for (const text of texts)
        for (const verb of ALL_VERBS)
          if (new RegExp(`\\b${verb}\\b`).test(text))
            expect(own.has(verb), `${verb} in "${text}"`).toBe(true);
      expect(own.has(commandExample(DIALECTS[id]).split(' ')[0]!)).toBe(true);
    });
  }

  it('MTP has no HELO: the example is its MAIL with the recipient', () => {
    expect(new ConsoleState(sim('rfc780')).placeholder).toBe(
      'Type an MTP command, e.g. MAIL FROM:<alice@client.test> TO:<bob@example.test>, and press Enter',
    );
    expect(new ConsoleState(sim('rfc821')).placeholder).toContain('e.g. HELO client.test');
    expect(new ConsoleState(sim('rfc1869')).placeholder).toContain('e.g. EHLO client.test');
  });

  it('Shift+Enter is called pipelining only where the server offers PIPELINING', () => {
    const today = createSession({ now: FIXED_NOW });
    expect(commandHint(today).key).toBe('console.hint.command');
    for (const id of ['rfc772', 'rfc821', 'rfc1869'] as const) {
      const s = createSession({ dialect: id, now: FIXED_NOW });
      expect(commandHint(s).key, id).toBe('console.hint.command.lockStep');
    }
    const none = createSession({ now: FIXED_NOW, world: { extensions: [] } });
    expect(commandHint(none).key).toBe('console.hint.command.lockStep');
  });

  it("the data hint gives the era's dot rule: none in RFC 772", () => {
    const h772 = dataHint(DIALECTS.rfc772, false);
    expect(h772.key).toBe('console.hint.data.noTransparency');
    expect(plain(h772.key, h772.params)).toContain('RFC 772 has no dot-stuffing');
    const h821 = dataHint(DIALECTS.rfc821, false);
    expect(plain(h821.key, h821.params)).toContain('RFC 821 §4.5.2');
    expect(dataHint(DIALECTS.rfc780, true).key).toBe('console.hint.data.stuffed');
    expect(plain('console.hint.data.stuffed', dataHint(DIALECTS.rfc780, true).params)).toContain(
      'RFC 780 §5.5.2',
    );
  });
});

describe('hovers and tooltips in the era', () => {
  it("a reply code shows the era's meaning first, cited in the era's RFC", () => {
    expect(replyCodeInfo(500, DIALECTS.rfc780)[0]).toBe(
      '**500** Syntax error, command unrecognized (RFC 780 §5.2.2)',
    );
    expect(replyCodeInfo(221, DIALECTS.rfc772)[0]).toBe(
      '**221** <host> Service closing control connection (RFC 772 "Numeric Order List of Reply Codes", pp. 14-15)',
    );
    expect(replyCodeInfo(503, DIALECTS.rfc821)).toContain(
      '**503** Bad sequence of commands: <reason> (RFC 821 §4.1.1)',
    );
    expect(replyCodeTitle(354, DIALECTS.rfc788).split('\n')[0]).toBe(
      '354 Start mail input; end with <CRLF>.<CRLF> (RFC 788 §4.2.2)',
    );
    // Kept per era and code (the transcript asks for every reply row), never mixed up between eras.
    expect(replyCodeTitle(354, DIALECTS.rfc5321)).toContain('(RFC 5321');
    expect(replyCodeTitle(354, DIALECTS.rfc5321)).not.toContain('RFC 788');
    expect(replyCodeTitle(354, DIALECTS.rfc788)).not.toContain('RFC 5321');
    // RFC 821 has no 200: the hover says so before the MTP meanings.
    expect(replyCodeInfo(200, DIALECTS.rfc821)[0]).toMatch(/is not a reply code of RFC 821/);
  });

  it('no hover of an old era cites a later RFC, nor shows an enhanced status code', () => {
    for (const id of IDS) {
      const d = DIALECTS[id];
      for (let code = 100; code < 600; code++)
        for (const line of replyCodeInfo(code, d)) {
          expect(withinEra(d, line), `${id} ${code}: ${line}`).toBe(true);
          if (id !== 'rfc5321') expect(line, line).not.toMatch(/\*\*\d{3} \d\.\d/);
        }
      expect(hoverAt(d, '250 2.1.5 OK', 6) === null).toBe(id !== 'rfc5321');
    }
  });

  it('a verb of another era is said to be one, after the era itself', () => {
    const info = hoverAt(DIALECTS.rfc821, 'EHLO client.test', 2)!;
    expect(info.contents.at(-1)).toBe(
      'Not a command of RFC 821 (August 1982); defined in RFC 1869 §4.2',
    );
    expect(rfcNumbers(info.contents.at(-1)!)[0]).toBe(821);
  });
});

describe('diagnostics in the era', () => {
  it('a syntax error is cited in the era of the session', () => {
    const s = createSession({ dialect: 'rfc780', now: FIXED_NOW });
    s.feed('');
    const d = diagnoseCommand(s, 'XYZZY', 1, true)!;
    expect(d.message).toBe(
      'The server would answer: 500 Syntax error, command unrecognized (RFC 780 §5.2.2)',
    );
  });

  it('a lost leading dot is cited in the era, and RFC 772 loses none', () => {
    expect(diagnoseContent('.com', 1, DIALECTS.rfc821)!.message).toContain('RFC 821 §4.5.2');
    expect(diagnoseContent('.com', 1, DIALECTS.rfc780)!.message).toContain('RFC 780 §5.5.2');
    expect(diagnoseContent('.com', 1, DIALECTS.rfc772)).toBeNull();
    expect(contentLine('.com', false)).toBe('kept');
    expect(contentLine('.', false)).toBe('end');
    const s = createSession({ dialect: 'rfc772', now: FIXED_NOW });
    s.feed('');
    s.send('MAIL FROM:<alice@client.test> TO:<bob@example.test>');
    expect(s.inData).toBe(true);
    expect(diagnose(s, ['.com is a top-level domain'])).toEqual([]);
  });
});

describe('completions in the era', () => {
  it('an RFC 1869 server suggests no parameter of a later extension', () => {
    const s = createSession({
      dialect: 'rfc1869',
      now: FIXED_NOW,
      world: { extensions: ['SIZE', '8BITMIME', 'DSN', 'SMTPUTF8', 'AUTH'] },
    });
    s.feed('');
    s.send('EHLO client.test');
    const got = suggestionsAt(s, 'MAIL FROM:<alice@client.test> ').map((x) => x.label);
    expect(got).toContain('SIZE');
    expect(got).toContain('BODY');
    expect(got).not.toContain('SMTPUTF8');
    expect(got).not.toContain('RET');
    expect(got).not.toContain('AUTH');
  });
});
