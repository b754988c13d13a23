import type { CommandSpec } from '../commands.ts';

/** The replies a command may get, as the RFC's command-reply sequence table lists them. */
export interface ReplySequence {
  /** Positive completion (S:). */
  readonly success: readonly number[];
  /** Intermediate (I:), e.g. 354 for DATA, and what may follow the data. */
  readonly intermediate?: readonly number[];
  readonly afterData?: readonly number[];
  /** Failure and error (F:/E:). */
  readonly error: readonly number[];
}

/**
 * An era of the protocol as data: its commands, its rules, its transport.
 * The server machine takes a dialect as input; nothing outside these tables
 * (and the hooks they name) changes from one era to another.
 */
export interface Dialect {
  readonly id: string;
  readonly rfc: number;
  readonly title: string;
  /** Date printed on the RFC. */
  readonly date: string;
  readonly transport: 'TCP' | 'NCP';
  readonly port: number;
  readonly commands: readonly CommandSpec[];
  /** Whether EHLO and service extensions exist in this era (RFC 1869 onward). */
  readonly extensions: boolean;
  /** Command-reply sequences by verb, plus `CONNECTION` for the greeting. */
  readonly sequences: Readonly<Record<string, ReplySequence>>;
  /** Codes any command may get in unusual circumstances. */
  readonly anyCommand: readonly number[];
  /** Protocol name for the Received line's WITH clause, by opening command. */
  readonly withProtocol: Readonly<Record<string, string>>;
}
