/**
 * What the console needs from the page's session: the page's Simulator
 * satisfies it as it is, so the console does not depend on the page.
 */
import type { Session } from '../machines/session.ts';

/** The recipient's mail client the console may speak for instead of SMTP (POP3 or IMAP). */
export interface ReaderTarget {
  readonly protocol: 'pop3' | 'imap';
  /** The server machine's state: `authorization.waiting`, `selected`... */
  readonly state: string;
  readonly closed: boolean;
}

export interface ConsoleTarget {
  /** The session typed into; replaced when settings change or a lesson opens. */
  readonly session: Session;
  /** The lines typed so far, for the Up/Down history. */
  readonly typedLines: readonly string[];
  readonly closed: boolean;
  readonly inData: boolean;
  /** The open lesson's session, if any: quiz answers are taken after the server closed. */
  readonly lesson: object | null;
  /** Bumped on every change, so the editor follows the session. */
  readonly revision: number;
  send(line: string): void;
  sendLines(lines: readonly string[]): void;
  /** The unsent text kept with the session (the sandbox's), to start from after a reload. */
  readonly draft?: string;
  keepDraft?(text: string): void;
  /** While set, lines go to this POP3 or IMAP session, not to the SMTP one. */
  readonly reader?: ReaderTarget | null;
}
