/**
 * Runes adapter over the session API: the UI reads these fields and calls
 * `send`; it holds no protocol knowledge of its own.
 */
import {
  createSession,
  type Session,
  type SessionOptions,
  type TranscriptEntry,
} from '../machines/session.ts';
import type { Delivery } from '../machines/types.ts';

export class SessionView {
  readonly session: Session;
  entries = $state.raw<readonly TranscriptEntry[]>([]);
  state = $state('greeting');
  mailbox = $state.raw<readonly Delivery[]>([]);
  closed = $state(false);

  constructor(options: SessionOptions = {}) {
    this.session = createSession(options);
    this.session.feed('');
    this.refresh();
  }

  /** Sends what the learner typed; each line goes out with CRLF as SMTP requires. */
  send(text: string) {
    this.session.feed(`${text.replace(/\r?\n/g, '\r\n')}\r\n`);
    this.refresh();
  }

  private refresh() {
    this.entries = [...this.session.transcript];
    this.state = this.session.state;
    this.mailbox = this.session.mailbox;
    this.closed = this.session.closed;
  }
}
