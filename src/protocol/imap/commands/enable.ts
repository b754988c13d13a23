/**
 * ENABLE capability... (RFC 9051 §6.3.1): the untagged ENABLED response names
 * the capabilities this command turned on. The only one this server knows is
 * IMAP4rev2 itself, which is always on.
 */
import { bad, ok } from '../response.ts';
import { imapRoom } from '../room.ts';
import { tokens } from '../syntax.ts';

export const ENABLE = imapRoom({
  name: 'ENABLE',
  role: 'authenticated',
  syntax: 'ENABLE capability...',
  summary: 'Turn on capabilities the client will use',
  rfc: 'RFC 9051 §6.3.1',
  handle: (_context, command) => {
    const args = tokens(command.rest);
    if (args.length === 0 || args.some((a) => a.kind !== 'atom'))
      return { reply: bad('usage: ENABLE capability...') };
    const known = args.filter((a) => a.kind === 'atom' && a.text.toUpperCase() === 'IMAP4REV2');
    return {
      reply: ok('Some capabilities enabled', [[`ENABLED${known.length > 0 ? ' IMAP4rev2' : ''}`]]),
    };
  },
});
