/**
 * The learner is the receiving host's server at one hop of a journey: the
 * sending host's simulated client talks to them and they type its replies,
 * judged by the role reversal against the host's own server machine (its
 * world, its port). What they answer decides the hop, right or wrong: a 250
 * after the text makes the host responsible for the message (RFC 5321 §6.1),
 * a 4yz leaves it queued at the sender (§4.5.4.1), a 5yz makes the sender
 * bounce it (RFC 3464), a 421 closes the connection (§3.8).
 */
import { ReplyReader, asReply } from '../protocol/conformance-reader.ts';
import { encode } from '../protocol/bytes.ts';
import type { Path } from '../protocol/address.ts';
import { receivedField, receivedField821 } from '../protocol/trace.ts';
import type { Recipient } from '../protocol/session-state.ts';
import type { ClientLogEntry } from './client-session.ts';
import type { HopOutcome, HopRequest } from './journey-types.ts';
import { RoleReversal, type ReplyVerdict } from './role-reversal.ts';
import type { TranscriptEntry } from './session-types.ts';
import type { Delivery } from './types.ts';

export class HopServer {
  readonly reversal: RoleReversal;

  constructor(readonly request: HopRequest) {
    this.reversal = new RoleReversal(request.input, {}, request.server);
  }

  get done(): boolean {
    return this.reversal.done;
  }

  /** The client's side so far: what it sent, what the learner answered, its notes. */
  get log(): readonly ClientLogEntry[] {
    return this.reversal.client.log;
  }

  get verdicts(): readonly ReplyVerdict[] {
    return this.reversal.verdicts;
  }

  /** Reply lines the learner typed: each complete reply is judged, then read by the client. */
  answer(text: string): ReplyVerdict[] {
    return this.reversal.answer(text);
  }

  /** What the hop came to: the simulated client's result, and the message the host took on. */
  outcome(): HopOutcome {
    const client = this.reversal.client;
    const result = client.result;
    const taken = result.final !== null && result.final.code < 300 && result.accepted.length > 0;
    return {
      result,
      dialogue: transcriptOf(client.log),
      client: client.log,
      deliveries: taken ? [this.delivery(result.accepted)] : [],
    };
  }

  /**
   * The message as the host took it on: its Received line (§4.4) before the
   * text. Every recipient goes through the host's queue, so one it has no
   * mailbox for is bounced from there: having said 250, the host must send
   * the notification itself (§6.1), not lose the message.
   */
  private delivery(accepted: readonly string[]): Delivery {
    const { request } = this;
    const { message, options, dialect } = request.input;
    const id = `${request.index.toString(16).toUpperCase()}.00000001`;
    const log = this.reversal.client.context;
    const trace = {
      heloName: options.hello,
      clientAddress: request.clientAddress,
      serverName: request.to,
      // RFC 3848 §1: ESMTP, S for TLS, A for AUTH.
      protocol:
        log.hello === 'EHLO' ? `ESMTP${log.tls ? 'S' : ''}${log.authed ? 'A' : ''}` : 'SMTP',
      id,
      ...(accepted.length === 1 ? { forPath: `<${accepted[0]}>` } : {}),
      date: request.at,
    };
    const stamp =
      dialect.trace === 'rfc5321'
        ? receivedField(trace)
        : dialect.trace === 'rfc821'
          ? receivedField821(trace)
          : '';
    const content = encode(message.text);
    return {
      id,
      reversePath: `<${message.from}>`,
      recipients: accepted.map(onward),
      trace: stamp,
      content,
      size: content.length,
      receivedAt: request.at.toISOString(),
      bareLfLines: 0,
    };
  }
}

/** A recipient the host keeps in its queue: delivered or relayed from there (journey.ts). */
function onward(address: string): Recipient {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const path: Path = {
    kind: 'mailbox',
    mailbox: { local, localValue: local, domain: address.slice(at + 1), literal: false },
    route: [],
  };
  return { path, text: `<${address}>`, route: 'relay', mailbox: address, params: [] };
}

/** The hop's transcript as a server's would read: each line the client sent, each reply typed. */
function transcriptOf(log: readonly ClientLogEntry[]): TranscriptEntry[] {
  const out: TranscriptEntry[] = [];
  let lines: string[] = [];
  const flush = () => {
    if (lines.length === 0) return;
    for (const read of new ReplyReader().push(lines.map((l) => `${l}\r\n`).join(''))) {
      const reply = asReply(read);
      const wire = read.lines.map((l) => `${l}\r\n`).join('');
      if (reply) out.push({ kind: 'server', step: out.length, reply, wire });
    }
    lines = [];
  };
  for (const e of log) {
    if (e.kind === 'server') {
      lines.push(e.text);
      continue;
    }
    flush();
    if (e.kind === 'client')
      out.push({ kind: 'client', step: out.length, text: e.text, ending: 'CRLF' });
  }
  flush();
  return out;
}
