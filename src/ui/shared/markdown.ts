/**
 * A tiny, safe Markdown reader for lesson text. It never produces HTML: it
 * returns a small tree of a fixed set of node types (headings, paragraphs,
 * lists, code blocks; text, code, emphasis, strong, links) that a Svelte
 * component renders as text nodes. Raw HTML in the source stays literal text.
 * Links keep only `https:` or relative targets; anything else (`javascript:`,
 * `data:`, `//host`) becomes plain text.
 */

export type Inline =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'code'; readonly text: string }
  | { readonly type: 'em' | 'strong'; readonly children: readonly Inline[] }
  | { readonly type: 'link'; readonly href: string; readonly children: readonly Inline[] };

export type Block =
  | { readonly type: 'heading'; readonly level: 2 | 3 | 4; readonly children: readonly Inline[] }
  | { readonly type: 'paragraph'; readonly children: readonly Inline[] }
  | {
      readonly type: 'list';
      readonly ordered: boolean;
      readonly items: readonly (readonly Inline[])[];
    }
  | { readonly type: 'codeblock'; readonly text: string };

/** Maps a link target to what the page may use, or null to render it as text. */
export type LinkResolver = (href: string) => string | null;

/** `https:` links and relative links (no scheme, not protocol-relative) only. */
export function safeHref(href: string): string | null {
  const h = href.trim();
  // Control characters and spaces could hide a scheme from the check below.
  if ([...h].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f)) return null;
  if (/^https:\/\/[^/]/i.test(h)) return h;
  if (h.startsWith('//') || h.startsWith('\\')) return null;
  // Any scheme other than https (javascript:, data:, http:, vbscript:...).
  if (/^[a-z][a-z0-9+.-]*:/i.test(h)) return null;
  return h === '' ? null : h;
}

export function parseInline(text: string, resolve: LinkResolver = safeHref): Inline[] {
  const out: Inline[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer) out.push({ type: 'text', text: buffer });
    buffer = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length && /[\\`*_[\]()#+\-.!]/.test(text[i + 1]!)) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push({ type: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if ((c === '*' || c === '_') && text[i + 1] === c) {
      const end = text.indexOf(c + c, i + 2);
      if (end > i + 2) {
        flush();
        out.push({ type: 'strong', children: parseInline(text.slice(i + 2, end), resolve) });
        i = end + 2;
        continue;
      }
    }
    if (c === '*' || (c === '_' && !/\w/.test(text[i - 1] ?? ''))) {
      const end = text.indexOf(c, i + 1);
      if (end > i + 1 && text[i + 1] !== ' ') {
        flush();
        out.push({ type: 'em', children: parseInline(text.slice(i + 1, end), resolve) });
        i = end + 1;
        continue;
      }
    }
    if (c === '[') {
      const m = /^\[([^\]]*)\]\(([^()\s]*)\)/.exec(text.slice(i));
      if (m) {
        flush();
        const children = parseInline(m[1]!, resolve);
        const href = resolve(m[2]!);
        if (href === null) out.push(...children);
        else out.push({ type: 'link', href, children });
        i += m[0].length;
        continue;
      }
    }
    buffer += c;
    i++;
  }
  flush();
  return out;
}

export function parseMarkdown(source: string, resolve: LinkResolver = safeHref): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const endPara = () => {
    if (para.length)
      blocks.push({ type: 'paragraph', children: parseInline(para.join(' '), resolve) });
    para = [];
  };
  const endList = () => {
    if (list)
      blocks.push({
        type: 'list',
        ordered: list.ordered,
        items: list.items.map((t) => parseInline(t, resolve)),
      });
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(```|~~~)/.test(line)) {
      endPara();
      endList();
      const fence = line.trim().slice(0, 3);
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith(fence)) body.push(lines[i++]!);
      blocks.push({ type: 'codeblock', text: body.join('\n') });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      endPara();
      endList();
      // The panel's own title is the h2 level; lesson headings sit below it.
      const level = Math.min(4, Math.max(3, heading[1]!.length + 1)) as 3 | 4;
      blocks.push({ type: 'heading', level, children: parseInline(heading[2]!, resolve) });
      continue;
    }
    const item = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      endPara();
      const ordered = /\d/.test(item[1]!);
      if (list && list.ordered !== ordered) endList();
      list ??= { ordered, items: [] };
      list.items.push(item[2]!);
      continue;
    }
    if (line.trim() === '') {
      endPara();
      endList();
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    endList();
    para.push(line.trim());
  }
  endPara();
  endList();
  return blocks;
}

/** Resolves a lesson's relative link (`../../02-mtp/01-x`) to the folder it names. */
export function resolveFolder(from: string, href: string): string {
  const parts = from.split('/').filter(Boolean);
  for (const seg of href.replace(/\/$/, '').split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}
