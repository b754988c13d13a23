/**
 * The console's words for the session's era: the placeholder's example is a
 * command the era has (EHLO from RFC 1869, HELO from RFC 788, MTP's MAIL
 * before that), the data hint gives the era's dot rule (none in RFC 772),
 * and the pipelining hint appears only where the server offers PIPELINING.
 */
import type { Session } from '../machines/session.ts';
import { citeTopic, protocolName } from '../protocol/citations.ts';
import type { Dialect } from '../protocol/dialects/index.ts';
import { enabledExtensions } from '../protocol/extensions/index.ts';
import type { StringKey } from '../kit/strings.ts';
import { t } from '../kit/strings.ts';

/** A command the era has, to show how a session opens. */
export function commandExample(dialect: Pick<Dialect, 'commands'>): string {
  const has = (verb: string) => dialect.commands.some((c) => c.verb === verb);
  if (has('EHLO')) return 'EHLO client.test';
  if (has('HELO')) return 'HELO client.test';
  // MTP (RFC 772, RFC 780): no greeting command; MAIL names the sender and one recipient.
  return 'MAIL FROM:<alice@client.test> TO:<bob@example.test>';
}

/** The placeholder of the console's command line. */
export function commandPlaceholder(dialect: Pick<Dialect, 'commands' | 'rfc'>): string {
  return t('console.placeholder.command', {
    protocol: protocolName(dialect),
    example: commandExample(dialect),
  });
}

export interface RichText {
  readonly key: StringKey;
  readonly params: Readonly<Record<string, string>>;
}

/** The hint under the console while the server reads the message text. */
export function dataHint(
  dialect: Pick<Dialect, 'id' | 'rfc' | 'transparency'>,
  stuffing: boolean,
): RichText {
  const rfc = citeTopic(dialect, 'transparency');
  if (!dialect.transparency || rfc === null)
    return { key: 'console.hint.data.noTransparency', params: { rfc: `RFC ${dialect.rfc}` } };
  return { key: stuffing ? 'console.hint.data.stuffed' : 'console.hint.data', params: { rfc } };
}

/**
 * The hint under the console between commands: Shift+Enter is pipelining only where the server
 * offers it. `plain`: the plain input (a phone, or before Monaco), which has no Alt, Shift or
 * Ctrl keys: Enter or Send, and a paste of several lines for a group.
 */
export function commandHint(session: Pick<Session, 'world' | 'dialect'>, plain = false): RichText {
  const pipelining = enabledExtensions(session.world, session.dialect).some(
    (e) => e.keyword === 'PIPELINING',
  );
  if (plain)
    return {
      key: pipelining ? 'sandbox.console.hint.plain' : 'sandbox.console.hint.plain.lockStep',
      params: {},
    };
  return { key: pipelining ? 'console.hint.command' : 'console.hint.command.lockStep', params: {} };
}
