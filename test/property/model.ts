/**
 * A reading of a session transcript as RFC 5321 sees it: which command got
 * which reply, and what the protocol state was before each exchange, derived
 * only from the replies (§4.1.4 and §3.3). The properties compare the
 * server's own state and deliveries against this independent reading.
 */
import type { TranscriptEntry } from '../../src/machines/session.ts';
import type { Delivery } from '../../src/machines/types.ts';
import type { Reply } from '../../src/protocol/replies.ts';

export interface ModelState {
  /** An accepted HELO/EHLO was seen. */
  readonly hello: boolean;
  /** An accepted MAIL opened a transaction not yet ended. */
  readonly open: boolean;
  /** Accepted RCPTs (250/251) since that MAIL. */
  readonly rcpts: number;
  /** DATA got 354 and the end of data has not been answered yet. */
  readonly inData: boolean;
  /** The reverse path of the open transaction, as the MAIL command wrote it. */
  readonly reversePath: string | null;
  /** Error replies (4yz/5yz) so far: the server's maxErrors budget. */
  readonly errors: number;
  /** A 221 or 421 was sent. */
  readonly closed: boolean;
}

export type Step =
  | {
      readonly kind: 'command';
      readonly verb: string;
      readonly text: string;
      /** How the line ended; 'none' for an over-long line (its text is a placeholder). */
      readonly ending: 'CRLF' | 'LF' | 'none';
      readonly reply: Reply;
      readonly before: ModelState;
    }
  | {
      readonly kind: 'content';
      readonly reply: Reply;
      readonly delivery: Delivery | null;
      readonly before: ModelState;
    }
  /** A reply to no command: the greeting, or a 421 the server sent on its own. */
  | { readonly kind: 'unsolicited'; readonly reply: Reply; readonly before: ModelState }
  /** A delivery with no end-of-data reply just before it. */
  | { readonly kind: 'stray-delivery'; readonly delivery: Delivery; readonly before: ModelState }
  | { readonly kind: 'state'; readonly to: string; readonly before: ModelState };

const INITIAL: ModelState = {
  hello: false,
  open: false,
  rcpts: 0,
  inData: false,
  reversePath: null,
  errors: 0,
  closed: false,
};

const verbOf = (text: string) => (/^\S*/.exec(text)![0] ?? '').toUpperCase();

export interface Reading {
  readonly steps: Step[];
  /** The model state after the whole transcript. */
  readonly final: ModelState;
}

/** The exchanges of a transcript in order, each with the model state before it. */
export function readTranscript(transcript: readonly TranscriptEntry[]): Reading {
  const steps: Step[] = [];
  let m = INITIAL;
  let command: { text: string; ending: 'CRLF' | 'LF' | 'none' } | null = null;
  let content = false;
  let lastContent: { index: number; code: number } | null = null;

  for (const e of transcript) {
    switch (e.kind) {
      case 'client':
        command = { text: e.text, ending: e.ending };
        break;
      case 'content':
        content = true;
        break;
      case 'server': {
        const r = e.reply;
        const before = m;
        // The server's own limits and failures are not the client's errors; nor is the 421 itself.
        const counts =
          r.code >= 400 &&
          r.code !== 421 &&
          r.id !== 'tooManyRecipients' &&
          r.id !== 'storageFailed';
        let next: ModelState = { ...m, errors: m.errors + (counts ? 1 : 0) };
        if (r.code === 221 || r.code === 421) next = { ...next, closed: true };
        if (content) {
          steps.push({ kind: 'content', reply: r, delivery: null, before });
          lastContent = { index: steps.length - 1, code: r.code };
          // The end of data ends the transaction, accepted or not.
          next = { ...next, inData: false, open: false, rcpts: 0, reversePath: null };
          content = false;
        } else if (command) {
          const verb = verbOf(command.text);
          steps.push({
            kind: 'command',
            verb: command.ending === 'none' ? '' : verb,
            text: command.text,
            ending: command.ending,
            reply: r,
            before,
          });
          lastContent = null;
          const ok = r.code === 250;
          if ((verb === 'HELO' || verb === 'EHLO') && ok)
            next = { ...next, hello: true, open: false, rcpts: 0, reversePath: null };
          else if (verb === 'RSET' && ok)
            next = { ...next, open: false, rcpts: 0, reversePath: null };
          else if (verb === 'MAIL' && ok) {
            const path = /^\S+\s+FROM:(<[^>]*>)/i.exec(command.text)?.[1] ?? '?';
            next = { ...next, open: true, rcpts: 0, reversePath: path };
          } else if (verb === 'RCPT' && (r.code === 250 || r.code === 251))
            next = { ...next, rcpts: next.rcpts + 1 };
          else if (verb === 'DATA' && r.code === 354) next = { ...next, inData: true };
          command = null;
        } else {
          steps.push({ kind: 'unsolicited', reply: r, before });
          lastContent = null;
        }
        m = next;
        break;
      }
      case 'delivery': {
        const last = lastContent ? steps[lastContent.index] : undefined;
        if (last && last.kind === 'content' && last.delivery === null) {
          steps[lastContent!.index] = { ...last, delivery: e.delivery };
        } else {
          steps.push({ kind: 'stray-delivery', delivery: e.delivery, before: m });
        }
        lastContent = null;
        break;
      }
      case 'state':
        steps.push({ kind: 'state', to: e.to, before: m });
        break;
      case 'note':
      case 'closed':
        break;
    }
  }
  return { steps, final: m };
}
