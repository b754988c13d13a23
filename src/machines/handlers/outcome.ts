/**
 * What a handler returns, and the small helpers every handler room shares.
 */
import type { EsmtpParam } from '../../protocol/params.ts';
import type { Reply } from '../../protocol/replies.ts';
import type { CommandEvent, Delivery, ServerContext } from '../types.ts';

export interface Outcome {
  readonly reply: Reply;
  /** MTP's 151/152, sent before `reply` (RFC 772 p. 23) or instead of going on (RFC 780 §3.1). */
  readonly preliminary?: Reply;
  readonly patch?: Partial<ServerContext>;
  /** Messages accepted by this step (the message, and any notification it caused). */
  readonly delivered?: readonly Delivery[];
  /** The server closes the connection after this reply (a scripted 421). */
  readonly close?: boolean;
}

export type Handler = (context: ServerContext, event: CommandEvent) => Outcome;

export const lower = (s: string) => s.toLowerCase();
export const NO_MTP = { scheme: null, recipients: [], stored: null } as const;

/** The argument of a command that takes a string (VRFY, EXPN, HELP, AUTH). */

export const hasParam = (params: readonly EsmtpParam[], keyword: string) =>
  params.some((p) => p.keyword === keyword);
export const paramValue = (params: readonly EsmtpParam[], keyword: string) =>
  params.find((p) => p.keyword === keyword)?.value;
