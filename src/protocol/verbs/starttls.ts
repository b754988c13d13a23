/**
 * STARTTLS (RFC 3207 §4): 220, then the TLS handshake; after it the session
 * starts over, knowing nothing from before (§4.2), and STARTTLS is not
 * offered again.
 */
import { custom, reply } from '../replies.ts';
import type { Outcome, ServerContext, TlsEvent } from '../session-state.ts';
import { room } from './room.ts';

/** The handshake is done: back to the state after the greeting, knowing nothing from before (RFC 3207 §4.2). */
export function tlsEstablished(context: ServerContext, event: TlsEvent): Outcome {
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

export const STARTTLS = room({
  verb: 'STARTTLS',
  role: 'starttls',
  parse: 'none',
  args: 'none',
  eras: {
    rfc3207: {
      syntax: 'STARTTLS',
      summary: 'Start TLS; then send EHLO again',
      rfc: 'RFC 3207 §4',
    },
  },
  handle: (context, event) => {
    if (!event.parsed.ok)
      return { reply: reply('syntax', { syntax: 'STARTTLS (no parameters allowed)' }) };
    if (context.tls)
      return {
        reply: reply('badSequence', { reason: 'TLS is already active (RFC 3207 section 4.2)' }),
      };
    return { reply: reply('tlsReady') };
  },
  replies: ['tlsReady', 'syntax', 'badSequence'],
});
