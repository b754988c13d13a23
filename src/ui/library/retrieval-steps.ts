/**
 * A plain-words note for each step of a replayed POP3 or IMAP session: which
 * command it is and what it asks, by a key of `locales/en/library.json`. The
 * keys are built from the command names listed here, and NOTE_KEYS lists
 * every key that can be built, so the words test knows them all.
 */
import type { StringKey } from '../../kit/strings.ts';
import { LEFT_OUT } from '../../protocol/imap/commands/index.ts';
import type { RetrievalProtocol, RetrievalStep } from '../../machines/retrieval-replay.ts';

/** RFC 1939's commands: §4 and §5 the required ones, §7 the optional ones. */
export const POP3_COMMANDS = [
  'USER',
  'PASS',
  'APOP',
  'STAT',
  'LIST',
  'RETR',
  'DELE',
  'NOOP',
  'RSET',
  'QUIT',
  'UIDL',
  'TOP',
] as const;

/** The teaching subset of RFC 9051 the IMAP server speaks (its IMAP_ROOMS). */
export const IMAP_COMMANDS = [
  'CAPABILITY',
  'NOOP',
  'LOGOUT',
  'LOGIN',
  'ENABLE',
  'SELECT',
  'EXAMINE',
  'LIST',
  'FETCH',
  'STORE',
  'UID',
  'EXPUNGE',
  'CLOSE',
  'UNSELECT',
] as const;

/** Notes that are not one command's: the greeting, a line the server does not know, and so on. */
const POP3_OTHER = ['greeting', 'unknown'] as const;
const IMAP_OTHER = ['greeting', 'unknown', 'continued', 'leftOut'] as const;

/** A note's key; NOTE_KEYS and the words test make sure every one built is in the words file. */
const key = (protocol: RetrievalProtocol, name: string) =>
  `library.retr.${protocol}.${name}` as StringKey;

/** Every note key the code can build. */
export const NOTE_KEYS: readonly StringKey[] = [
  ...[...POP3_COMMANDS, ...POP3_OTHER].map((n) => key('pop3', n)),
  ...[...IMAP_COMMANDS, ...IMAP_OTHER].map((n) => key('imap', n)),
];

export interface StepNote {
  readonly key: StringKey;
  readonly params: Readonly<Record<string, string>>;
}

const has = <T extends string>(list: readonly T[], word: string): word is T =>
  (list as readonly string[]).includes(word);

/** The server asked for more of the command (IMAP's "+" continuation request, RFC 9051 §7.6). */
function askedForMore(step: RetrievalStep | undefined): boolean {
  const last = step?.server.at(-1);
  return (last?.recorded ?? last?.ours ?? '').startsWith('+ ');
}

/** The note of step i of a replay: its command by name, or what else the step is. */
export function noteOf(
  protocol: RetrievalProtocol,
  steps: readonly RetrievalStep[],
  i: number,
): StepNote {
  const step = steps[i]!;
  if (step.client.length === 0) return { key: key(protocol, 'greeting'), params: {} };
  const words = step.client[0]!.split(' ');
  if (protocol === 'pop3') {
    const name = words[0]!.toUpperCase();
    return has(POP3_COMMANDS, name)
      ? { key: key('pop3', name), params: {} }
      : { key: key('pop3', 'unknown'), params: { command: words[0]! } };
  }
  if (askedForMore(steps[i - 1])) return { key: key('imap', 'continued'), params: {} };
  // An IMAP command line is a tag, then the command's name.
  const name = (words[1] ?? '').toUpperCase();
  if (has(IMAP_COMMANDS, name)) return { key: key('imap', name), params: {} };
  const leftOut = LEFT_OUT[name];
  if (leftOut)
    return {
      key: key('imap', 'leftOut'),
      params: { command: name, why: `RFC 9051 ${leftOut}` },
    };
  return { key: key('imap', 'unknown'), params: { command: words[1] ?? '' } };
}
