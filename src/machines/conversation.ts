/**
 * The client machine talking to the server machine in the page: each wire
 * text the client sends is fed to the server session, each reply back to the
 * client, until the client is done. Both sides' rules run; nothing is faked.
 */
import { ClientSession } from './client-session.ts';
import type { Session } from './session.ts';
import type { ClientInput } from '../protocol/client/state.ts';

/** A bound on exchanges: a conversation that loops is a bug, reported, not a frozen page. */
const MAX_EXCHANGES = 10_000;

export function converse(input: ClientInput, server: Session): ClientSession {
  const outbox: string[] = [];
  let tls = false;
  let closed = false;
  const client = new ClientSession(input, {
    send: (text) => void outbox.push(text),
    // The server in the page does its (simulated) handshake as soon as it says 220.
    starttls: () => void (tls = true),
    close: () => void (closed = true),
  });
  client.receive(server.feedWire(''));
  for (let i = 0; i < MAX_EXCHANGES && !client.done; i++) {
    if (tls) {
      tls = false;
      client.tlsReady(server.tls ? `${server.tls.protocol} ${server.tls.cipher}` : 'TLS');
      continue;
    }
    const text = outbox.shift();
    if (text === undefined) {
      if (server.closed) client.closed();
      else break; // the client waits for a reply that will not come: a timeout, in real life
      continue;
    }
    const answer = server.feedWire(text);
    if (answer) client.receive(answer);
    if (server.closed && !closed && outbox.length === 0 && !client.done) client.closed();
  }
  return client;
}
