import type { CommandSpec } from '../commands.ts';

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
  /** Protocol name for the Received line's WITH clause, by opening command. */
  readonly withProtocol: Readonly<Record<string, string>>;
}
