/**
 * What the client in the page sends to the sandbox's server: a message
 * written from a small form (sender, recipients, subject, body) and the
 * client's choices, taken from the server it talks to. The client machine
 * then decides per era what to send (EHLO or HELO, STARTTLS, AUTH, a
 * pipelined group); nothing here looks at the era beyond the world's offer.
 */
import { DEFAULT_CLIENT_OPTIONS, type ClientOptions } from '../protocol/client/outgoing.ts';
import type { ClientInput } from '../protocol/client/state.ts';
import type { Session } from './session.ts';

export interface ClientForm {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly body: string;
}

/** The default world's pair: alice writes to bob, both users of example.test. */
export const DEFAULT_CLIENT_FORM: ClientForm = {
  from: 'alice@example.test',
  to: ['bob@example.test'],
  subject: 'Hello from the client machine',
  body: 'Hi Bob,\n\nThe client machine sent this message, one command at a time.\n\nAlice',
};

/** The name the client gives in HELO/EHLO (a reserved name, RFC 2606). */
export const CLIENT_HOSTNAME = DEFAULT_CLIENT_OPTIONS.hello;

/** Recipients typed in one field: separated by commas, semicolons or spaces. */
export function recipientsFromText(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

/** Why the form cannot be sent yet (null when it can). */
export function formProblem(form: ClientForm): 'from' | 'to' | null {
  if (form.from.trim() === '') return 'from';
  if (form.to.length === 0) return 'to';
  return null;
}

let sequence = 0;

/** RFC 5322 §3.3's date-time, in UTC: "Mon, 07 Dec 2026 11:04:06 +0000". */
export const messageDate = (date: Date) => date.toUTCString().replace('GMT', '+0000');

/**
 * The message text, lines ended by CRLF: Date and From are the fields RFC
 * 5322 §3.6 requires; To, Subject and a Message-ID (§3.6.4, made unique by
 * the time and a counter, on the client's name) as a mail program writes them.
 */
export function messageText(form: ClientForm, date: Date, hello = CLIENT_HOSTNAME): string {
  const id = `${date.getTime().toString(36)}.${++sequence}@${hello}`;
  const body = form.body.replace(/\r?\n/g, '\r\n');
  return [
    `Date: ${messageDate(date)}`,
    `From: <${form.from}>`,
    `To: ${form.to.map((t) => `<${t}>`).join(', ')}`,
    `Subject: ${form.subject}`,
    `Message-ID: <${id}>`,
    '',
    body,
  ]
    .join('\r\n')
    .concat(body.endsWith('\r\n') ? '' : '\r\n');
}

/**
 * AUTH credentials when the server's world offers AUTH (RFC 4954): the
 * account named like the sender's local part, else the world's first one.
 * Given to a server that does not offer AUTH, the client would stop (it
 * treats given credentials as required), so none are given then.
 */
export function credentialsFor(server: Session, from: string): ClientOptions['auth'] {
  const world = server.world;
  const offered =
    server.dialect.extensions &&
    world.extensions.includes('AUTH') &&
    world.auth.mechanisms.length > 0;
  if (!offered || world.accounts.length === 0) return undefined;
  const local = from.split('@')[0]!.toLowerCase();
  const account = world.accounts.find((a) => a.user.toLowerCase() === local) ?? world.accounts[0]!;
  return { user: account.user, password: account.password };
}

/**
 * The client's input for this server: its era, the message, STARTTLS when
 * offered (RFC 3207), AUTH when offered, PIPELINING when offered (RFC 2920).
 */
export function clientInputFor(server: Session, form: ClientForm, date = new Date()): ClientInput {
  const auth = credentialsFor(server, form.from);
  return {
    dialect: server.dialect,
    message: { from: form.from.trim(), to: form.to, text: messageText(form, date) },
    options: { ...DEFAULT_CLIENT_OPTIONS, ...(auth ? { auth } : {}) },
  };
}
