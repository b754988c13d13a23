/**
 * The transcript as display lines, swaks-style: `->` what the client sent,
 * `<-` what the server answered, `==` what happened inside the server, `**`
 * notes. Each line keeps the step (command number) it belongs to. Derived
 * from the session's typed transcript only.
 */
import type { TranscriptEntry } from '../machines/session.ts';

export type LineKind =
  'client' | 'content' | 'server' | 'state' | 'delivery' | 'note' | 'closed' | 'tls';

export interface DisplayLine {
  readonly step: number;
  readonly kind: LineKind;
  /** swaks: `->`/`<-` in the clear, `~>`/`<~` once TLS is on. */
  readonly prefix: '->' | '<-' | '~>' | '<~' | '==' | '**';
  readonly text: string;
  /** Sent inside TLS. */
  readonly tls?: boolean;
}

const caches = [
  new WeakMap<TranscriptEntry, readonly DisplayLine[]>(),
  new WeakMap<TranscriptEntry, readonly DisplayLine[]>(),
];

/** The lines of one entry; `tls` when it was sent after TLS started. */
export function entryLines(entry: TranscriptEntry, tls = false): readonly DisplayLine[] {
  const cache = caches[tls ? 1 : 0]!;
  let lines = cache.get(entry);
  if (!lines) cache.set(entry, (lines = compute(entry, tls)));
  return lines;
}

function compute(entry: TranscriptEntry, tls: boolean): DisplayLine[] {
  const line = (kind: LineKind, prefix: DisplayLine['prefix'], text: string): DisplayLine => ({
    step: entry.step,
    kind,
    prefix,
    text,
    ...(tls ? { tls } : {}),
  });
  const e = entry;
  const out = tls ? '~>' : '->';
  const back = tls ? '<~' : '<-';
  switch (e.kind) {
    case 'client':
      return [line('client', out, e.text)];
    case 'content': {
      const body = e.text.endsWith('\r\n') ? e.text.slice(0, -2) : e.text;
      const lines = body === '' ? [] : body.split(/\r?\n/);
      const result = lines.map((l) => line('content', out, l));
      if (e.truncated)
        result.push(line('note', '**', `(${e.size} octets in all; the rest is not shown)`));
      result.push(line('content', out, '.'));
      if (e.unstuffed > 0)
        result.push(
          line(
            'note',
            '**',
            `The server removed ${e.unstuffed} leading dot${e.unstuffed > 1 ? 's' : ''} (dot-stuffing, RFC 5321 §4.5.2)`,
          ),
        );
      return result;
    }
    case 'server':
      return e.wire
        .replace(/\r\n$/, '')
        .split('\r\n')
        .map((l) => line('server', back, l));
    case 'state':
      return [line('state', '==', `state ${e.from} → ${e.to}`)];
    case 'tls':
      return [
        line(
          'tls',
          '==',
          `TLS started: ${e.info.protocol} ${e.info.cipher}, certificate ${e.info.certificate} (RFC 3207); from here on ~> and <~`,
        ),
      ];
    case 'delivery': {
      const to = e.delivery.recipients.map((r) => r.mailbox).join(', ');
      return [
        line(
          'delivery',
          '==',
          `message ${e.delivery.id} delivered to ${to} (${e.delivery.size} octets)`,
        ),
      ];
    }
    case 'note':
      return [line('note', '**', `${e.text} (${e.rfc})`)];
    case 'closed':
      return [line('closed', '==', 'connection closed')];
  }
}

export function displayLines(entries: readonly TranscriptEntry[]): DisplayLine[] {
  const out: DisplayLine[] = [];
  let tls = false;
  for (const e of entries) {
    for (const l of entryLines(e, tls)) out.push(l);
    if (e.kind === 'tls') tls = true;
  }
  return out;
}

export function lineText(l: DisplayLine): string {
  return `${String(l.step).padStart(4, ' ')} ${l.prefix} ${l.text}`;
}

/** Plain-text export: one line per display line, step numbers first. */
export function exportText(lines: readonly DisplayLine[]): string {
  return lines.map(lineText).join('\n') + (lines.length ? '\n' : '');
}
