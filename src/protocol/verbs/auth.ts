/**
 * AUTH (RFC 4954 §4): a SASL mechanism and an optional initial response;
 * 334 challenges follow until 235 or a failure. AUTH ends a pipelined group
 * (§4).
 */
import { asciiUpper } from '../params.ts';
import { startSasl, stepSasl, type SaslStep } from '../sasl.ts';
import { reply } from '../replies.ts';
import type { AuthResponseEvent, CommandEvent, Outcome, ServerContext } from '../session-state.ts';
import { room, stringArg } from './room.ts';

function auth(context: ServerContext, event: CommandEvent): Outcome {
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
  // ASCII case only (RFC 4954 §4: mechanism names are case-insensitive US-ASCII).
  const mech = asciiUpper(mechanism);
  if (!world.auth.mechanisms.includes(mech)) return { reply: reply('authUnknownMechanism') };
  if (mech === 'CRAM-MD5' && initial !== undefined)
    return { reply: reply('authNoInitialResponse', { mechanism: mech }) };
  const nonce = `${(event.at ?? new Date(0)).getTime()}.${context.errors + context.accepted + 1}`;
  const step = startSasl(mech, initial, world.accounts, {
    host: world.hostname,
    nonce,
    challenge: world.auth.challenge,
  });
  // A mechanism the world lists but the simulator cannot do (e.g. EXTERNAL) is unrecognized here.
  return step ? saslOutcome(mech, step) : { reply: reply('authUnknownMechanism') };
}

/** A line of the exchange after 334: `*` cancels (RFC 4954 §4). */
export function authResponse(context: ServerContext, event: AuthResponseEvent): Outcome {
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

export const AUTH = room({
  verb: 'AUTH',
  role: 'auth',
  parse: 'string',
  args: 'required',
  eras: {
    rfc4954: {
      syntax: 'AUTH <mechanism> [<initial-response>]',
      summary: 'Authenticate with a SASL mechanism',
      rfc: 'RFC 4954 §4',
    },
  },
  handle: auth,
  replies: [
    'badSequence',
    'tlsRequired',
    'syntax',
    'authUnknownMechanism',
    'authNoInitialResponse',
    'authChallenge',
    'authSucceeded',
    'authFailed',
    'authMalformed',
  ],
  endsGroup: true,
});
