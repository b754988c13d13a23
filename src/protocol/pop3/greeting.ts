/**
 * The POP3 greeting (RFC 1939 §4: any positive response). A server that
 * offers APOP puts a timestamp in it, in the form of an RFC 822 msg-id,
 * different at every greeting (RFC 1939 §7), e.g. `<process.clock@host>`.
 */
import { ok, type Pop3Reply } from './reply.ts';

export function timestamp(serial: number, clock: number, hostname: string): string {
  return `<${serial}.${clock}@${hostname}>`;
}

export function greeting(stamp: string): Pop3Reply {
  return ok(`POP3 server ready ${stamp}`);
}
