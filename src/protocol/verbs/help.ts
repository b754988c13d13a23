/** HELP (RFC 772 p. 8, RFC 780 §5.1, RFC 821 §4.1.1, RFC 5321 §4.1.1.8): the commands, or one command's syntax. */
import { asciiUpper } from '../params.ts';
import { custom, reply } from '../replies.ts';
import type { CommandEvent, Outcome, ServerContext } from '../session-state.ts';
import { room, stringArg } from './room.ts';

function help(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const topic = asciiUpper(stringArg(event));
  const { commands } = context.dialect;
  if (topic === '') {
    const lines = [
      `${context.world.hostname} speaks ${context.dialect.title} (RFC ${context.dialect.rfc}). Commands:`,
      commands.map((c) => c.verb).join(' '),
      'HELP <command> for more',
    ];
    return { reply: custom(214, lines, '2.0.0') };
  }
  const spec = commands.find((c) => c.verb === topic);
  if (!spec) {
    // 504 where the era lists it for HELP (RFC 780 onward); RFC 772 answers with the general help.
    if ((context.dialect.sequences.HELP?.error ?? []).includes(504))
      return { reply: reply('parameterNotImplemented') };
    return help(context, { ...event, parsed: { ok: true, value: { kind: 'string', text: '' } } });
  }
  // Reply text is printable US-ASCII (RFC 5321 §4.2): "section", not the section sign.
  const ascii = (text: string) => text.replace(/§\s*/g, 'section ');
  return {
    reply: custom(214, [ascii(spec.syntax), ascii(`${spec.summary} (${spec.rfc})`)], '2.0.0'),
  };
}

const OLD_SYNTAX = 'HELP [<SP> <string>] <CRLF>';

export const HELP = room({
  verb: 'HELP',
  role: 'query',
  parse: 'string',
  args: 'optional',
  eras: {
    rfc772: {
      syntax: OLD_SYNTAX,
      summary: 'Helpful information (211 or 214)',
      rfc: 'RFC 772 "Command Syntax", p. 8',
    },
    rfc780: { syntax: OLD_SYNTAX, summary: 'Helpful information', rfc: 'RFC 780 §5.1' },
    rfc821: { syntax: OLD_SYNTAX, summary: 'Helpful information', rfc: 'RFC 821 §4.1.1' },
    rfc5321: {
      syntax: 'HELP [<string>]',
      summary: 'Show help, for one command if named',
      rfc: 'RFC 5321 §4.1.1.8',
    },
  },
  handle: help,
  // The 214s are built here; only the 504 comes from the catalog.
  replies: ['parameterNotImplemented'],
});
