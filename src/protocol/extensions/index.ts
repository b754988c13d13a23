/**
 * Service extensions as data. The server's EHLO reply lists exactly the
 * enabled entries, and only their MAIL/RCPT parameters are accepted; any
 * other parameter gets 555 (RFC 5321 §4.1.1.11).
 */
import { reply } from '../replies.ts';
import type { Dialect } from '../dialects/types.ts';
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

/** The enabled extensions, in the order the world lists them, that exist in the dialect's era. */
export function enabledExtensions(world: World, dialect?: Dialect): Extension[] {
  if (dialect && !dialect.extensions) return [];
  const era = dialect?.extensionKeywords;
  return world.extensions
    .map((k) => k.toUpperCase())
    .filter((k) => !era || era.includes(k))
    .flatMap((k) => EXTENSIONS.filter((e) => e.keyword === k));
}

/**
 * `250-` lines of the EHLO reply after the greeting line (RFC 5321 §4.1.1.1):
 * the enabled extensions, then the optional commands this server implements
 * as RFC 1869 §5 registered them (EXPN is a MUST when supported, RFC 5321 §3.5.2).
 */
export function ehloLines(world: World, dialect?: Dialect): string[] {
  const lines = enabledExtensions(world, dialect).map((e) =>
    e.ehloParams ? `${e.keyword} ${e.ehloParams(world)}` : e.keyword,
  );
  const verbs = new Set(dialect?.commands.map((c) => c.verb) ?? ['EXPN']);
  for (const verb of OPTIONAL_COMMAND_KEYWORDS) {
    if (!verbs.has(verb)) continue;
    if (verb === 'EXPN' && world.expn === 'disabled') continue;
    if (verb === 'TURN') continue; // refused with 502 (RFC 821 §3.8), so not offered
    if (verb === 'HELP' && dialect?.id === 'rfc5321') continue;
    lines.push(verb);
  }
  return lines;
}

/** RFC 1869 §5: the optional RFC 821 commands, registered as keywords of the same name. */
const OPTIONAL_COMMAND_KEYWORDS = ['EXPN', 'HELP', 'SEND', 'SOML', 'SAML', 'TURN'];
