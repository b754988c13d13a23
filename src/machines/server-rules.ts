/**
 * What the server machine's guards and actions (server.ts) build on, as plain
 * functions of (context, event): the handler outcome (computed once per
 * pair), the policies that refuse commands before they run, and the reply
 * with its error and junk-command accounting.
 */
import { localize, reply } from '../protocol/replies.ts';
import type { Role } from '../protocol/commands.ts';
import { content } from '../protocol/delivery.ts';
import type { Outcome } from '../protocol/session-state.ts';
import { HANDLERS, authResponse, tlsEstablished } from '../protocol/verbs/index.ts';
import type {
  CommandEvent,
  Scripted,
  ServerContext,
  ServerEmitted,
  ServerEvent,
  ServerInput,
} from './types.ts';

// Guards and actions of one transition see the same (context, event) pair:
// compute each handler's outcome once for both.
// One slot is enough: a transition evaluates its guards and actions for one
// (context, event) pair before the next pair comes (measured: bench/README.md).
// Three variables, not an object: no allocation per command for the cache itself.
let lastContext: ServerContext | null = null;
let lastEvent: ServerEvent | null = null;
let lastOutcome: Outcome | null = null;

export function outcomeOf(context: ServerContext, event: ServerEvent): Outcome {
  if (lastContext === context && lastEvent === event) return lastOutcome!;
  const outcome = compute(context, event);
  lastContext = context;
  lastEvent = event;
  lastOutcome = outcome;
  return outcome;
}

type HandledRole = keyof typeof HANDLERS;

/**
 * Policies that refuse commands before they run, by role (data, not
 * if-chains): TLS required (RFC 3207 §4: all but NOOP, EHLO, STARTTLS, QUIT
 * get 530) and authentication required (RFC 4954 §6: all but AUTH, EHLO,
 * HELO, NOOP, RSET, QUIT; RFC 6409 §4.3 for MAIL on the submission port).
 */
const POLICIES: readonly {
  readonly applies: (context: ServerContext) => boolean;
  readonly allowed: ReadonlySet<Role | 'NOOP'>;
  readonly reply: 'tlsRequired' | 'authRequired';
}[] = [
  {
    applies: (c) => c.world.tls.required && c.tls === null,
    allowed: new Set(['hello', 'starttls', 'quit', 'NOOP']),
    reply: 'tlsRequired',
  },
  {
    applies: (c) => c.world.auth.required && c.auth === null,
    allowed: new Set(['hello', 'auth', 'starttls', 'reset', 'quit', 'NOOP']),
    reply: 'authRequired',
  },
];

/** `smtp.recipient` -> `recipient`, one string per type (a slice per command would be a new one). */
const ROLES = new Map<string, Role>();
function roleOf(event: CommandEvent): Role {
  let role = ROLES.get(event.type);
  if (role === undefined) ROLES.set(event.type, (role = event.type.slice('smtp.'.length) as Role));
  return role;
}

function refusedByPolicy(context: ServerContext, event: CommandEvent): Outcome | null {
  if (!context.dialect.extensions) return null;
  const role = roleOf(event);
  for (let i = 0; i < POLICIES.length; i++) {
    const p = POLICIES[i]!; // an index loop: no iterator while the code is not yet optimized
    if (!p.applies(context)) continue;
    if (
      p.allowed.has(role) ||
      (role === 'query' && p.allowed.has('NOOP') && event.command.verb === 'NOOP')
    )
      continue;
    return { reply: reply(p.reply) };
  }
  return null;
}

/**
 * A reply scripted for this command (a lesson's fault) answers it instead of
 * its handler. A refused RCPT still counts as refused, so DATA afterwards is
 * answered as after any refused recipient (RFC 5321 §3.3).
 */
function scriptedOutcome(
  context: ServerContext,
  event: { readonly type: string; readonly scripted?: Scripted },
): Outcome {
  const { reply: r, close } = event.scripted!;
  const refusedRecipient =
    event.type === 'smtp.recipient' && context.envelope !== null && r.code >= 400;
  return {
    reply: r,
    ...(close ? { close } : {}),
    ...(refusedRecipient
      ? { patch: { envelope: { ...context.envelope!, refused: context.envelope!.refused + 1 } } }
      : {}),
  };
}

function compute(context: ServerContext, event: ServerEvent): Outcome {
  switch (event.type) {
    case 'smtp.content':
      return content(context, event);
    case 'smtp.tls':
      return tlsEstablished(context, event);
    case 'smtp.auth-response':
      return authResponse(context, event);
    case 'smtp.unknown':
      return event.scripted ? scriptedOutcome(context, event) : { reply: reply('unrecognized') };
    case 'smtp.bad-line':
    case 'smtp.abort':
      return { reply: event.reply };
    case 'smtp.stored':
      throw new Error('smtp.stored is answered by the acknowledge action, not a handler');
    default: {
      if (event.scripted) return scriptedOutcome(context, event);
      return (
        refusedByPolicy(context, event) ?? HANDLERS[roleOf(event) as HandledRole](context, event)
      );
    }
  }
}

/**
 * Where an action's effects go: XState's `enqueue` when the machine runs as an
 * actor, or the compiled runner (compiled.ts) that sessions run it with. The
 * guards and actions below are written once, against this interface.
 */
export interface Effects {
  assign(patch: Partial<ServerContext>): void;
  emit(event: ServerEmitted): void;
  raise(event: ServerEvent): void;
}

/**
 * Replies the server gives for its own limits or failures, not for anything
 * the client did wrong: they do not count toward the error limit (a client
 * that pipelines 150 RCPTs still reaches DATA with the first 100, RFC 5321
 * §4.5.3.1.10; a disk that cannot take the message is the server's fault).
 */
const NOT_CLIENT_ERRORS: ReadonlySet<string> = new Set([
  'tooManyRecipients',
  'recipientSizeLimit',
  'recipientSizeLater',
  'storageFailed',
]);

/**
 * Junk commands: NOOP, HELP, VRFY, EXPN, RSET and ETRN ask nothing of the
 * mail system, so a client can repeat them forever. Past `world.maxJunkCommands`
 * in a session each one counts as an error, as Postfix's
 * smtpd_junk_command_limit does (100 by default; its list names ETRN too), so
 * the error limit ends such a session. Delivering a message starts the count again.
 */
const isJunk = (event: ServerEvent | undefined) =>
  event?.type === 'smtp.query' || event?.type === 'smtp.reset' || event?.type === 'smtp.etrn';

const NONE_DELIVERED: Outcome['delivered'] & object = Object.freeze([]);

/** Sends the reply (and MTP's preliminary reply before it), worded as the dialect's era words it. */
export function respond(
  enqueue: Effects,
  context: ServerContext,
  outcome: Outcome,
  event?: ServerEvent,
) {
  const words = context.dialect.replies;
  let r = localize(outcome.reply, words);
  const { world } = context;
  const junk = context.junk + (isJunk(event) ? 1 : 0);
  const failing =
    (r.code >= 400 && !NOT_CLIENT_ERRORS.has(r.id ?? '')) ||
    (isJunk(event) && junk > world.maxJunkCommands);
  // After maxErrors errors the server gives up: the next failing command gets 421
  // instead of its own reply (421 may answer any command, RFC 5321 §4.2.2).
  const giveUp = failing && r.code !== 421 && context.errors >= world.maxErrors;
  if (giveUp) r = localize(reply('closingTooManyErrors', { host: world.hostname }), words);
  const errors = context.errors + (failing && !giveUp ? 1 : 0);
  if (outcome.preliminary && !giveUp)
    enqueue.emit({ type: 'smtp.reply', reply: localize(outcome.preliminary, words) });
  const delivered = giveUp ? NONE_DELIVERED : (outcome.delivered ?? NONE_DELIVERED);
  if (delivered.length > 0) {
    // RFC 5321 §6.1: the 250 takes over responsibility for the message, so it
    // waits until the message is stored (smtp.stored answers smtp.store).
    if (outcome.patch) enqueue.assign(outcome.patch);
    enqueue.assign({ errors, junk, storing: { reply: r, delivered } });
    enqueue.emit({ type: 'smtp.store', deliveries: delivered });
    return;
  }
  // Two assigns rather than one spread: `{ ...patch, ... }` over patches of many shapes
  // makes a dictionary-mode object on every command (it showed in the class-lab profile).
  if (outcome.patch) enqueue.assign(outcome.patch);
  enqueue.assign({ errors, junk, lastReply: r });
  enqueue.emit({ type: 'smtp.reply', reply: r });
  // Too many errors, or a reply scripted to close (421): the connection ends here.
  if (giveUp || outcome.close) enqueue.raise({ type: 'smtp.abort', reply: r });
}

/**
 * A shallow copy of the context, every field named: V8 builds this literal in
 * one allocation, where a spread of 17 fields grows a property array (the
 * runner copies the context once per transition that assigns, compiled.ts).
 * TypeScript fails here when a field is added to ServerContext and not copied.
 */
export function copyContext(c: ServerContext): ServerContext {
  return {
    world: c.world,
    dialect: c.dialect,
    client: c.client,
    envelope: c.envelope,
    errors: c.errors,
    junk: c.junk,
    storing: c.storing,
    accepted: c.accepted,
    lastReply: c.lastReply,
    refusal: c.refusal,
    idPrefix: c.idPrefix,
    mtp: c.mtp,
    held: c.held,
    tls: c.tls,
    auth: c.auth,
    sasl: c.sasl,
    greeted: c.greeted,
  };
}

/** The machine's starting context, from its input. */
export function initialContext(input: ServerInput): ServerContext {
  return {
    world: input.world,
    dialect: input.dialect,
    client: { address: input.clientAddress, name: null, hello: null },
    envelope: null,
    errors: 0,
    junk: 0,
    storing: null,
    accepted: 0,
    lastReply: null,
    refusal: input.refusal ?? null,
    idPrefix: input.idPrefix ?? '',
    mtp: { scheme: null, recipients: [], stored: null },
    held: null,
    tls: input.tls ?? null,
    auth: null,
    sasl: null,
    greeted: false,
  };
}
