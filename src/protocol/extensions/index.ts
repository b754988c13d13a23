/**
 * Service extensions as data. The server's EHLO reply lists exactly the
 * enabled entries, only their verbs exist, and only their MAIL/RCPT
 * parameters are accepted; any other parameter gets 555 (RFC 5321 §4.1.1.11).
 */
import type { Dialect } from '../dialects/types.ts';
import { asciiUpper } from '../params.ts';
import { reply } from '../replies.ts';
// The rooms themselves, not verbs/index.ts: EHLO's room imports this file.
import { AUTH as AUTH_VERB } from '../verbs/auth.ts';
import { BDAT as BDAT_VERB } from '../verbs/bdat.ts';
import { ETRN as ETRN_VERB } from '../verbs/etrn.ts';
import { STARTTLS as STARTTLS_VERB } from '../verbs/starttls.ts';
import type { World } from '../world.ts';
import type { Extension, ParamSpec, SessionFacts } from './types.ts';
import { decodesToPrintable, isXtext } from './xtext.ts';

export type { Extension, ParamSpec, SessionFacts } from './types.ts';

const bad = (reason: string) => reply('badArguments', { reason });

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
        if (value === undefined || !/^\d{1,20}$/.test(value))
          return bad('SIZE takes a number of octets');
        return Number(value) > world.maxMessageSize ? reply('sizeExceedsLimit') : null;
      },
    },
  },
};

/**
 * BODY= (RFC 6152 §2: 7BIT or 8BITMIME; RFC 3030 §3: also BINARYMIME). It
 * belongs to whichever of 8BITMIME and BINARYMIME is on.
 */
const BODY_PARAM: ParamSpec = {
  check(value, { enabled }) {
    const values = [
      '7BIT',
      ...(enabled.has('8BITMIME') ? ['8BITMIME'] : []),
      ...(enabled.has('BINARYMIME') ? ['BINARYMIME'] : []),
    ];
    return value !== undefined && values.includes(asciiUpper(value))
      ? null
      : bad(`BODY must be ${values.join(', ')}`);
  },
};

const EIGHTBITMIME: Extension = {
  keyword: '8BITMIME',
  rfc: 'RFC 6152',
  title: '8-bit MIME transport',
  mailParams: { BODY: BODY_PARAM },
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

const STARTTLS: Extension = {
  keyword: 'STARTTLS',
  rfc: 'RFC 3207',
  title: 'Secure SMTP over TLS',
  // §4.2: not offered again once TLS is active.
  offered: (_world, state) => !state.tls,
  // §4: 220, 501, 454; 503 here for a second STARTTLS (§4.2 forbids it); 530 when TLS is required.
  sequences: { STARTTLS: { success: [220], error: [501, 454, 503] } },
  anyCommand: [530],
  verbs: [STARTTLS_VERB.specs.rfc3207],
};

const AUTH: Extension = {
  keyword: 'AUTH',
  rfc: 'RFC 4954',
  title: 'Authentication',
  ehloParams: (world) => world.auth.mechanisms.join(' '),
  // §4 Note: a server can refuse plaintext mechanisms unless TLS protects the session.
  offered: (world, state) =>
    world.auth.mechanisms.length > 0 && (state.tls || !world.auth.requireTls),
  lineIncrease: 500, // §3 (5)
  // §4, §6: 334 challenges; 235; 432, 454, 500, 501, 503, 504, 530, 534, 535, 538.
  sequences: {
    AUTH: {
      success: [235],
      intermediate: [334],
      error: [432, 454, 500, 501, 503, 504, 530, 534, 535, 538],
    },
  },
  anyCommand: [530],
  verbs: [AUTH_VERB.specs.rfc4954],
  // §5: AUTH=<mailbox as xtext> or AUTH=<>, accepted even from unauthenticated clients.
  mailParams: {
    AUTH: {
      check: (value) =>
        value !== undefined && (value === '<>' || isXtext(value))
          ? null
          : bad('AUTH= takes an xtext mailbox or <>'),
    },
  },
};

const DSN: Extension = {
  keyword: 'DSN',
  rfc: 'RFC 3461',
  title: 'Delivery status notifications',
  lineIncrease: 524, // §5.4: lines of at least 1036 characters
  mailParams: {
    RET: {
      check: (v) =>
        v !== undefined && /^(FULL|HDRS)$/i.test(v)
          ? null
          : bad('RET must be FULL or HDRS (RFC 3461 §4.3)'),
    },
    ENVID: {
      check(v) {
        if (v === undefined || v.length > 100 || !isXtext(v))
          return bad('ENVID takes an xtext of at most 100 characters (RFC 3461 §4.4)');
        return decodesToPrintable(v)
          ? null
          : bad('ENVID must decode to printable US-ASCII, no control characters (RFC 3461 §4.4)');
      },
    },
  },
  rcptParams: {
    NOTIFY: {
      check(v) {
        if (v === undefined) return bad('NOTIFY needs a value');
        const items = asciiUpper(v).split(',');
        const ok =
          (items.length === 1 && items[0] === 'NEVER') ||
          (items.every((i) => ['SUCCESS', 'FAILURE', 'DELAY'].includes(i)) &&
            new Set(items).size === items.length);
        return ok
          ? null
          : bad('NOTIFY is NEVER, or a list of SUCCESS, FAILURE, DELAY (RFC 3461 §4.1)');
      },
    },
    ORCPT: {
      check(v) {
        const m = v === undefined ? null : /^([A-Za-z0-9-]+);(.+)$/.exec(v);
        if (!m || v!.length > 500 || !isXtext(m[2]!))
          return bad('ORCPT is addr-type;xtext (RFC 3461 §4.2)');
        return decodesToPrintable(m[2]!)
          ? null
          : bad('ORCPT must decode to printable US-ASCII, no control characters (RFC 3461 §4.2)');
      },
    },
  },
};

const SMTPUTF8: Extension = {
  keyword: 'SMTPUTF8',
  rfc: 'RFC 6531',
  title: 'Internationalized email',
  lineIncrease: 10, // §3.1 (5)
  mailParams: {
    SMTPUTF8: {
      check: (v) => (v === undefined ? null : bad('SMTPUTF8 takes no value (RFC 6531 §3.4)')),
    },
  },
};

const CHUNKING: Extension = {
  keyword: 'CHUNKING',
  rfc: 'RFC 3030',
  title: 'Message chunking (BDAT)',
  // §2: 250 per chunk, 4yz/5yz on failure; 503 for the sequence errors; 554 with no valid recipients (RFC 5321 §3.3).
  sequences: { BDAT: { success: [250], error: [503, 554, 552, 451, 452, 450, 550] } },
  verbs: [BDAT_VERB.specs.rfc3030],
};

const BINARYMIME: Extension = {
  keyword: 'BINARYMIME',
  rfc: 'RFC 3030',
  title: 'Binary MIME (with CHUNKING)',
  lineIncrease: 16, // §3 (8)
  mailParams: { BODY: BODY_PARAM },
};

/**
 * ETRN (RFC 1985): start the queue for a node. Optional, so off unless a world
 * turns it on; never on the submission port (RFC 6409 §7 Table 1: MUST NOT).
 */
const ETRN: Extension = {
  keyword: 'ETRN',
  rfc: 'RFC 1985',
  title: 'Remote message queue starting',
  // §5.1's codes; 503 when sent in a mail transaction (§5) or before HELO/EHLO.
  sequences: { ETRN: { success: [250, 251, 252, 253], error: [458, 459, 500, 501, 503] } },
  verbs: [ETRN_VERB.specs.rfc1985],
};

export const EXTENSIONS: readonly Extension[] = [
  PIPELINING,
  SIZE,
  EIGHTBITMIME,
  ENHANCEDSTATUSCODES,
  STARTTLS,
  AUTH,
  DSN,
  SMTPUTF8,
  CHUNKING,
  BINARYMIME,
  ETRN,
];

/** The enabled extensions, in the order the world lists them, that exist in the dialect's era. */
/** Worlds are never changed once made: each one's enabled extensions are worked out once per dialect. */
const enabledFor = new WeakMap<World, Map<Dialect | undefined, readonly Extension[]>>();

export function enabledExtensions(world: World, dialect?: Dialect): readonly Extension[] {
  let byDialect = enabledFor.get(world);
  if (byDialect === undefined) enabledFor.set(world, (byDialect = new Map()));
  let enabled = byDialect.get(dialect);
  if (enabled === undefined) {
    const era = dialect?.extensionKeywords;
    enabled =
      dialect && !dialect.extensions
        ? []
        : world.extensions
            .map((k) => k.toUpperCase())
            .filter((k) => !era || era.includes(k))
            .flatMap((k) => EXTENSIONS.filter((e) => e.keyword === k));
    byDialect.set(dialect, enabled);
  }
  return enabled;
}

/**
 * `250-` lines of the EHLO reply after the greeting line (RFC 5321 §4.1.1.1):
 * the enabled extensions offered now, then the optional commands this server
 * implements as RFC 1869 §5 registered them (EXPN is a MUST when supported,
 * RFC 5321 §3.5.2).
 */
export function ehloLines(
  world: World,
  dialect?: Dialect,
  state: SessionFacts = { tls: false },
): string[] {
  const lines = enabledExtensions(world, dialect)
    .filter((e) => !e.offered || e.offered(world, state))
    .map((e) => (e.ehloParams ? `${e.keyword} ${e.ehloParams(world, state)}` : e.keyword));
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
