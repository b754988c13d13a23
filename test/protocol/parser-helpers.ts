/** Shared by the parser tests: the options each era's command reader passes, and expected results. */
import type { Path } from '../../src/protocol/address.ts';
import type { CommandSpec } from '../../src/protocol/commands.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import type { ParseOptions } from '../../src/protocol/parser.ts';
import { reply, type Reply } from '../../src/protocol/replies.ts';

/** What src/machines/command-reader.ts passes for a dialect (utf8: SMTPUTF8 offered). */
export function era(id: DialectId, utf8 = false): ParseOptions {
  const d = DIALECTS[id];
  return {
    grammar: d.paths,
    nullReversePath: d.nullReversePath,
    params: d.extensions,
    utf8,
    maxPath: d.limits.path,
  };
}

export const box = (
  local: string,
  domain: string,
  route: string[] = [],
  localValue = local,
): Path => ({
  kind: 'mailbox',
  mailbox: { local, localValue, domain, literal: domain.startsWith('[') },
  route,
});
export const refused = (r: Reply) => ({ ok: false, reply: r });
export const syntax = (spec: CommandSpec) => refused(reply('syntax', { syntax: spec.syntax }));
export const badSender = (reason: string) => refused(reply('badSender', { reason }));
export const badRecipient = (reason: string) => refused(reply('badRecipient', { reason }));
export const badArguments = (reason: string) => refused(reply('badArguments', { reason }));
