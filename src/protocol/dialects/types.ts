import type { AddressOptions } from '../address.ts';
import type { CommandSpec } from '../commands.ts';
import type { ReplyId, ReplyOverride } from '../replies.ts';

/** The replies a command may get, as the RFC's command-reply sequence table lists them. */
export interface ReplySequence {
  /** Positive completion (S:). */
  readonly success: readonly number[];
  /** Preliminary (1yz, MTP only) and intermediate (I:, e.g. 354). */
  readonly intermediate?: readonly number[];
  /** What may follow the message text. */
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
  readonly transport: string;
  readonly port: number;
  readonly commands: readonly CommandSpec[];
  /** Must the session open with HELO/EHLO before mail? (RFC 788 §4.1.1 onward; MTP has no HELO.) */
  readonly helloRequired: boolean;
  /**
   * A HELO/EHLO after an accepted one: resets the transaction (RFC 821 §4.1.1,
   * RFC 5321 §4.1.4), is simply accepted (RFC 788 §4.1.1), or is refused with
   * 503 (RFC 1869 §4.2).
   */
  readonly laterHello: 'reset' | 'allow' | 'refuse';
  /** MAIL inside an open transaction: 503 (RFC 821 §4.1.1), or starts afresh (RFC 788: MAIL clears the buffers). */
  readonly nestedMail: 'refuse' | 'restart';
  /** EHLO and service extensions exist (RFC 1869 onward). */
  readonly extensions: boolean;
  /** The extension keywords of this era; the world's list is cut to these. */
  readonly extensionKeywords?: readonly string[];
  /** Command-reply sequences by verb, plus `CONNECTION` for the greeting. */
  readonly sequences: Readonly<Record<string, ReplySequence>>;
  /** Codes any command may get in unusual circumstances. */
  readonly anyCommand: readonly number[];
  /** How this era words (or numbers) the catalog's replies. */
  readonly replies: Readonly<Partial<Record<ReplyId, ReplyOverride>>>;
  /** Size limits; 0 where the RFC sets none (RFC 772). */
  readonly limits: {
    readonly commandLine: number;
    readonly textLine: number;
    readonly path: number;
  };
  /** Dot transparency (RFC 780 §5.5.2 onward; RFC 772 defines none). */
  readonly transparency: boolean;
  /** Path grammar of MAIL/RCPT (see address.ts). */
  readonly paths: NonNullable<AddressOptions['grammar']>;
  /** `MAIL FROM:<>` (RFC 788 §3.6, RFC 1123 §5.2.9, RFC 5321 §4.1.1.2). */
  readonly nullReversePath: boolean;
  /** Source routes: followed hop by hop (RFC 821 §3.6 and before), or ignored (RFC 1123 §5.2.6, RFC 5321 §4.1.2). */
  readonly sourceRoutes: 'follow' | 'ignore';
  /** The trace line the receiver adds: RFC 788 `Mail-From:`, RFC 821 `Received:`, RFC 5321 §4.4 `Received:`, or none (MTP). */
  readonly trace: 'none' | 'rfc788' | 'rfc821' | 'rfc5321';
  /**
   * MTP's preliminary replies (151/152) to a MAIL whose recipient is not
   * local: followed at once by 354 (RFC 772 p. 23), or held until the sender
   * says CONT or ABRT (RFC 780 §3.1). SMTP has none.
   */
  readonly preliminary: 'none' | 'immediate' | 'confirm';
  /** Protocol name for the Received line's WITH clause, by opening command. */
  readonly withProtocol: Readonly<Record<string, string>>;
  /** What this era did not have yet, for learners and the dialect diff. */
  readonly lacks: readonly string[];
  /** Commands of the previous era this one dropped, with where its RFC says so. */
  readonly dropped?: Readonly<Record<string, string>>;
  /** Where each rule above is stated in the dialect's RFC (section or page), for the diff and lessons. */
  readonly cite: Readonly<Partial<Record<RuleKey, string>>>;
}

/** The rules of a dialect that the diff compares, besides commands and replies. */
export const RULE_KEYS = [
  'transport',
  'port',
  'helloRequired',
  'laterHello',
  'nestedMail',
  'extensions',
  'transparency',
  'paths',
  'nullReversePath',
  'sourceRoutes',
  'trace',
  'preliminary',
  'limits',
] as const;
export type RuleKey = (typeof RULE_KEYS)[number];
