/**
 * A verb's room: everything about one command in one place, as aiosmtpd keeps
 * each `smtp_VERB` beside its `@syntax`. Its syntax as each era's RFC prints
 * it (the dialect tables pick theirs), its handler (a pure function: the
 * machine decides *whether* a command is in sequence, the handler *what* it
 * does), the replies the handler may give, and its flags.
 */
import type { ArgumentKind, ArgumentRule, CommandSpec, Role } from '../commands.ts';
import type { ReplyId } from '../replies.ts';
import type { CommandEvent, Handler } from '../session-state.ts';

export interface VerbRoom<Era extends string = string> {
  readonly verb: string;
  readonly role: Role;
  /** The command in each era that has it, keyed by the dialect (or extension) that defines it. */
  readonly specs: Readonly<Record<Era, CommandSpec>>;
  readonly handle: Handler;
  /**
   * The catalog replies the handler may give (the parser's 501s, the policies'
   * 530s and scripted faults come from elsewhere). A test runs sessions and
   * checks that every reply to this verb is listed here.
   */
  readonly replies: readonly ReplyId[];
  /** RFC 2920 §3.1 (and RFC 4954 §4 for AUTH): the command must end a pipelined group. */
  readonly endsGroup: boolean;
}

/** One era's spec of a verb. */
export interface EraSpec {
  readonly syntax: string;
  readonly summary: string;
  readonly rfc: string;
  /** When the era differs from the room's default (NOOP took no argument before RFC 5321). */
  readonly args?: ArgumentRule;
  readonly parse?: ArgumentKind;
}

/** Builds a room: each era's spec gets the verb, role and argument rules filled in. */
export function room<Era extends string>(r: {
  readonly verb: string;
  readonly role: Role;
  readonly parse: ArgumentKind;
  readonly args: ArgumentRule;
  readonly eras: Readonly<Record<Era, EraSpec>>;
  readonly handle: Handler;
  readonly replies: readonly ReplyId[];
  readonly endsGroup?: boolean;
}): VerbRoom<Era> {
  const specs = {} as Record<Era, CommandSpec>;
  for (const era of Object.keys(r.eras) as Era[]) {
    const e = r.eras[era];
    specs[era] = {
      verb: r.verb,
      syntax: e.syntax,
      role: r.role,
      parse: e.parse ?? r.parse,
      args: e.args ?? r.args,
      summary: e.summary,
      rfc: e.rfc,
    };
  }
  return {
    verb: r.verb,
    role: r.role,
    specs,
    handle: r.handle,
    replies: r.replies,
    endsGroup: r.endsGroup ?? false,
  };
}

/** The argument of a command that takes a string (VRFY, EXPN, HELP, AUTH); '' when none. */
export function stringArg(event: CommandEvent): string {
  return event.parsed.ok && event.parsed.value.kind === 'string' ? event.parsed.value.text : '';
}
