/**
 * The console's state: the plain input shown until Monaco arrives, the
 * Up/Down history, whether the editor is loaded, and the hint for the mode
 * the session is in. The Svelte component renders it and mounts the editor.
 */
import { t } from '../kit/strings.ts';
import { isRawLine } from '../protocol/raw-line.ts';
import { stuffText } from '../protocol/stuffing.ts';
import type { ConsoleHost } from './editor.ts';
import { commandHint, commandPlaceholder, dataHint, type RichText } from './era-hints.ts';
import { History } from './history.ts';
import { contentLine } from './protocol-view.ts';
import { readerExample } from './reader-console.ts';
import type { ConsoleTarget, ReaderTarget } from './target.ts';

export type ConsoleMode = 'command' | 'data' | 'closed';

/**
 * A phone's screen: Monaco is never fetched there (0.8 MB gzip and its start-up buy little, as it
 * does not support touch keyboards); the plain input with its Send button is the console.
 */
export const NARROW = '(max-width: 760px)';
export const narrowScreen = () => typeof matchMedia === 'function' && matchMedia(NARROW).matches;

export class ConsoleState implements ConsoleHost {
  history: History;
  /** Text of the plain input (before Monaco is loaded, or if it fails to load). */
  draft = $state('');
  editorReady = $state(false);
  /** Monaco is wanted: the learner came to the console, or the page has been idle. */
  wantEditor = $state(false);

  /** The learner came to the console (focus, pointer, a key): Monaco is wanted, but not on a phone. */
  want() {
    if (!narrowScreen()) this.wantEditor = true;
  }
  loadError = $state<string | null>(null);
  /**
   * The console stuffs message lines for the learner: a line typed while the
   * server reads the text that starts with "." goes out with a second one in
   * front (RFC 821 §4.5.2 and the other eras' transparency rules; RFC 772 has
   * none). Off, the learner is the client and types the lines as sent.
   */
  stuffing = $state(false);
  /** Bumped when the typed text is cleared (a new session): the editor empties too. */
  cleared = $state(0);
  /** Bumped to move the focus to the console (the skip link), editor or plain input. */
  focusRequests = $state(0);

  readonly sim: ConsoleTarget;

  constructor(sim: ConsoleTarget) {
    this.sim = sim;
    this.history = new History(sim.typedLines);
    // What was typed and not sent before a reload (message lines held for the final ".").
    this.draft = sim.draft ?? '';
  }

  /** The text being typed changed: kept with the sandbox's session (a lesson keeps its own lines). */
  keepDraft(text: string) {
    if (this.sim.lesson === null) this.sim.keepDraft?.(text);
  }

  get mode(): ConsoleMode {
    const reader = this.reader();
    if (reader) return reader.closed ? 'closed' : 'command';
    return this.sim.closed ? 'closed' : this.sim.inData ? 'data' : 'command';
  }

  /** The POP3 or IMAP session typed into instead of SMTP, if any. */
  reader(): ReaderTarget | null {
    return this.sim.reader ?? null;
  }

  /** The SMTP server reads message text (never while the console speaks POP3 or IMAP). */
  get inData(): boolean {
    return !this.reader() && this.sim.inData;
  }

  session() {
    return this.sim.session;
  }

  inputClosed(): boolean {
    const reader = this.reader();
    if (reader) return reader.closed;
    return this.sim.closed && this.sim.lesson === null;
  }

  /** The era has a transparency rule (RFC 780 onward): the stuffing choice applies. */
  get transparency(): boolean {
    return this.sim.session.dialect.transparency;
  }

  /** One line; while the server reads the text, stuffed when chosen (the "." that ends it never is). */
  send(line: string) {
    this.sim.send(this.inData && this.stuffing ? stuffText([line], this.transparency)[0]! : line);
  }

  /** Lines typed while the server reads the text are stuffed (when chosen) up to the "." line. */
  sendLines(lines: readonly string[]) {
    this.sim.sendLines(this.inData && this.stuffing ? stuffText(lines, this.transparency) : lines);
  }

  /** The command line's placeholder, with a command of the session's era. */
  get placeholder(): string {
    if (this.inputClosed()) return t('console.placeholder.closed');
    const reader = this.reader();
    if (reader)
      return t('console.placeholder.reader', {
        example: readerExample(reader, this.sim.typedLines.length + 1),
      });
    if (this.sim.closed) return t('console.placeholder.closedQuiz');
    if (this.sim.inData) return t('console.placeholder.data');
    return commandPlaceholder(this.sim.session.dialect);
  }

  /**
   * The hint under the console: the era's dot rule in data mode, pipelining only where offered;
   * for the plain input (a phone), only what it does: Enter or Send, and paste for a group.
   */
  get hint(): RichText {
    const reader = this.reader();
    if (reader)
      return {
        key: reader.protocol === 'pop3' ? 'console.hint.pop3' : 'console.hint.imap',
        params: {},
      };
    return this.sim.inData
      ? dataHint(this.sim.session.dialect, this.stuffing)
      : commandHint(this.sim.session, !this.editorReady);
  }

  /** A new session: what was typed and not sent goes. */
  clear() {
    this.draft = '';
    this.cleared++;
  }

  /**
   * The console now speaks another protocol (SMTP, POP3 or IMAP): Up/Down
   * walk that session's lines, and what was typed for the other one goes.
   */
  switched() {
    this.history = new History(this.sim.typedLines);
    this.clear();
  }

  requestFocus() {
    this.focusRequests++;
  }

  /**
   * Text pasted into the plain input between `before` and `after` (the draft
   * around the selection). One line is left to the input (false). Several
   * lines go out as one chunk, as the Monaco console sends a multi-line paste
   * (a pipelined group, RFC 2920 §3.1): a last empty line adds nothing.
   * While the server reads the message text, Monaco holds the lines until one
   * ends the message; the plain input holds one line only, so the finished
   * lines go out (as Enter would send each) and an unfinished last one stays.
   */
  paste(text: string, before: string, after: string): boolean {
    if (!/[\r\n]/.test(text)) return false;
    if (this.inputClosed()) return true;
    let lines = `${before}${text}${after}`.split(/\r\n|\r|\n/);
    let rest = '';
    if (lines.length > 1 && lines.at(-1) === '') lines = lines.slice(0, -1);
    if (this.inData) {
      const ends = lines.some((l) => contentLine(l) === 'end' || isRawLine(l));
      if (!ends) rest = lines.pop() ?? '';
    } else {
      for (const l of lines) this.history.push(l);
    }
    if (lines.length) this.sendLines(lines);
    this.draft = rest;
    return true;
  }

  /** Enter in the plain input: send the line as typed. */
  submitDraft() {
    if (this.inputClosed()) return;
    const line = this.draft;
    if (!this.inData) this.history.push(line);
    this.send(line);
    this.draft = '';
  }

  /** Up/Down in the plain input. */
  recall(direction: 'up' | 'down') {
    if (this.inData) return;
    const line = direction === 'up' ? this.history.up(this.draft) : this.history.down();
    if (line !== null) this.draft = line;
  }
}
