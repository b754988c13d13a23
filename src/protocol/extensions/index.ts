/**
 * Service extensions as data. The server's EHLO reply lists exactly the
 * enabled entries, and only their MAIL/RCPT parameters are accepted; any
 * other parameter gets 555 (RFC 5321 §4.1.1.11).
 */
import { reply } from '../replies.ts';
import type { World } from '../world.ts';
import type { Extension } from './types.ts';

export type { Extension, ParamSpec } from './types.ts';

const SIZE: Extension = {
  keyword: 'SIZE',
  rfc: 'RFC 1870',
  title: 'Message size declaration',
  ehloParams: (world) => String(world.maxMessageSize),
  lineIncrease: 26, // RFC 1870 §3 (5)
  mailParams: {
    SIZE: {
      // size-value ::= 1*20DIGIT (RFC 1870 §3 (4)); over the limit: 552 (§6.1 (2)).
      check(value, { world }) {
        if (value === undefined || !/^\d{1,20}$/.test(value)) {
          return reply('badArguments', { reason: 'SIZE takes a number of octets' });
        }
        return Number(value) > world.maxMessageSize ? reply('sizeExceedsLimit') : null;
      },
    },
  },
};

const EIGHTBITMIME: Extension = {
  keyword: '8BITMIME',
  rfc: 'RFC 6152',
  title: '8-bit MIME transport',
  mailParams: {
    // body-value = "7BIT" / "8BITMIME" (RFC 6152 §2).
    BODY: {
      check(value) {
        return value !== undefined && /^(7BIT|8BITMIME)$/i.test(value)
          ? null
          : reply('badArguments', { reason: 'BODY must be 7BIT or 8BITMIME' });
      },
    },
  },
};

const PIPELINING: Extension = {
  keyword: 'PIPELINING',
  rfc: 'RFC 2920',
  title: 'Command pipelining',
};

const ENHANCEDSTATUSCODES: Extension = {
  keyword: 'ENHANCEDSTATUSCODES',
  rfc: 'RFC 2034',
  title: 'Enhanced status codes in replies',
};

export const EXTENSIONS: readonly Extension[] = [
  PIPELINING,
  SIZE,
  EIGHTBITMIME,
  ENHANCEDSTATUSCODES,
];

/** The enabled extensions, in the order the world lists them. */
export function enabledExtensions(world: World): Extension[] {
  return world.extensions.flatMap((k) => EXTENSIONS.filter((e) => e.keyword === k.toUpperCase()));
}

/** `250-` lines of the EHLO reply after the greeting line (RFC 5321 §4.1.1.1). */
export function ehloLines(world: World): string[] {
  const lines = enabledExtensions(world).map((e) =>
    e.ehloParams ? `${e.keyword} ${e.ehloParams(world)}` : e.keyword,
  );
  // RFC 5321 §3.5.2: a server that supports EXPN MUST list it (an RFC 1869 §5 keyword).
  if (world.expn !== 'disabled') lines.push('EXPN');
  return lines;
}
