/**
 * The learner is the sending host's client at one hop of a journey: what
 * they type goes to the receiving host's real server machine (its world,
 * its port), and the hop comes to what that server did. A recipient is
 * taken only by a 250 after the message text (RFC 5321 §6.1: that reply
 * takes over responsibility), refused by a 5yz to its RCPT or to the text,
 * and otherwise stays queued at the sending host to be tried again
 * (§4.5.4.1): a session left before the final dot delivers nothing.
 */
import type { RecipientOutcome } from '../protocol/client/state.ts';
import { authCommand, dataWire, messageLines } from '../protocol/client/outgoing.ts';
import type { ClientLogEntry } from './client-session.ts';
import type { HopOutcome, HopRequest } from './journey-types.ts';
import type { TranscriptEntry } from './session-types.ts';

/** The address inside `<...>` of a MAIL or RCPT line, or null. */
const pathIn = (line: string): string | null => /<([^>]*)>/.exec(line)?.[1] ?? null;

export class HopClient {
  private hungUp = false;

  constructor(readonly request: HopRequest) {}

  /** The server's transcript so far, greeting first. */
  get transcript(): readonly TranscriptEntry[] {
    return this.request.server.transcript;
  }

  /** The server closed the connection, or the learner hung up. */
  get done(): boolean {
    return this.hungUp || this.request.server.closed;
  }

  /** The server is reading the message text (after its 354). */
  get inData(): boolean {
    return this.request.server.inData;
  }

  /**
   * What the simulated client would send here, to copy or follow: the hello,
   * STARTTLS and the hello again when the host offers it (RFC 3207 §4.2), AUTH
   * on submission (RFC 6409 §4.3), the envelope and DATA.
   */
  get suggested(): readonly string[] {
    const { message, options } = this.request.input;
    const hello = `EHLO ${options.hello}`;
    const tls = this.request.server.world.tls;
    return [
      hello,
      ...(tls.offered && !tls.implicit ? ['STARTTLS', hello] : []),
      ...(options.auth ? [authCommand(options.auth)] : []),
      `MAIL FROM:<${message.from}>`,
      ...message.to.map((t) => `RCPT TO:<${t}>`),
      'DATA',
    ];
  }

  /** Lines the learner typed (several at once are one pipelined group, RFC 2920). */
  type(text: string): void {
    if (this.done) return;
    const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
    this.request.server.feedWire(lines.map((l) => `${l}\r\n`).join(''));
  }

  /** The queued message, dot-stuffed as the era says, and the final dot (RFC 5321 §4.5.2). */
  sendText(): void {
    if (this.done) return;
    const { message, dialect } = this.request.input;
    this.request.server.feedWire(dataWire(messageLines(message.text), dialect.transparency));
  }

  /** The learner drops the connection without QUIT: whatever was not taken stays queued. */
  hangUp(): void {
    this.hungUp = true;
  }

  /** What the hop came to, read from the server's transcript and mailbox. */
  outcome(): HopOutcome {
    const deliveries = this.request.server.mailbox;
    const asked = this.request.recipients;
    // The address as the journey knows it (case aside), or as the learner typed it.
    const named = (a: string) => asked.find((t) => t.toLowerCase() === a.toLowerCase()) ?? a;
    const accepted = [
      ...new Set(deliveries.flatMap((d) => d.recipients.map((r) => named(pathIn(r.text) ?? '')))),
    ];
    const refused = new Map<string, RecipientOutcome>();
    const deferred = new Map<string, RecipientOutcome>();
    let final: HopOutcome['result']['final'] = null;
    let transaction: string[] = [];
    let command: string | null = null;
    for (const e of this.transcript) {
      if (e.kind === 'client') command = e.text;
      // The text after DATA is answered as the text; a BDAT chunk, as its command (RFC 3030 §2).
      else if (e.kind === 'content' && !/^BDAT\b/i.test(command ?? '')) command = '';
      if (e.kind !== 'server' || command === null) continue;
      const code = e.reply.code;
      const seen = { code, text: e.wire.split('\r\n')[0]!.slice(4) };
      const verb = command === '' ? 'TEXT' : (command.split(' ')[0] ?? '').toUpperCase();
      const line = command;
      const last = verb === 'BDAT' && /\bLAST\s*$/i.test(line);
      command = null;
      if (verb === 'MAIL' || verb === 'RSET' || verb === 'HELO' || verb === 'EHLO')
        transaction = [];
      if (verb === 'RCPT') {
        const to = named(pathIn(line) ?? '');
        if (code < 300) transaction.push(to);
        else (code >= 500 ? refused : deferred).set(to, { to, ...seen });
      }
      // RFC 3030 §2: a 4yz or 5yz to any chunk fails the transaction; only LAST's 250 ends it well.
      if (verb === 'TEXT' || last || (verb === 'BDAT' && code >= 400)) {
        if (code < 300) final = seen;
        else
          for (const to of transaction) (code >= 500 ? refused : deferred).set(to, { to, ...seen });
        transaction = [];
      }
    }
    for (const to of accepted) {
      refused.delete(to);
      deferred.delete(to);
    }
    return {
      result: {
        accepted,
        refused: [...refused.values()],
        deferred: [...deferred.values()],
        final,
        delivered: asked.every((t) => accepted.includes(t)),
      },
      dialogue: this.transcript,
      client: logOf(this.transcript, this.hungUp),
      deliveries,
    };
  }
}

/** The hop's dialogue as the journey shows every hop: the learner's lines as C:, the server's as S:. */
function logOf(transcript: readonly TranscriptEntry[], hungUp: boolean): ClientLogEntry[] {
  const log: ClientLogEntry[] = [];
  let chunk = false;
  for (const e of transcript) {
    if (e.kind === 'client') {
      log.push({ kind: 'client', text: e.text });
      chunk = /^BDAT\b/i.test(e.text);
    } else if (e.kind === 'content')
      // The text as the server stored it; after DATA its final dot, a BDAT chunk has none.
      for (const line of `${e.text.replace(/\r\n$/, '')}${chunk ? '' : '\r\n.'}`.split('\r\n'))
        log.push({ kind: 'client', text: line });
    else if (e.kind === 'server')
      for (const line of e.wire.replace(/\r\n$/, '').split('\r\n'))
        log.push({ kind: 'server', text: line });
    else if (e.kind === 'note') log.push({ kind: 'note', text: e.text, rfc: e.rfc });
    else if (e.kind === 'tls')
      log.push({ kind: 'tls', text: `${e.info.protocol} ${e.info.cipher}` });
    else if (e.kind === 'closed')
      log.push({ kind: 'closed', text: 'the server closed the connection' });
  }
  if (hungUp) log.push({ kind: 'closed', text: 'you closed the connection' });
  return log;
}
