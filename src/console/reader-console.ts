/**
 * The console when it speaks for the recipient's mail client (POP3, RFC
 * 1939; IMAP, RFC 9051): a placeholder with a command the server takes in
 * its state, the commands to complete (those of the state, from the rooms),
 * and a Monarch grammar for each that colours verbs, tags and status words.
 */
import type { languages } from 'monaco-editor/editor';
import { POP3_ROOMS } from '../protocol/pop3/commands/index.ts';
import type { Pop3Role } from '../protocol/pop3/room.ts';
import { IMAP_ROOMS } from '../protocol/imap/commands/index.ts';
import type { ImapRole } from '../protocol/imap/room.ts';
import type { Suggestion } from './completions.ts';
import type { ReaderTarget } from './target.ts';

export type ReadProtocol = ReaderTarget['protocol'];

/**
 * A command the server takes in this state, to show how to go on (the default world's bob);
 * an IMAP one tagged `a<n>`, `n` the number of the command to come (tags need only differ, §2.2.1).
 */
export function readerExample(reader: Pick<ReaderTarget, 'protocol' | 'state'>, n = 1): string {
  const s = reader.state;
  if (reader.protocol === 'pop3') {
    if (s === 'authorization.waiting') return 'USER bob';
    if (s === 'authorization.named') return 'PASS builder';
    return 'RETR 1';
  }
  if (s === 'notAuthenticated') return `a${n} LOGIN bob builder`;
  if (s === 'authenticated') return `a${n} SELECT INBOX`;
  return `a${n} FETCH 1 (FLAGS ENVELOPE BODY[])`;
}

/** RFC 1939 §3 and §4: which roles a state takes (QUIT in every state). */
const POP3_STATE_ROLES: Readonly<Record<string, readonly Pop3Role[]>> = {
  'authorization.waiting': ['user', 'apop', 'quit'],
  'authorization.named': ['pass', 'quit'],
  transaction: ['transaction', 'quit'],
};

/** RFC 9051 §3 and §6: which roles a state takes (`any` and LOGOUT in every state). */
const IMAP_STATE_ROLES: Readonly<Record<string, readonly ImapRole[]>> = {
  notAuthenticated: ['any', 'login', 'logout'],
  authenticated: ['any', 'authenticated', 'select', 'logout'],
  selected: ['any', 'authenticated', 'select', 'selected', 'close', 'logout'],
};

interface Verb {
  readonly name: string;
  readonly syntax: string;
  readonly summary: string;
  readonly rfc: string;
}

/** The commands the server takes in its state, in the rooms' order. */
export function readerVerbs(reader: Pick<ReaderTarget, 'protocol' | 'state'>): Verb[] {
  if (reader.protocol === 'pop3') {
    const roles = POP3_STATE_ROLES[reader.state] ?? [];
    return POP3_ROOMS.filter((r) => roles.includes(r.role)).map((r) => ({ ...r, name: r.keyword }));
  }
  const roles = IMAP_STATE_ROLES[reader.state] ?? [];
  return IMAP_ROOMS.filter((r) => roles.includes(r.role));
}

/**
 * Completions for the text before the cursor: the command name, which in
 * IMAP comes after the tag (a tag is any word the client picks, §2.2.1).
 */
export function readerSuggestions(
  reader: Pick<ReaderTarget, 'protocol' | 'state'>,
  before: string,
): Suggestion[] {
  const m =
    reader.protocol === 'pop3'
      ? /^()([A-Za-z]*)$/.exec(before)
      : /^([^\s(){%*"\\\]]+ )([A-Za-z]*)$/.exec(before);
  if (!m) return [];
  const typed = m[2]!;
  const start = m[1]!.length + 1;
  return readerVerbs(reader)
    .filter((v) => v.name.startsWith(typed.toUpperCase()))
    .map((v) => ({
      label: v.name,
      insertText: v.syntax.includes(' ') ? `${v.name} ` : v.name,
      snippet: false,
      kind: 'command' as const,
      detail: v.syntax,
      documentation: `${v.summary} (${v.rfc})`,
      startColumn: start,
      endColumn: start + typed.length,
    }));
}

const POP3_VERBS = POP3_ROOMS.map((r) => r.keyword);
const IMAP_VERBS = IMAP_ROOMS.map((r) => r.name);

export const pop3Language: languages.IMonarchLanguage & { verbs: readonly string[] } = {
  ignoreCase: true,
  defaultToken: '',
  tokenPostfix: '.pop3',
  verbs: POP3_VERBS,
  tokenizer: {
    root: [
      [/^[+-](?:OK|ERR)\b/, 'number.code'],
      [/^[A-Za-z]+/, { cases: { '@verbs': 'keyword', '@default': 'invalid' } }],
      [/\d+/, 'number'],
      [/\S+/, 'identifier'],
      [/\s+/, 'white'],
    ],
  },
};

export const imapLanguage: languages.IMonarchLanguage & { verbs: readonly string[] } = {
  ignoreCase: true,
  defaultToken: '',
  tokenPostfix: '.imap',
  verbs: IMAP_VERBS,
  tokenizer: {
    root: [
      // The tag, then the command name (RFC 9051 §2.2.1).
      [/^[^\s(){%*"\\\]]+(?= )/, { token: 'variable.tag', next: '@command' }],
      [/\S+/, 'identifier'],
    ],
    command: [
      [/^/, { token: '', next: '@popall' }],
      [/ +/, 'white'],
      [
        /[A-Za-z]+/,
        {
          cases: {
            '@verbs': { token: 'keyword', next: '@args' },
            '@default': { token: 'invalid', next: '@args' },
          },
        },
      ],
    ],
    args: [
      [/^/, { token: '', next: '@popall' }],
      [/\\[A-Za-z]+/, 'string.path'],
      [/"(?:[^"\\]|\\.)*"/, 'string'],
      [/\{\d+\+?\}$/, 'number.literal'],
      [/BODY(?:\.PEEK)?\[[^\]]*\]|[A-Z0-9.]+(?=[ )])/, 'type'],
      [/[\d:*,]+/, 'number'],
      [/[()]/, 'delimiter'],
      [/\S/, 'identifier'],
      [/\s+/, 'white'],
    ],
  },
};
