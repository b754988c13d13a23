import type { Reply } from '../replies.ts';
import type { World } from '../world.ts';

/** What a MAIL or RCPT parameter check sees. */
export interface ParamContext {
  readonly world: World;
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
  ehloParams?(world: World): string;
  readonly mailParams?: Readonly<Record<string, ParamSpec>>;
  readonly rcptParams?: Readonly<Record<string, ParamSpec>>;
  /** Octets this extension adds to the MAIL/RCPT line limit (RFC 5321 §4.5.3.1.4). */
  readonly lineIncrease?: number;
}
