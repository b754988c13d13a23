/**
 * What the client does at each step, as pure functions of what it knows and
 * the reply it read: the lines it sends next, the notes that say why, and
 * what it learns. The client machine (machines/client.ts) decides when.
 */
import type { Reply } from '../replies.ts';
import { ehloExtensions } from '../conformance-reader.ts';
import { baseRfc, cite, codesRfc, listedFor, replyClassOf } from './judge.ts';
import {
  authCommand,
  chunkText,
  dataWire,
  loginAnswer,
  mailCommand,
  mtpMailCommand,
  octets,
  rcptCommand,
} from './outgoing.ts';
import type { ClientContext, ClientEmitted, RecipientOutcome } from './state.ts';

type Send = Extract<ClientEmitted, { type: 'client.send' }>;
type Note = Extract<ClientEmitted, { type: 'client.note' }>;

export const send = (...lines: string[]): Send => ({
  type: 'client.send',
  text: lines.map((l) => `${l}\r\n`).join(''),
  lines,
});
export const note = (text: string, rfc: string): Note => ({ type: 'client.note', text, rfc });

const text = (r: Reply) => r.lines.join(' ');
const outcome = (to: string, r: Reply): RecipientOutcome => ({ to, code: r.code, text: text(r) });

/** The opening command of the era: EHLO where extensions exist (RFC 1869 §4), else HELO. */
export function hello(c: ClientContext): { verb: 'EHLO' | 'HELO'; send: Send; note: Note } {
  const verb = c.dialect.extensions && c.hello !== 'HELO' ? 'EHLO' : 'HELO';
  return {
    verb,
    send: send(`${verb} ${c.options.hello}`),
    note:
      verb === 'EHLO'
        ? note(
            'The server is ready: open with EHLO, to learn which extensions it offers.',
            cite(c.dialect, 'RFC 5321 §3.2', 'RFC 1869 §4'),
          )
        : note(
            "The server is ready: open the session with HELO and the client's name.",
            cite(c.dialect, 'RFC 5321 §4.1.1.1', `RFC ${baseRfc(c.dialect)} §4.1.1`),
          ),
  };
}

/** What EHLO's 250 taught: the keywords, said in one line. */
export function learnExtensions(
  c: ClientContext,
  reply: Reply,
): { extensions: Map<string, string>; note: Note } {
  const extensions = ehloExtensions(reply.lines);
  const list = [...extensions.keys()].join(', ') || 'none';
  return {
    extensions,
    note: note(
      `The server offers these extensions: ${list}.`,
      cite(c.dialect, 'RFC 5321 §4.1.1.1', 'RFC 1869 §4.3'),
    ),
  };
}

/** Where this era explains reply codes. */
export const codes = (c: ClientContext) => codesRfc(c.dialect);

export const offers = (c: ClientContext, keyword: string) => c.extensions?.has(keyword) ?? false;

/** MAIL (and, pipelined, every RCPT and DATA in one group: DATA last, RFC 2920 §3.1). */
export function startTransaction(c: ClientContext): { send: Send; note: Note; pipelined: boolean } {
  const mail = mailCommand(c.dialect, c.message, c.extensions);
  const pipelined = c.options.pipelining && offers(c, 'PIPELINING');
  if (!pipelined)
    return {
      send: send(mail),
      note: note('Start the mail transaction with the sender.', cite(c.dialect, 'RFC 5321 §3.3')),
      pipelined,
    };
  const rcpts = c.message.to.map(rcptCommand);
  const data = chunking(c) ? [] : ['DATA'];
  return {
    send: send(mail, ...rcpts, ...data),
    note: note(
      `PIPELINING is offered: MAIL, ${rcpts.length} RCPT${data.length ? ' and DATA' : ''} go as one group; the replies come back in order and each is counted.`,
      'RFC 2920 §3.1',
    ),
    pipelined,
  };
}

export const chunking = (c: ClientContext) => c.options.chunking && offers(c, 'CHUNKING');

/** The reply to one RCPT: the recipient is taken, deferred (4yz) or refused (5yz), one at a time. */
export function recordRecipient(
  c: ClientContext,
  r: Reply,
): { patch: Partial<ClientContext>; note: Note } {
  const to = c.message.to[c.rcpt]!;
  const cls = replyClassOf(r.code);
  const next = { rcpt: c.rcpt + 1 };
  if (cls === 'positive')
    return {
      patch: { ...next, accepted: [...c.accepted, to] },
      note: note(
        r.code === 251 ? `${to} is taken: the server will forward it (251).` : `${to} is taken.`,
        cite(c.dialect, 'RFC 5321 §4.1.1.3'),
      ),
    };
  if (cls === 'transient')
    return {
      patch: { ...next, deferred: [...c.deferred, outcome(to, r)] },
      note: note(
        `${to} is deferred (${r.code}): try this recipient again later; the others go on.`,
        codesRfc(c.dialect),
      ),
    };
  return {
    patch: { ...next, refused: [...c.refused, outcome(to, r)] },
    note: note(
      `${to} is refused (${r.code}): do not send to it again; the others go on.`,
      codesRfc(c.dialect),
    ),
  };
}

/** The message after 354 (stuffed, then "."), or a lone "." when no recipient was taken (RFC 2920 §3.1). */
export function messageText(c: ClientContext): { send: Send; note: Note } {
  if (c.accepted.length === 0)
    return {
      send: send('.'),
      note: note(
        'Every RCPT was refused but DATA got 354: send only the dot, an empty message nobody gets.',
        'RFC 2920 §3.1',
      ),
    };
  const wire = dataWire(c.lines, c.dialect.transparency);
  const lines = wire.slice(0, -2).split('\r\n');
  return {
    send: { type: 'client.send', text: wire, lines },
    note: note(
      c.dialect.transparency
        ? 'Send the message, a dot doubled at the start of any line that has one, then "." alone.'
        : 'Send the message, then "." alone (this era has no dot stuffing: a line of "." would end it).',
      // The dialect says where its RFC sets the rule (RFC 772 has none: its end-of-text rule).
      `RFC ${baseRfc(c.dialect)} ${c.dialect.cite.transparency ?? ''}`.trim(),
    ),
  };
}

/** BDAT with the whole message as one last chunk (RFC 3030 §2: counted octets, no stuffing). */
export function bdat(c: ClientContext): { send: Send; note: Note } {
  const body = chunkText(c.lines);
  return {
    send: {
      type: 'client.send',
      text: `BDAT ${octets(body)} LAST\r\n${body}`,
      lines: [`BDAT ${octets(body)} LAST`, ...c.lines],
    },
    note: note(
      'CHUNKING is offered: send the message as one counted chunk, no dot and no stuffing.',
      'RFC 3030 §2',
    ),
  };
}

/** The reply after the text: the message is taken for every accepted recipient, or for none. */
export function finishMessage(
  c: ClientContext,
  r: Reply,
): { patch: Partial<ClientContext>; note: Note } {
  const final = { code: r.code, text: text(r) };
  const cls = replyClassOf(r.code);
  if (cls === 'positive')
    return {
      patch: { final, delivered: [...c.delivered, ...c.accepted], accepted: [] },
      note: note(
        'The server has taken the message: it is responsible for it now.',
        cite(c.dialect, 'RFC 5321 §6.1'),
      ),
    };
  const failed = c.accepted.map((to) => outcome(to, r));
  return cls === 'transient'
    ? {
        patch: { final, accepted: [], deferred: [...c.deferred, ...failed] },
        note: note(
          `The message was not taken (${r.code}, transient): keep it and try again later.`,
          codesRfc(c.dialect),
        ),
      }
    : {
        patch: { final, accepted: [], refused: [...c.refused, ...failed] },
        note: note(
          `The message was refused (${r.code}): do not send it again as it is.`,
          codesRfc(c.dialect),
        ),
      };
}

/** MTP: one MAIL per recipient, with the sender (RFC 772, RFC 780 §4.1). */
export function mtpMail(c: ClientContext): { send: Send; note: Note } {
  const to = c.message.to[c.rcpt]!;
  return {
    send: send(mtpMailCommand(c.message.from, to)),
    note: note(
      `MTP's MAIL names the sender and one recipient (${to}); the text follows the 354.`,
      `RFC ${c.dialect.rfc}`,
    ),
  };
}

/** LOGIN's next answer, or PLAIN's (an empty initial response was asked for with 334). */
export function authAnswer(c: ClientContext): Send {
  const auth = c.options.auth!;
  if ((auth.mechanism ?? 'PLAIN') === 'LOGIN') return send(loginAnswer(auth, c.authStep));
  return send(authCommand(auth).slice('AUTH PLAIN '.length));
}

export const authStart = (c: ClientContext) => send(authCommand(c.options.auth!));

/** A reply the client did not expect: said so, with whether the era's RFC lists it for the command. */
export function unexpected(c: ClientContext, verb: string, r: Reply): Note {
  const listed = listedFor(c.dialect, verb, r.code);
  return note(
    `${r.code} to ${verb} ${listed ? 'is listed for it' : 'is not among the codes the RFC lists for it'}: act on its first digit (${replyClassOf(r.code)}).`,
    codesRfc(c.dialect),
  );
}
