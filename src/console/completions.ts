/**
 * Completions: the commands the machine accepts now (`Session.expectedCommands`,
 * computed by the machine itself), each as a snippet built from its syntax
 * line; then, on MAIL/RCPT, the parameters of the enabled extensions and the
 * world's mailboxes. Plain data: editor.ts turns it into Monaco items.
 */
import { t } from '../kit/strings.ts';
import type { Session } from '../machines/session.ts';
import type { CommandSpec } from '../protocol/commands.ts';
import { commandSpec } from '../protocol/dialects/index.ts';
import { enabledExtensions } from '../protocol/extensions/index.ts';
import { splitCommand } from '../protocol/parser.ts';

export interface Suggestion {
  readonly label: string;
  /** Monaco snippet syntax when `snippet` is true. */
  readonly insertText: string;
  readonly snippet: boolean;
  readonly kind: 'command' | 'parameter' | 'address';
  readonly detail: string;
  readonly documentation: string;
  /** 1-based columns of the text the suggestion replaces. */
  readonly startColumn: number;
  readonly endColumn: number;
}

/**
 * `MAIL FROM:<reverse-path> [SP <mail-parameters>]` becomes
 * `MAIL FROM:<${1:reverse-path}>`: optional parts dropped; in a path the
 * brackets are typed, elsewhere `<name>` is a placeholder.
 */
export function syntaxSnippet(spec: CommandSpec): string {
  let n = 0;
  const required = spec.syntax.replace(/\s*\[.*\]\s*$/, '');
  if (spec.parse === 'mail' || spec.parse === 'rcpt')
    return required.replace(/<([^>]+)>/, (_, name: string) => `<\${${++n}:${name}}>`);
  return required.replace(/<([^>]+)>/g, (_, name: string) => `\${${++n}:${name}}`);
}

function commandSuggestions(session: Session, typed: string, start: number): Suggestion[] {
  const prefix = typed.toUpperCase();
  return session
    .expectedCommands()
    .filter((spec) => spec.verb.startsWith(prefix))
    .map((spec) => ({
      label: spec.verb,
      insertText: syntaxSnippet(spec),
      snippet: true,
      kind: 'command' as const,
      detail: spec.syntax,
      documentation: `${spec.summary} (${spec.rfc})`,
      startColumn: start,
      endColumn: start + typed.length,
    }));
}

/** Parameters the enabled extensions add to MAIL or RCPT. */
export function extensionParameters(session: Session, table: 'mailParams' | 'rcptParams') {
  // The era's keywords only: an RFC 1869 server offers no parameter from a later RFC.
  return enabledExtensions(session.world, session.dialect).flatMap((ext) =>
    Object.keys(ext[table] ?? {}).map((keyword) => ({ keyword, ext })),
  );
}

/** Suggestions at the end of `before` (the text of the line before the cursor). */
export function suggestionsAt(session: Session, before: string): Suggestion[] {
  if (session.closed || session.inData) return [];
  const verbOnly = /^[A-Za-z]*$/.exec(before);
  if (verbOnly) return commandSuggestions(session, before, 1);
  const { verb, args } = splitCommand(before);
  const spec = commandSpec(session.dialect, verb);
  if (!spec || (spec.parse !== 'mail' && spec.parse !== 'rcpt')) return [];
  const col = (index: number) => index + 1;

  // Inside the path, after "<": the world's mailboxes.
  const open = /^[A-Za-z]+:<([^<>\s]*)$/.exec(args);
  if (open) {
    const typed = open[1]!;
    const start = before.length - typed.length;
    const domains = session.world.localDomains;
    const users = session.world.users;
    return users.flatMap((u) =>
      domains
        .map((d) => `${u.local}@${d}`)
        .filter((a) => a.toLowerCase().startsWith(typed.toLowerCase()))
        .map((address) => ({
          label: address,
          insertText: `${address}>`,
          snippet: false,
          kind: 'address' as const,
          detail: u.name ?? u.local,
          documentation: t('completion.mailbox', { dialect: d(session) }),
          startColumn: col(start),
          endColumn: col(before.length),
        })),
    );
  }

  // After the closing ">" and a space: parameters of the enabled extensions.
  const params = /^[A-Za-z]+:<[^<>]*>((?: [^\s]*)+)$/.exec(args);
  if (params) {
    const tail = params[1]!;
    const current = tail.slice(tail.lastIndexOf(' ') + 1);
    if (current.includes('=')) return [];
    const given = new Set(
      tail
        .trim()
        .split(' ')
        .map((p) => p.split('=')[0]!.toUpperCase()),
    );
    const start = before.length - current.length;
    return extensionParameters(session, spec.parse === 'mail' ? 'mailParams' : 'rcptParams')
      .filter(({ keyword }) => !given.has(keyword) || keyword === current.toUpperCase())
      .filter(({ keyword }) => keyword.startsWith(current.toUpperCase()))
      .map(({ keyword, ext }) => ({
        label: keyword,
        insertText: `${keyword}=`,
        snippet: false,
        kind: 'parameter' as const,
        detail: t('completion.extension', { keyword: ext.keyword }),
        documentation: `${ext.title} (${ext.rfc})`,
        startColumn: col(start),
        endColumn: col(before.length),
      }));
  }
  return [];
}

const d = (session: Session) => session.world.localDomains.join(', ');
