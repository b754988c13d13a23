/** The client machine's run in the sandbox, as its panel shows it: a snapshot after each step. */
import type { ClientNote, Conversation } from '../../machines/conversation.ts';
import type { ClientResult } from '../../protocol/client/state.ts';

export interface ClientView {
  /** The lines it sends on the next step (a pipelined group and the message text are one send). */
  readonly next: readonly string[];
  readonly done: boolean;
  readonly result: ClientResult;
  /** Why it ended early, if it did. */
  readonly ended: string | null;
  /** The learner typed into its connection: the run stopped there. */
  readonly stopped: boolean;
  /** The client's notes of its last step: why it sends what it sends next. */
  readonly why: readonly ClientNote[];
}

/** The run now; `before`, how many notes there were before the last step. */
export function viewOf(c: Conversation, before = 0): ClientView {
  const { client } = c;
  return {
    next: c.next,
    done: c.done,
    result: client.result,
    ended: client.ended,
    stopped: false,
    why: c.notes.slice(before),
  };
}
