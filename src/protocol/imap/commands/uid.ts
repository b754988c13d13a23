/**
 * UID FETCH, UID STORE, UID EXPUNGE (RFC 9051 §6.4.9): the same commands with
 * UIDs instead of message sequence numbers. UID COPY, MOVE and SEARCH are
 * left out with the commands they repeat.
 */
import { bad } from '../response.ts';
import { imapRoom } from '../room.ts';
import { fetch } from './fetch.ts';
import { store } from './store.ts';
import { uidExpunge } from './expunge.ts';

export const UID = imapRoom({
  name: 'UID',
  role: 'selected',
  syntax: 'UID FETCH|STORE|EXPUNGE ...',
  summary: 'FETCH, STORE or EXPUNGE by UID',
  rfc: 'RFC 9051 §6.4.9',
  handle: (context, command) => {
    const m = /^([A-Za-z]+) (.+)$/.exec(command.rest);
    const sub = m?.[1]!.toUpperCase();
    if (sub === 'FETCH') return fetch(context, m![2]!, true);
    if (sub === 'STORE') return store(context, m![2]!, true);
    if (sub === 'EXPUNGE') return uidExpunge(context, m![2]!);
    if (sub === 'COPY' || sub === 'MOVE' || sub === 'SEARCH')
      return { reply: bad(`UID ${sub} is left out of this teaching subset of IMAP4rev2`) };
    return { reply: bad('usage: UID FETCH|STORE|EXPUNGE sequence-set ...') };
  },
});
