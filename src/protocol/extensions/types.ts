import type { CommandSpec } from '../commands.ts';
import type { ReplySequence } from '../dialects/types.ts';
import type { Reply } from '../replies.ts';
import type { World } from '../world.ts';

/** What a MAIL or RCPT parameter check sees. */
export interface ParamContext {
  readonly world: World;
  /** EHLO keywords enabled in this session. */
  readonly enabled: ReadonlySet<string>;
}

export interface ParamSpec {
  /** Returns the refusal to send, or null when the value is acceptable. */
  check(value: string | undefined, context: ParamContext): Reply | null;
}

/**
 * A service extension as RFC 1869 §4.3 asks each one to be defined: its EHLO
 * keyword and parameters, new verbs, new MAIL/RCPT parameters, and how much
 * longer it makes the command line.
 */
export interface Extension {
  readonly keyword: string;
  readonly rfc: string;
  readonly title: string;
  /** Text after the keyword in the EHLO reply, e.g. the SIZE limit. */
  ehloParams?(world: World, state: SessionFacts): string;
  /** Whether it is offered now (STARTTLS not after TLS, RFC 3207 §4.2; AUTH only under TLS when policy says). */
  offered?(world: World, state: SessionFacts): boolean;
  /** Replies its verbs may get, as its RFC lists them (the dialect's table for the verbs it adds). */
  readonly sequences?: Readonly<Record<string, ReplySequence>>;
  /** Codes it adds to what any command may get (e.g. 530 when TLS or AUTH is required). */
  readonly anyCommand?: readonly number[];
  /** Verbs it adds (RFC 1869 §4.3 (4)). */
  readonly verbs?: readonly CommandSpec[];
  readonly mailParams?: Readonly<Record<string, ParamSpec>>;
  readonly rcptParams?: Readonly<Record<string, ParamSpec>>;
  /** Octets this extension adds to the MAIL/RCPT line limit (RFC 5321 §4.5.3.1.4). */
  readonly lineIncrease?: number;
}

/** What an extension may need to know of the session to describe itself. */
export interface SessionFacts {
  readonly tls: boolean;
}
