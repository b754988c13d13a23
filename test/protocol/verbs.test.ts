/**
 * The verb rooms (src/protocol/verbs/): every verb of every era's table and
 * every extension has its room, the tables take their specs from the rooms,
 * the pipelining flags are RFC 2920's, and every reply a session gives to a
 * verb is one its room lists (or one the machine, the parser or a policy
 * gives to any command).
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/protocol/dialects/index.ts';
import { EXTENSIONS } from '../../src/protocol/extensions/index.ts';
import type { ReplyId } from '../../src/protocol/replies.ts';
import { HANDLERS, LAST_IN_GROUP, ROOMS, roomOf } from '../../src/protocol/verbs/index.ts';
import { execute } from '../fuzz/fuzz.ts';
import { makeCase } from '../fuzz/cases.ts';

const TABLES = [
  ...Object.values(DIALECTS).map((d) => ({ name: d.id, commands: d.commands })),
  ...EXTENSIONS.map((e) => ({ name: e.keyword, commands: e.verbs ?? [] })),
];

/**
 * Replies any command may get from outside its room: the sequence rules
 * (503), the framer and the parser (500/501: a bare LF, a long line, bad
 * arguments or paths), the policies (530), the error limit (421), storage
 * (451).
 */
const ANY_COMMAND: ReadonlySet<ReplyId> = new Set<ReplyId>([
  'badSequence',
  'unrecognized',
  'bareLf',
  'lineTooLong',
  'syntax',
  'badArguments',
  'unexpectedArguments',
  'badDomain',
  'badSender',
  'badRecipient',
  'tlsRequired',
  'authRequired',
  'closingTooManyErrors',
  'storageFailed',
]);

describe('verb rooms', () => {
  it('every verb of every table is a spec of its room, the same object', () => {
    for (const { name, commands } of TABLES) {
      for (const spec of commands) {
        const room = roomOf(spec.role, spec.verb);
        expect(room, `${name}: ${spec.verb} as ${spec.role}`).toBeDefined();
        // RFC 788's table is RFC 821's with its own section: a copy, the same syntax.
        const own = Object.values(room!.specs).some((s) => s === spec || s.syntax === spec.syntax);
        expect(own, `${name}: ${spec.verb}`).toBe(true);
      }
    }
  });

  it('every room is used by some table, and every role has a handler', () => {
    const used = new Set(TABLES.flatMap((t) => t.commands.map((c) => `${c.role} ${c.verb}`)));
    for (const room of ROOMS) {
      expect(used.has(`${room.role} ${room.verb}`), room.verb).toBe(true);
      expect(typeof HANDLERS[room.role]).toBe('function');
    }
  });

  it('the verbs that end a pipelined group are those of RFC 2920 §3.1 and RFC 4954 §4', () => {
    // ETRN by §3.1's rule for commands of other extensions (RFC 1985 says nothing of pipelining).
    expect([...LAST_IN_GROUP].sort()).toEqual(
      ['AUTH', 'DATA', 'EHLO', 'ETRN', 'EXPN', 'NOOP', 'QUIT', 'TURN', 'VRFY'].sort(),
    );
  });

  it('every reply a session gives to a verb is listed in its room', () => {
    const byVerb = new Map<string, Set<ReplyId>>();
    for (const room of ROOMS) {
      const set = byVerb.get(room.verb) ?? new Set<ReplyId>();
      for (const id of room.replies) set.add(id);
      byVerb.set(room.verb, set);
    }
    const strays = new Set<string>();
    let checked = 0;
    for (let i = 0; i < 800; i++) {
      const c = makeCase(20261207, i);
      // Scripted faults answer with any reply a lesson chose.
      if (c.options?.faults?.length || c.options?.refuse) continue;
      const { transcript } = execute(c, [c.bytes]);
      const commands = new Map<number, string>();
      for (const e of transcript) {
        if (e.kind === 'client') commands.set(e.step, e.text.split(' ')[0]!.toUpperCase());
        if (e.kind !== 'server' || !e.reply.id) continue;
        const verb = commands.get(e.step);
        const listed = verb === undefined ? undefined : byVerb.get(verb);
        if (!listed) continue;
        checked++;
        if (!listed.has(e.reply.id) && !ANY_COMMAND.has(e.reply.id))
          strays.add(`${verb} -> ${e.reply.id} (${c.dialect})`);
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect([...strays].sort()).toEqual([]);
  });
});
