/**
 * The verbs extensions add: STARTTLS (RFC 3207), AUTH (RFC 4954), BDAT
 * (RFC 3030).
 */
import { startSasl, stepSasl, type SaslStep } from '../../protocol/sasl.ts';
import { custom, reply } from '../../protocol/replies.ts';
import type { CommandEvent, ServerContext, ServerEvent } from '../types.ts';
import { type Handler, type Outcome } from './outcome.ts';
import { accept } from './delivery.ts';
import { stringArg } from './queries.ts';

// --- STARTTLS, AUTH, BDAT (RFC 3207, RFC 4954, RFC 3030) ----------------------

/** STARTTLS (RFC 3207 §4): 220, then the handshake; once TLS is active it is not offered again (§4.2). */
export const starttls: Handler = (context, event) => {
  if (!event.parsed.ok)
    return { reply: reply('syntax', { syntax: 'STARTTLS (no parameters allowed)' }) };
  if (context.tls)
    return {
      reply: reply('badSequence', { reason: 'TLS is already active (RFC 3207 section 4.2)' }),
    };
  return { reply: reply('tlsReady') };
};

/** AUTH (RFC 4954 §4): mechanism and optional initial response; 334 challenges follow. */
export function auth(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const { world } = context;
  if (context.auth)
    return {
      reply: reply('badSequence', { reason: 'already authenticated (RFC 4954 section 4)' }),
    };
  // §4 Note: plaintext mechanisms only under TLS when the policy says so.
  if (world.auth.requireTls && !context.tls) return { reply: reply('tlsRequired') };
  const [mechanism = '', initial, ...rest] = stringArg(event).split(' ');
  if (rest.length > 0)
    return { reply: reply('syntax', { syntax: 'AUTH <mechanism> [<initial-response>]' }) };
  const mech = mechanism.toUpperCase();
  if (!world.auth.mechanisms.includes(mech)) return { reply: reply('authUnknownMechanism') };
  if (mech === 'CRAM-MD5' && initial !== undefined)
    return { reply: reply('authNoInitialResponse', { mechanism: mech }) };
  const nonce = `${(event.at ?? new Date(0)).getTime()}.${context.errors + context.accepted + 1}`;
  const step = startSasl(mech, initial, world.accounts, { host: world.hostname, nonce });
  // A mechanism the world lists but the simulator cannot do (e.g. EXTERNAL) is unrecognized here.
  return step ? saslOutcome(mech, step) : { reply: reply('authUnknownMechanism') };
}

/** A line of the exchange after 334: `*` cancels (RFC 4954 §4). */
export function authResponse(
  context: ServerContext,
  event: Extract<ServerEvent, { type: 'smtp.auth-response' }>,
): Outcome {
  const state = context.sasl!;
  if (event.line === '*') return { reply: reply('authCancelled'), patch: { sasl: null } };
  return saslOutcome(state.mechanism, stepSasl(state, event.line, context.world.accounts));
}

function saslOutcome(mechanism: string, step: SaslStep): Outcome {
  switch (step.kind) {
    case 'challenge':
      return {
        reply: reply('authChallenge', { challenge: step.challenge }),
        patch: { sasl: step.state },
      };
    case 'success':
      return {
        reply: reply('authSucceeded'),
        patch: { sasl: null, auth: { user: step.user, mechanism } },
      };
    case 'failure':
      return { reply: reply('authFailed'), patch: { sasl: null } };
    case 'malformed':
      return { reply: reply('authMalformed'), patch: { sasl: null } };
  }
}

/** The handshake is done: back to the state after the greeting, knowing nothing from before (RFC 3207 §4.2). */
export function tlsEstablished(
  context: ServerContext,
  event: Extract<ServerEvent, { type: 'smtp.tls' }>,
): Outcome {
  return {
    reply: custom(220, ['TLS established']),
    patch: {
      tls: event.info,
      client: { ...context.client, name: null, hello: null },
      envelope: null,
      auth: null,
      sasl: null,
    },
  };
}

/** BDAT (RFC 3030 §2): exactly chunk-size octets follow; LAST ends the message. */
export function bdat(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const value = event.parsed.value;
  if (value.kind !== 'bdat' || !event.chunk) throw new Error('BDAT without its chunk');
  const envelope = context.envelope!;
  const before = envelope.chunks ?? { parts: [], size: 0, overflow: false };
  const size = before.size + event.chunk.size;
  const overflow = before.overflow || event.chunk.overflow || size > context.world.maxMessageSize;
  const chunks = { parts: overflow ? [] : [...before.parts, ...event.chunk.parts], size, overflow };
  if (!value.last)
    return {
      reply: reply('chunkReceived', { size: event.chunk.size }),
      patch: { envelope: { ...envelope, chunks } },
    };
  if (overflow) return { reply: reply('tooMuchData'), patch: { envelope: null } };
  return accept(context, envelope, { parts: chunks.parts, size, at: event.at ?? new Date(0) });
}
