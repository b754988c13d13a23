/**
 * EHLO (RFC 1869 §4, RFC 5321 §4.1.1.1): open the session and list the
 * service extensions. HELO shares this handler (helo.ts).
 */
import { ehloLines } from '../extensions/index.ts';
import { custom, reply } from '../replies.ts';
import type { CommandEvent, Outcome, ServerContext } from '../session-state.ts';
import { room } from './room.ts';

export function hello(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  if (event.parsed.value.kind !== 'domain') throw new Error('HELO/EHLO without a domain');
  const { world, dialect } = context;
  const name = event.parsed.value.domain;
  const verb = event.command.verb;
  // RFC 1869 §4.5: a server may know EHLO and still answer 502; the client then uses HELO.
  if (verb === 'EHLO' && world.ehlo === 'not-implemented')
    return { reply: reply('notImplemented') };
  const first = reply('hello', { host: world.hostname, client: name });
  // RFC 5321 §3.2: HELO never gets the extended reply; EHLO lists the enabled extensions.
  const lines = verb === 'EHLO' ? ehloLines(world, dialect, { tls: context.tls !== null }) : [];
  const reset = dialect.laterHello === 'allow' && context.client.hello ? {} : { envelope: null };
  return {
    reply: custom(250, [first.lines[0]!, ...lines]),
    // RFC 5321 §4.1.4, RFC 821 §4.1.1: an accepted HELO/EHLO resets the state as RSET does.
    patch: { client: { ...context.client, name, hello: verb }, ...reset },
  };
}

const SUMMARY = 'Open the session and ask for the service extensions';

export const EHLO = room({
  verb: 'EHLO',
  role: 'hello',
  parse: 'domain',
  args: 'required',
  eras: {
    rfc1869: { syntax: 'EHLO <SP> <domain> <CRLF>', summary: SUMMARY, rfc: 'RFC 1869 §4.2' },
    rfc5321: {
      syntax: 'EHLO <domain or address-literal>',
      summary: SUMMARY,
      rfc: 'RFC 5321 §4.1.1.1',
    },
  },
  handle: hello,
  // The 250 is built from `hello` plus the extension lines.
  replies: ['hello', 'notImplemented'],
  endsGroup: true,
});
