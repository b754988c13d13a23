/**
 * The transcript as display lines, swaks-style: `->` what the client sent,
 * `<-` what the server answered, `==` what happened inside the server, `**`
 * notes. Each line keeps the step (command number) it belongs to. Derived
 * from the session's typed transcript only.
 */
import type { TranscriptEntry } from '../machines/session.ts';

export type LineKind = 'client' | 'content' | 'server' | 'state' | 'delivery' | 'note' | 'closed';

export interface DisplayLine {
  readonly step: number;
  readonly kind: LineKind;
  readonly prefix: '->' | '<-' | '==' | '**';
  readonly text: string;
}

const cache = new WeakMap<TranscriptEntry, readonly DisplayLine[]>();

export function entryLines(entry: TranscriptEntry): readonly DisplayLine[] {
  let lines = cache.get(entry);
  if (!lines) cache.set(entry, (lines = compute(entry)));
  return lines;
}

function compute(e: TranscriptEntry): DisplayLine[] {
  const line = (kind: LineKind, prefix: DisplayLine['prefix'], text: string): DisplayLine => ({
    step: e.step,
    kind,
    prefix,
    text,
  });
  switch (e.kind) {
    case 'client':
      return [line('client', '->', e.text)];
    case 'content': {
      const body = e.text.endsWith('\r\n') ? e.text.slice(0, -2) : e.text;
      const lines = body === '' ? [] : body.split(/\r?\n/);
      const out = lines.map((l) => line('content', '->', l));
      if (e.truncated)
        out.push(line('note', '**', `(${e.size} octets in all; the rest is not shown)`));
      out.push(line('content', '->', '.'));
      if (e.unstuffed > 0)
        out.push(
          line(
            'note',
            '**',
            `The server removed ${e.unstuffed} leading dot${e.unstuffed > 1 ? 's' : ''} (dot-stuffing, RFC 5321 §4.5.2)`,
          ),
        );
      return out;
    }
    case 'server':
      return e.wire
        .replace(/\r\n$/, '')
        .split('\r\n')
        .map((l) => line('server', '<-', l));
    case 'state':
      return [line('state', '==', `state ${e.from} → ${e.to}`)];
    case 'tls':
      return [
        line(
          'note',
          '**',
          `TLS started: ${e.info.protocol} ${e.info.cipher}, certificate ${e.info.certificate} (RFC 3207)`,
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
  for (const e of entries) for (const l of entryLines(e)) out.push(l);
  return out;
}

export function lineText(l: DisplayLine): string {
  return `${String(l.step).padStart(4, ' ')} ${l.prefix} ${l.text}`;
}

/** Plain-text export: one line per display line, step numbers first. */
export function exportText(lines: readonly DisplayLine[]): string {
  return lines.map(lineText).join('\n') + (lines.length ? '\n' : '');
}
