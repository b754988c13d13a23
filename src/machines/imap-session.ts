/**
 * An IMAP session: bytes in, response bytes out (browser, tests, TCP bridge).
 * It reads commands line by line with their literals (RFC 9051 §4.3, §7.6):
 * after a line ending in {n} it answers "+" (a synchronizing literal) and
 * reads n octets, which belong to the command, then the rest of the line;
 * {n+} (non-synchronizing, at most 4096 octets) needs no "+". Lines and
 * literals are bounded. The machine (imap.ts) sequences; the session does
 * what it asks to the mailbox: flags and removals.
 */
import { DEFAULT_WORLD, type World } from '../protocol/world.ts';
import type { MailStore } from '../protocol/pop3/mailstore.ts';
import { parseCommand } from '../protocol/imap/syntax.ts';
import { imapRoomFor } from '../protocol/imap/commands/index.ts';
import { byteString, octets, replyText, type ImapReply } from '../protocol/imap/response.ts';
import type { ImapContext, ImapEffect } from '../protocol/imap/context.ts';
import { Runner } from './compiled.ts';
import { compiledImapMachine, type ImapEmitted, type ImapEvent } from './imap.ts';

export interface ImapSessionOptions {
  readonly world?: Partial<World>;
  readonly store: MailStore;
  /** Minutes east of UTC for INTERNALDATE (default 0). */
  readonly zoneMinutes?: number;
  readonly maxErrors?: number;
  /** Transcript entries kept (default 1000; 0 keeps none: the bridge). */
  readonly keep?: number;
}

/** Longest command line, CRLF included, and longest literal in a command (none here needs more). */
export const IMAP_LIMITS = { line: 8192, literal: 8192, nonSyncLiteral: 4096 } as const;

export type ImapTranscriptEntry =
  | { readonly kind: 'client'; readonly text: string }
  | { readonly kind: 'server'; readonly text: string; readonly state: string };

export class ImapSession {
  readonly transcript: ImapTranscriptEntry[] = [];
  private readonly runner: Runner<ImapContext, ImapEvent, ImapEmitted>;
  private readonly store: MailStore;
  private readonly keep: number;
  private out = '';
  /** The command read so far (lines and literals), a byte string. */
  private command = '';
  /** Octets of literal still to read into `command`. */
  private literalLeft = 0;
  /** The current line, before its LF. */
  private line = '';
  /** A line grew past the limit: answered, the rest of it is skipped. */
  private skipping = false;

  constructor(options: ImapSessionOptions) {
    const world = { ...DEFAULT_WORLD, ...options.world };
    this.store = options.store;
    this.keep = options.keep ?? 1000;
    const context: ImapContext = {
      hostname: world.hostname,
      accounts: world.accounts,
      store: options.store,
      user: null,
      selected: null,
      zoneMinutes: options.zoneMinutes ?? 0,
      errors: 0,
      maxErrors: options.maxErrors ?? world.maxErrors,
    };
    this.runner = new Runner(compiledImapMachine, context, (e) => this.emitted(e));
  }

  start(): Uint8Array {
    this.runner.start({ type: 'imap.bad-line', tag: null, problem: '' });
    return this.flush();
  }

  get closed(): boolean {
    return this.runner.status !== 'active';
  }

  get state(): string {
    return this.runner.leaf.name;
  }

  get context(): ImapContext {
    return this.runner.context;
  }

  feed(input: Uint8Array | string): Uint8Array {
    this.read(typeof input === 'string' ? input : byteString(input));
    return this.flush();
  }

  /** Sends text (CRLF added) and returns what the server said, as text (tests, the console). */
  send(line: string): string {
    this.read(`${line}\r\n`);
    return byteString(this.flush());
  }

  abort(text: string): Uint8Array {
    this.runner.send({ type: 'imap.abort', text });
    return this.flush();
  }

  /** The connection is gone: nothing to release (IMAP takes no lock). */
  end(): void {}

  private read(text: string) {
    let i = 0;
    while (i < text.length && !this.closed) {
      if (this.literalLeft > 0) {
        const take = Math.min(this.literalLeft, text.length - i);
        this.command += text.slice(i, i + take);
        this.literalLeft -= take;
        i += take;
        continue;
      }
      const lf = text.indexOf('\n', i);
      const part = lf < 0 ? text.slice(i) : text.slice(i, lf);
      i = lf < 0 ? text.length : lf + 1;
      if (this.skipping) {
        if (lf >= 0) this.skipping = false;
        continue;
      }
      this.line += part;
      if (this.line.length > IMAP_LIMITS.line - 2) {
        this.command = '';
        this.line = '';
        this.skipping = lf < 0;
        this.dispatch({
          type: 'imap.bad-line',
          tag: null,
          problem: `line too long (at most ${IMAP_LIMITS.line} octets)`,
        });
        continue;
      }
      if (lf < 0) continue;
      const line = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
      this.line = '';
      this.lineDone(line);
    }
  }

  /** A line ends: either a literal follows, or the command is complete. */
  private lineDone(line: string) {
    const literal = /\{(\d{1,10})(\+?)\}$/.exec(line);
    const text = this.command + line;
    if (!literal) {
      this.command = '';
      return this.run(text);
    }
    const n = Number(literal[1]);
    const sync = literal[2] === '';
    const parsed = parseCommand(text);
    const tag = parsed.ok ? parsed.command.tag : parsed.tag;
    // A command that will be refused anyway is refused now, before the client sends its literal (§7.6).
    if (sync && (!parsed.ok || !imapRoomFor(parsed.command.name))) {
      this.command = '';
      return this.run(text);
    }
    const limit = sync ? IMAP_LIMITS.literal : IMAP_LIMITS.nonSyncLiteral;
    if (n > limit || text.length + n > IMAP_LIMITS.line * 4) {
      this.command = '';
      if (sync)
        // The client waits for "+": refusing now keeps the stream in step (§7.6).
        return this.dispatch({
          type: 'imap.bad-line',
          tag,
          problem: `literal too long (at most ${limit} octets here)`,
        });
      // The octets are on their way and cannot be told from commands: close (RFC 7888 §4).
      return this.runner.send({
        type: 'imap.abort',
        text: `non-synchronizing literal over ${limit} octets`,
      });
    }
    this.command = `${text}\r\n`;
    this.literalLeft = n;
    if (sync) this.write('+ Ready for additional command text\r\n');
  }

  private run(text: string) {
    this.record({
      kind: 'client',
      text: /^\S+ LOGIN /i.test(text) ? text.replace(/^(\S+ LOGIN \S+) .*/is, '$1 ****') : text,
    });
    const parsed = parseCommand(text);
    if (!parsed.ok)
      return this.dispatch({ type: 'imap.bad-line', tag: parsed.tag, problem: parsed.problem });
    const room = imapRoomFor(parsed.command.name);
    if (!room) return this.dispatch({ type: 'imap.unknown', command: parsed.command });
    this.dispatch({ type: `imap.${room.role}`, command: parsed.command, room });
  }

  private dispatch(event: ImapEvent) {
    this.runner.send(event);
    if (this.runner.status === 'error') throw this.runner.error;
  }

  private emitted(e: ImapEmitted) {
    if (e.type === 'imap.effect') return this.effect(e.effect);
    this.write(e.type === 'imap.untagged' ? `* ${e.text}\r\n` : replyText(e.tag, e.reply));
  }

  private effect(effect: ImapEffect) {
    if (effect.kind === 'flags') this.store.setFlags(effect.user, effect.uid, effect.flags);
    else this.store.remove(effect.user, effect.uids);
  }

  private write(text: string) {
    this.out += text;
    this.record({ kind: 'server', text, state: this.state });
  }

  private flush(): Uint8Array {
    const bytes = octets(this.out);
    this.out = '';
    return bytes;
  }

  private record(entry: ImapTranscriptEntry) {
    if (this.keep <= 0) return;
    if (this.transcript.length >= this.keep) this.transcript.shift();
    this.transcript.push(entry);
  }
}

export type { ImapReply };
