/**
 * The page's state: one session of the simulated server, its settings, and what the components
 * render (transcript lines, state, mailbox, envelope). Components read these fields and call the
 * methods; the session API does the work. Input is persisted and replayed on reload (persistence.ts).
 */
import { t } from '../../kit/strings.ts';
import {
  createSession,
  type Session,
  type SessionOptions,
  type TranscriptEntry,
} from '../../machines/session.ts';
import type { Delivery, Envelope } from '../../machines/types.ts';
import type { LessonSession } from '../../lessons/index.ts';
import { isQuizAnswer } from '../../lessons/quiz-answer.ts';
import { isRawLine, rawLine, wireOf } from '../../protocol/raw-line.ts';
import { decode } from '../../protocol/bytes.ts';
import type { KeyValueStore } from '../../kit/store.ts';
import { clear, load, save } from './persistence.ts';
import { serverOf, type RecordedServer } from '../../machines/replay.ts';
import { lastTransitionOf, sameTransition, type Transition } from './last-transition.ts';
import { DEFAULT_SETTINGS, sameSettings, sessionOptions, type ServerSettings } from './settings.ts';
import { DisplayLines } from '../shared/transcript-lines.ts';
import { END_OF_TEXT } from '../../protocol/stuffing.ts';
import { Later } from '../shared/later.ts';
import { Conversation, freshConnection, type ClientNote } from '../../machines/conversation.ts';
import { clientInputFor, type ClientForm } from '../../machines/conversation-input.ts';
import { ClientNoteLines, type ShownLine } from './client-lines.ts';
import { viewOf, type ClientView } from './client-view.ts';
import { serverLines, splitChunk } from './chunks.ts';
import { Reading, type MailReader, type ReadProtocol } from './mail-reader.svelte.ts';
import type { Notice } from './notice.ts';

export interface SimulatorOptions {
  /** Where settings and input survive reloads; undefined keeps nothing. */
  readonly store?: KeyValueStore;
  /** Extra session options (tests pass a fixed clock). */
  readonly session?: Omit<SessionOptions, 'world' | 'dialect'>;
  /**
   * Save the input a moment after it was typed (SAVE_DELAY) instead of at once:
   * the save (JSON of every input so far, then localStorage) stays off the path from Enter to
   * the painted reply. Whoever sets it calls `flush()` when the page is hidden or left.
   */
  readonly persistLater?: boolean;
}

/** With `persistLater`: how long after an input it is saved (ms). */
const SAVE_DELAY = 300;

export class Simulator {
  settings = $state.raw<ServerSettings>(DEFAULT_SETTINGS);
  session = $state.raw<Session>(null as unknown as Session);
  entries = $state.raw<readonly TranscriptEntry[]>([]);
  lines = $state.raw<readonly ShownLine[]>([]);
  state = $state('greeting');
  inData = $state(false);
  closed = $state(false);
  mailbox = $state.raw<readonly Delivery[]>([]);
  /** The open transaction (MAIL accepted, message not yet ended). */
  envelope = $state.raw<Envelope | null>(null);
  /** The last state change, for the chart's animation. */
  lastTransition = $state.raw<Transition | null>(null);
  /** Content lines sent after 354 that the server holds until the final dot (set on a change only). */
  pendingBody = $state.raw<readonly string[]>([]);
  notices = $state.raw<readonly Notice[]>([]);
  /** Bumped on every change: for components that read the session directly. */
  revision = $state(0);
  /** The client machine's run in this session (null when none): see `startClient`. */
  client = $state.raw<ClientView | null>(null);
  /** The recipient's mail client reading this session's mailboxes (null: the console speaks SMTP). */
  reader = $state.raw<MailReader | null>(null);
  /** The mailbox host of this SMTP session, and the connections read from it. */
  private reading: Reading | null = null;

  /** Every chunk fed to this session, as fed (what persistence replays). */
  private inputs: string[] = [];
  /** The message lines as sent (before the final "."), by the content entry they became. */
  private sent = new WeakMap<TranscriptEntry, readonly string[]>();
  /** From the session's listener, which sees entries a bounded transcript (the player's) drops: TLS began, a feed's first content entry. */
  private seen = { tls: false, content: null as TranscriptEntry | null };
  private display: { session: Session; lines: DisplayLines; notes: ClientNoteLines } | null = null;
  private conversation: Conversation | null = null;
  /** The client machine's notes in this session, placed among its entries (saved with it). */
  private clientNotes: readonly ClientNote[] = [];
  private notesShown: readonly ClientNote[] = [];
  private unsubscribe: (() => void) | null = null;
  private readonly store: KeyValueStore | undefined;
  private readonly extra: SimulatorOptions['session'];
  private readonly saving: Later;
  private noticeId = 0;
  private scheduled = false;
  private quiet = false; // typed on quietly, not drawn since: the session's news waits for refresh()
  /** Lesson mode: each session comes from the lesson (its settings, faults, start lines). */
  private lessonFactory: (() => LessonSession) | null = null;
  private lessonRun: LessonSession | null = null;
  private server: RecordedServer | null = null;

  constructor(options: SimulatorOptions = {}) {
    this.store = options.store;
    this.extra = options.session;
    this.saving = new Later(() => this.save(), options.persistLater ? SAVE_DELAY : null);
    this.restoreSandbox(true);
  }

  /** The lesson's session (faults and quiz answers included), in lesson mode. */
  get lesson(): LessonSession | null {
    return this.lessonRun;
  }

  /**
   * Lesson mode: sessions come from `factory` (a LessonSession with the
   * lesson's start lines typed); `lines` (typed before, e.g. restored) are
   * replayed. Nothing is saved to the sandbox's store meanwhile.
   */
  openLesson(factory: () => LessonSession, lines: readonly string[] = []) {
    this.flush(); // the sandbox's last input, before its inputs are replaced
    this.lessonFactory = factory;
    this.replayLines(lines);
  }

  /** Back to the sandbox: its saved session is restored. */
  closeLesson() {
    if (!this.lessonFactory) return;
    this.lessonFactory = null;
    this.lessonRun = null;
    this.restoreSandbox(false);
  }

  /** Re-runs the session from its start without the last line typed. */
  undo() {
    const lines = this.typedLines;
    if (!lines.length) return;
    this.replayLines(lines.slice(0, -1));
  }

  /** A fresh session of `server` (a replayed transcript's dialect and world, saved with the session; new settings drop it), `lines` typed. */
  replayTyped(lines: readonly string[], server: RecordedServer | null = null) {
    this.server = server;
    this.replayLines(lines);
  }

  private replayLines(lines: readonly string[]) {
    this.start();
    this.typeOn(lines);
    this.persist();
  }

  /** Types `lines` on into this session, one chunk each, as replayTyped does (the player steps on), refreshed once. */
  typeOn(lines: readonly string[]) {
    this.typeQuietly(lines);
    this.refresh();
  }

  /** As typeOn, with nothing drawn (a long re-run draws once there, `refresh`); its display lines made as it goes. */
  typeQuietly(lines: readonly string[]) {
    this.quiet = true;
    for (const line of lines)
      if (!this.closed || this.quizLine(line)) this.feedQuietly(`${line}\r\n`);
    if (this.display?.session === this.session) this.display.lines.advance(this.transcript());
  }

  /** A lesson's quiz answer (`? id: answer`), alone in its chunk, is taken even after the server closed. */
  private quizLine(text: string): boolean {
    return (
      this.lessonRun !== null && !/\r?\n./.test(text.trimEnd()) && isQuizAnswer(text.trimEnd())
    );
  }

  private restoreSandbox(first: boolean) {
    const loaded = load(this.store);
    if (loaded.status === 'reset') {
      this.notify('error', t('notice.session.reset', { reason: loaded.reason }));
    }
    const saved = loaded.status === 'ok' ? loaded.saved : null;
    if (loaded.status === 'ok' && loaded.note) this.notify('error', loaded.note);
    if (first) this.draft = saved?.draft ?? '';
    [this.settings, this.server] = [saved?.settings ?? DEFAULT_SETTINGS, saved?.server ?? null];
    this.start();
    if (saved && saved.inputs.length) {
      for (const chunk of saved.inputs) this.feedQuietly(chunk);
      this.clientNotes = saved.clientNotes ?? [];
      this.refresh();
      if (first) this.notify('info', t('notice.session.restored', { count: saved.inputs.length }));
    }
    const r = saved?.reading;
    this.reading = r ? Reading.restore(this.session.world, this.session.mailbox, r) : null;
    this.reader = this.reading?.current ?? null;
  }

  /** Lines the learner typed (for the console's Up/Down history). */
  get typedLines(): string[] {
    if (this.reader) return this.reader.typedLines;
    return this.inputs.flatMap((chunk) => chunk.replace(/\r\n$/, '').split('\r\n'));
  }

  /** Sends one line; CRLF is added, as SMTP requires. */
  send(line: string) {
    this.feed(`${line}\r\n`);
  }

  /** Sends several lines as one chunk (pipelining, RFC 2920; or a message body). */
  sendLines(lines: readonly string[]) {
    if (lines.length) this.feed(lines.map((l) => `${l}\r\n`).join(''));
  }

  /**
   * Sends typed text: lines ending in CRLF; a raw line (`!raw ...`, see
   * lessons/run.ts) goes as the bytes it spells. A raw line with a bad escape
   * stops the whole chunk, with a notice, before anything is sent.
   */
  feed(text: string) {
    if (text === '') return;
    if (this.reader) return this.feedReader(text);
    if (this.closed && !this.quizLine(text)) {
      if (this.lessonRun) this.notify('info', t('notice.closed.quizOnly'));
      return;
    }
    for (const line of splitChunk(text)) {
      const raw = rawLine(line);
      if (raw && !raw.ok) {
        this.notify('error', t('notice.raw.badEscape', { escape: raw.escape }));
        return;
      }
    }
    if (this.conversation && !this.conversation.done) this.stopClient(true);
    this.feedQuietly(text);
    this.refresh();
    this.persist();
  }

  /**
   * Lets the client machine send a message to this session's server, in the
   * server's era and with what it offers (clientInputFor). A client opens a
   * connection of its own and reads the greeting first (RFC 5321 §3.1): a
   * session already spoken in, or closed, is replaced by a new one, and the
   * notice says so. Not in a lesson, whose session is the lesson's.
   */
  startClient(form: ClientForm): boolean {
    if (this.lessonFactory) {
      this.notify('error', t('notice.client.lesson'));
      return false;
    }
    // The client's text goes in as typed text does, where a `!raw` line stands for bytes.
    if (splitChunk(form.body).some(isRawLine)) {
      this.notify('error', t('notice.client.raw'));
      return false;
    }
    if (!freshConnection(this.session)) this.restart(t('notice.client.newSession'));
    this.conversation = new Conversation(
      clientInputFor(this.session, form, this.extra?.now?.()),
      this.session,
      (text) => this.feedQuietly(text),
    );
    this.clientChanged();
    return true;
  }

  /** The client's next send, and what the server answers to it. */
  stepClient() {
    if (!this.conversation || this.conversation.done) return;
    const before = this.conversation.notes.length;
    this.conversation.step();
    this.clientChanged(before);
  }

  /** The client's sends to the end of its session. */
  runClient() {
    if (!this.conversation || this.conversation.done) return;
    const before = this.conversation.notes.length;
    this.conversation.run();
    this.clientChanged(before);
  }

  private stopClient(typed: boolean) {
    const c = this.conversation;
    if (!c) return;
    c.stop();
    this.conversation = null;
    if (!typed || c.done) return;
    this.client = { ...viewOf(c, c.notes.length), stopped: true };
    this.notify('info', t('notice.client.stopped'));
  }

  private clientChanged(before = 0) {
    const c = this.conversation!;
    this.clientNotes = c.notes.slice();
    this.client = viewOf(c, before);
    this.refresh();
    this.persist();
  }

  /** Reads the mailboxes as the recipient's client (mail-reader.svelte.ts); 'smtp': back to SMTP as it was. */
  readWith(protocol: ReadProtocol | 'smtp', notice?: string): boolean {
    if (this.lessonFactory) return false;
    if (protocol === (this.reader?.protocol ?? 'smtp') && !notice) return true;
    this.reading ??= new Reading(this.session.world);
    const said = this.reading.switchTo(protocol, this.session.mailbox);
    this.reader = this.reading.current;
    this.notify('info', notice ?? said);
    this.feedReader('');
    return true;
  }

  private feedReader(text: string) {
    this.reader?.feed(text);
    this.revision++;
    this.persist();
  }

  /** New settings start a new session (the machine takes its world when it starts). */
  applySettings(settings: ServerSettings) {
    if (sameSettings(settings, this.settings)) return;
    [this.settings, this.server] = [settings, null];
    this.restart(t('notice.settingsChanged'));
  }

  /** Drops the transcript and opens a new connection to the same server. */
  newSession() {
    if (this.reader) return void this.readWith(this.reader.protocol, t('reader.notice.new'));
    this.restart(t('notice.session.new'));
  }

  dismiss(id: number) {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  destroy() {
    this.unsubscribe?.();
  }

  private restart(message: string) {
    this.start();
    this.persist();
    this.notify('info', message);
  }

  private start() {
    this.inputs = [];
    this.unsubscribe?.();
    this.stopClient(false);
    this.client = null;
    this.clientNotes = [];
    this.pendingBody = [];
    // A new SMTP session is a new mailbox host: nothing delivered, nothing read.
    this.reading = null;
    this.reader = null;
    if (this.lessonFactory) {
      this.lessonRun = this.lessonFactory();
      this.session = this.lessonRun.session;
    } else {
      const options = { ...this.extra, ...sessionOptions(this.settings), ...serverOf(this.server) };
      this.session = createSession(options);
    }
    // Entries can arrive outside feed() (e.g. the server closing): catch up then.
    this.seen = { tls: false, content: null };
    this.unsubscribe = this.session.subscribe((e) => {
      if (e.kind === 'tls') this.seen.tls = true;
      if (e.kind === 'content') this.seen.content ??= e;
      this.schedule();
    });
    this.session.feed('');
    this.refresh();
  }

  private feedQuietly(text: string) {
    const wasInData = this.session.inData;
    const lenient = this.session.world.dataEnding === 'lenient';
    this.seen.content = null;
    this.inputs.push(text);
    const typed = splitChunk(text);
    const raw = typed.some(isRawLine);
    const wire = raw ? wireOf(typed) : null;
    if (this.lessonRun) this.lessonRun.typeLines(typed);
    else this.session.feed(wire ?? text);
    // With a raw line, the lines are those of the wire, cut where this server ends a line
    // (a LF alone too, when lenient); each is shown cut at every LF, as stored text is.
    const lines = wire ? serverLines(decode(wire), lenient) : typed;
    const shown = (ls: readonly string[]) => (wire ? ls.flatMap((l) => l.split(/\r?\n/)) : ls);
    // The text the server was reading ends at the line holding only ".": those lines, as
    // sent, belong to the first content entry this chunk produced (shared/transcript-lines.ts shows them).
    const end = wasInData ? lines.indexOf(END_OF_TEXT) : -1;
    const content = this.seen.content;
    if (end >= 0 && content)
      this.sent.set(content, [...this.pendingBody, ...shown(lines.slice(0, end))]);
    if (this.session.inData && end < 0 && wasInData)
      this.pendingBody = [...this.pendingBody, ...shown(lines)];
    else if (this.pendingBody.length) this.pendingBody = [];
  }

  private transcript(): readonly TranscriptEntry[] {
    return this.lessonRun ? this.lessonRun.transcript : this.session.transcript;
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (!this.quiet) this.refresh();
    });
  }

  /** Redraws from the session as it is now. */
  refresh() {
    this.quiet = false;
    const s = this.session;
    const transcript = this.transcript();
    if (
      transcript.length !== this.entries.length ||
      this.entries[0] !== transcript[0] ||
      this.notesShown !== this.clientNotes
    ) {
      this.entries = transcript.slice();
      // Made anew for each session (its era's notes); walks only the new entries.
      if (this.display?.session !== s) {
        const seen = this.seen;
        const options = {
          dialect: s.dialect,
          sent: (e: TranscriptEntry) => this.sent.get(e),
          tlsBegun: () => seen.tls,
        };
        this.display = {
          session: s,
          lines: new DisplayLines(options),
          notes: new ClientNoteLines(options),
        };
      }
      const lines = this.display.lines.of(this.entries);
      this.lines = this.display.notes.merge(lines, this.entries, this.clientNotes);
      this.notesShown = this.clientNotes;
    }
    this.state = s.state;
    this.inData = s.inData;
    this.closed = this.lessonRun ? this.lessonRun.closed : s.closed;
    this.mailbox = s.mailbox;
    this.envelope = s.envelope;
    const last = lastTransitionOf(transcript);
    if (!sameTransition(last, this.lastTransition)) this.lastTransition = last;
    this.revision++;
  }

  private persist() {
    // A lesson's lines are kept by the lesson's progress, not as the sandbox session.
    if (!this.lessonFactory) this.saving.ask();
  }

  /** Writes a pending save now (page hidden or closed). */
  flush() {
    this.saving.flush();
  }

  private save() {
    const draft = this.draft ? { draft: this.draft } : {};
    const notes = this.clientNotes.length ? { clientNotes: this.clientNotes } : {};
    const reading = this.reading?.saved();
    const problem = save(this.store, {
      settings: this.settings,
      inputs: this.inputs,
      ...(this.server ? { server: this.server } : {}),
      ...draft,
      ...notes,
      ...(reading?.connections.length ? { reading } : {}),
    });
    // Said once when saving starts failing (and again if it changes), and once when it works again.
    if (problem && problem !== this.storageProblem) this.notify('error', problem);
    else if (!problem && this.storageProblem) this.notify('info', t('persist.saved'));
    this.storageProblem = problem;
  }

  /** Forgets the saved session (the page keeps running). */
  forget() {
    clear(this.store);
  }

  private notify(kind: Notice['kind'], text: string) {
    this.notices = [...this.notices.slice(-3), { id: ++this.noticeId, kind, text }];
  }

  /**
   * Text typed in the console and not sent yet (message lines wait for the final "."): kept
   * with the session, so a reload mid-message gives them back (set with `keepDraft`).
   */
  draft = $state('');

  /** Why the session is not being saved now (e.g. the browser's storage is full); null while it is. */
  storageProblem = $state<string | null>(null);

  /** The console's unsent text changed: saved with the session (a lesson keeps its own lines). */
  keepDraft(text: string) {
    if (text === this.draft) return;
    this.draft = text;
    this.persist();
  }
}
