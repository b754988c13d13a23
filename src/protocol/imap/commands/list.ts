/**
 * LIST reference pattern (RFC 9051 §6.3.9), for the one mailbox there is:
 * INBOX matches "*", "%" and "INBOX" (any case); an empty pattern asks for
 * the hierarchy delimiter. Selection and return options are left out.
 */
import { bad, ok, type Line } from '../response.ts';
import { imapRoom } from '../room.ts';
import { astring, tokens } from '../syntax.ts';

/** `*` and `%` match any characters here (there is no hierarchy below INBOX). */
function matches(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/[*%]/g, '.*')}$`,
    'i',
  );
  return re.test(name);
}

export const LIST = imapRoom({
  name: 'LIST',
  role: 'authenticated',
  syntax: 'LIST reference pattern',
  summary: 'Name the mailboxes (here: INBOX)',
  rfc: 'RFC 9051 §6.3.9',
  handle: (_context, command) => {
    // The pattern may be an atom with wildcards, which the token reader does not take as an atom.
    const m = /^(\S+|"[^"]*") (.+)$/.exec(command.rest);
    if (!m) return { reply: bad('usage: LIST reference pattern') };
    const [reference] = tokens(m[1]!);
    const pattern = m[2]!.startsWith('"') ? astring(tokens(m[2]!)[0]) : m[2]!;
    if (astring(reference) === null || pattern === null)
      return { reply: bad('usage: LIST reference pattern') };
    const untagged: Line[] =
      pattern === ''
        ? [['LIST (\\Noselect) "/" ""']]
        : matches(pattern, 'INBOX')
          ? [['LIST () "/" INBOX']]
          : [];
    return { reply: ok('LIST completed', untagged) };
  },
});
