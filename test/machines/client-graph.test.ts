/**
 * Model-based check of the client machine with xstate/graph: for every era,
 * every combination of extensions the server offers and every client choice,
 * the shortest paths where each reply class can come at each step (and the
 * TLS handshake, a timeout, a closed connection) reach every state the era's
 * client can be in. Each path is then run by the client session itself, and
 * what it sent and concluded is checked against the RFC rules: only the era's
 * verbs, extension verbs only when offered, DATA never before MAIL's reply,
 * every recipient counted once.
 */
import { describe, expect, it } from 'vitest';
import { getShortestPaths } from 'xstate/graph';
import { clientMachine } from '../../src/machines/client.ts';
import { ClientSession } from '../../src/machines/client-session.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { DEFAULT_CLIENT_OPTIONS, type ClientOptions } from '../../src/protocol/client/outgoing.ts';
import type { ClientEvent, ClientInput } from '../../src/protocol/client/state.ts';
import { custom } from '../../src/protocol/replies.ts';

const reply = (code: number, lines = ['text']): ClientEvent => ({
  type: 'client.reply',
  reply: custom(code, lines),
});

/** One code of each class, and the codes with a meaning of their own. */
const CODES = [120, 151, 220, 221, 235, 250, 251, 334, 354, 421, 451, 452, 500, 535, 550, 554];
const OFFERS: readonly (readonly string[])[] = [
  [],
  ['PIPELINING'],
  ['STARTTLS', 'AUTH PLAIN LOGIN'],
  ['PIPELINING', 'CHUNKING', 'SIZE 1000', '8BITMIME'],
];
const CHOICES: readonly Partial<ClientOptions>[] = [
  { starttls: 'never' },
  { starttls: 'if-offered', auth: { user: 'alice', password: 'wonderland' } },
  { starttls: 'never', chunking: true },
  { starttls: 'required', pipelining: false },
];

const EXPECTED: Record<'mtp' | 'smtp' | 'esmtp', string[]> = {
  // MTP has no HELO: 'hello' passes straight on to the first MAIL.
  mtp: ['greeting', 'mtp', 'mtpText', 'quit', 'done'],
  smtp: ['greeting', 'hello', 'mail', 'rcpt', 'data', 'text', 'quit', 'done'],
  esmtp: [
    'greeting',
    'hello',
    'starttls',
    'handshake',
    'auth',
    'mail',
    'rcpt',
    'data',
    'text',
    'chunk',
    'draining',
    'quit',
    'done',
  ],
};

/** The verbs a client may send in an era (its dialect's, and CONT for MTP's 120/151/152). */
function allowedVerbs(era: DialectId, offered: readonly string[]): Set<string> {
  const verbs = new Set(DIALECTS[era].commands.map((c) => c.verb));
  for (const o of offered) {
    const keyword = o.split(' ')[0]!;
    if (keyword === 'STARTTLS' || keyword === 'AUTH') verbs.add(keyword);
    if (keyword === 'CHUNKING') verbs.add('BDAT');
  }
  if (DIALECTS[era].extensions) verbs.add('EHLO');
  return verbs;
}

describe('xstate/graph: the client in every era, offer and choice', () => {
  for (const era of Object.keys(DIALECTS) as DialectId[]) {
    it(era, () => {
      const dialect = DIALECTS[era];
      const kind = !dialect.helloRequired ? 'mtp' : dialect.extensions ? 'esmtp' : 'smtp';
      const reached = new Set<string>();
      for (const offered of dialect.extensions ? OFFERS : [[]]) {
        for (const choice of dialect.extensions ? CHOICES : [{}]) {
          const input: ClientInput = {
            dialect,
            message: {
              from: 'alice@example.test',
              to: ['bob@example.test', 'carol@example.test'],
              text: 'x\r\n.y\r\n',
            },
            options: { ...DEFAULT_CLIENT_OPTIONS, ...choice },
          };
          const ehlo = reply(250, ['mail.example.test', ...offered]);
          const events: ClientEvent[] = [
            ...CODES.map((c) => reply(c)),
            ehlo,
            { type: 'client.tls' },
            { type: 'client.timeout' },
            { type: 'client.closed' },
          ];
          const paths = getShortestPaths(clientMachine, {
            input,
            events,
            serializeState: (s) =>
              JSON.stringify([
                s.value,
                s.status,
                s.context.rcpt,
                s.context.accepted.length,
                s.context.delivered.length,
                s.context.refused.length + s.context.deferred.length,
                s.context.tls,
                s.context.authed,
                // A server may send 334 forever: after the two LOGIN prompts it is all the same.
                Math.min(s.context.authStep, 2),
                s.context.hello,
                s.context.skip,
                s.context.tlsRefused,
                [...(s.context.extensions?.keys() ?? [])].join(),
              ]),
            limit: 20_000,
          });
          const verbs = allowedVerbs(era, offered);
          for (const path of paths) {
            reached.add(String(path.state.value));
            // The client session itself follows the path: what it sends obeys the era's rules.
            const sent: string[][] = [];
            const client = new ClientSession(input, {
              send: (t) => void sent.push(t.replace(/\r\n$/, '').split('\r\n')),
              starttls: () => {},
              close: () => {},
            });
            for (const step of path.steps.slice(1)) {
              const e = step.event as ClientEvent;
              if (e.type === 'client.reply') {
                const r = e.reply;
                client.receive(
                  r.lines
                    .map((l, i) => `${r.code}${i < r.lines.length - 1 ? '-' : ' '}${l}\r\n`)
                    .join(''),
                );
              } else if (e.type === 'client.tls') client.tlsReady();
              else if (e.type === 'client.timeout') client.timeout();
              else client.closed();
            }
            expect(client.state).toBe(String(path.state.value));
            let mailSent = false;
            for (const chunk of sent) {
              // The message text (it ends with the "." line) and a BDAT chunk's octets are not commands.
              if (chunk.at(-1) === '.') continue;
              const lines = /^BDAT /.test(chunk[0]!) ? chunk.slice(0, 1) : chunk;
              for (const line of lines) {
                const verb = line.split(' ')[0]!.toUpperCase();
                if (client.context.options.auth && /^[A-Za-z0-9+/=]+$/.test(line)) continue; // a SASL answer
                expect(verbs, `${era} ${offered.join()} sent ${line}`).toContain(verb);
                // RFC 5321 §3.3: DATA only after MAIL (in the same group when pipelined).
                if (verb === 'DATA') expect(mailSent).toBe(true);
                if (verb === 'MAIL') mailSent = true;
              }
            }
            // Every recipient is counted once, in one place.
            const r = client.result;
            const named = [
              ...r.accepted,
              ...r.refused.map((x) => x.to),
              ...r.deferred.map((x) => x.to),
            ];
            expect(new Set(named).size).toBe(named.length);
            expect(r.delivered).toBe(r.accepted.length === input.message.to.length);
          }
        }
      }
      expect([...reached].sort()).toEqual([...EXPECTED[kind]].sort());
    });
  }
});
