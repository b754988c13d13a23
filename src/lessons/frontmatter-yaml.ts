/**
 * The frontmatter of lesson files read with the `yaml` library (YAML 1.2).
 * Plain scalars are typed as the lesson format always typed them: `true` and
 * `false`, `null`, `~` or nothing, and decimal numbers (`821`, `-1`, `2.5`);
 * every other plain scalar is text (`0x10`, `1e3`, `True`, `2008-10` stay
 * strings), so the same files give the same values they always gave.
 *
 * The lesson format used to be read by a small parser of its own, which took
 * any unquoted value as text, `: ` or ` #` in it or not (`- Read the reply:
 * it says...`). A file written entirely in that format (see
 * `quoteLegacyText`) has such values quoted before YAML reads it, so it keeps
 * its meaning; any other file is plain YAML.
 *
 * Node tools import this module; the browser loads it only for a teacher's
 * pack (the bundled course is read at build time, see vite.config.ts).
 */
import { isNode, LineCounter, parseDocument, visit, type ScalarTag } from 'yaml';
import {
  FrontmatterError,
  splitDocument,
  type FrontMap,
  type LessonDocument,
} from './frontmatter.ts';

const SCALARS: ScalarTag[] = [
  {
    tag: 'tag:yaml.org,2002:null',
    default: true,
    identify: (v) => v === null,
    test: /^(?:~|null)?$/,
    resolve: () => null,
  },
  {
    tag: 'tag:yaml.org,2002:bool',
    default: true,
    identify: (v) => typeof v === 'boolean',
    test: /^(?:true|false)$/,
    resolve: (s) => s === 'true',
  },
  {
    tag: 'tag:yaml.org,2002:float',
    default: true,
    identify: (v) => typeof v === 'number',
    test: /^-?\d+(?:\.\d+)?$/,
    resolve: (s) => Number(s),
  },
];

const OPTIONS = {
  // Maps, lists and strings, plus the scalars above: nothing else is typed.
  schema: 'failsafe',
  customTags: SCALARS,
  uniqueKeys: true,
  prettyErrors: false,
  merge: false,
  // No !!binary, !!set, !!timestamp...: every value stays plain data.
  resolveKnownTags: false,
  // Problems are errors with their line; nothing is printed.
  logLevel: 'error',
} as const;

/** A key of the old format: letters, digits, `_` and `-`. */
const LEGACY_KEY = /^([A-Za-z_][\w-]*):(?:\s+(.*))?$/;
/** Typed scalars (the schema above): YAML reads them as the old format did. */
const TYPED = /^(?:~|null|true|false|-?\d+(?:\.\d+)?)$/;
/** Unquoted text YAML would not read as that text: a `: ` or ` #` inside, or an indicator first. */
const MISREAD = /: |:$|\s#|^[-?:](?:\s|$)|^[,\]}#&*!|>%@`]/;
/** The same inside `[a, b]`, where `,[]{}` are structure too. */
const MISREAD_ITEM = /: |:$|\s#|[[\]{}]|^[-?:](?:\s|$)|^[#&*!|>%@`]/;

/** Splits `a, "b, c", d` at the commas outside quotes (as the old format did). */
function splitItems(text: string): string[] | null {
  const parts: string[] = [];
  let quote: string | null = null;
  let current = '';
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ',') {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return quote ? null : parts;
}

/** A value of the old format made safe for YAML; null when the old format refused it. */
function legacyValue(value: string): string | null {
  if (value.startsWith('"')) return value.length > 1 && value.endsWith('"') ? value : null;
  if (value.startsWith("'")) {
    if (value.length < 2 || !value.endsWith("'")) return null;
    // 'a' b' was the text a' b: YAML needs the inner quote doubled.
    const inner = value.slice(1, -1);
    return inner.replace(/''/g, '').includes("'")
      ? JSON.stringify(inner.replace(/''/g, "'"))
      : value;
  }
  if (value.startsWith('{')) return null;
  if (value.startsWith('[')) {
    if (!value.endsWith(']')) return null;
    const inner = value.slice(1, -1).trim();
    const items = inner === '' ? [] : splitItems(inner);
    if (!items) return null;
    const safe: string[] = [];
    for (const item of items) {
      const t = item.trim();
      // An empty item was null; an item is read as a value of its own.
      const v =
        t === ''
          ? 'null'
          : /^["'[{]/.test(t)
            ? legacyValue(t)
            : TYPED.test(t) || !MISREAD_ITEM.test(t)
              ? t
              : JSON.stringify(t);
      if (v === null) return null;
      safe.push(v);
    }
    const list = `[${safe.join(', ')}]`;
    return list.replace(/\s/g, '') === value.replace(/\s/g, '') ? value : list;
  }
  return TYPED.test(value) || !MISREAD.test(value) ? value : JSON.stringify(value);
}

/**
 * A frontmatter written in the old format (only `key: value`, `- item`,
 * `- key: value`, comment and blank lines; spaces for indentation; nothing
 * more indented under a line that has a value) with its unquoted text values
 * quoted, line for line, so YAML reads what the old format read. Any other
 * frontmatter is returned unchanged.
 */
export function quoteLegacyText(text: string): string {
  const lines = text.split('\n');
  let changed = false;
  /** The column past which a line would continue the previous line's value. */
  let valueColumn = Infinity;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (/^\s*(#.*)?$/.test(raw)) continue;
    if (/^\t| \t/.test(raw)) return text;
    const indent = raw.length - raw.trimStart().length;
    if (indent > valueColumn) return text;
    const line = raw.trim();
    let head: string;
    let value: string | undefined;
    if (line === '-' || line.startsWith('- ')) {
      const rest = line.slice(1).trim();
      const m = LEGACY_KEY.exec(rest);
      if (m && !rest.startsWith('"') && !rest.startsWith("'")) {
        head = `- ${m[1]}: `;
        value = m[2];
        valueColumn = indent + 2;
      } else {
        head = '- ';
        value = rest;
        valueColumn = indent;
      }
    } else {
      const m = LEGACY_KEY.exec(line);
      if (!m) return text;
      head = `${m[1]}: `;
      value = m[2];
      valueColumn = indent;
    }
    value = value?.trim();
    if (!value) {
      valueColumn = Infinity;
      continue;
    }
    const safe = legacyValue(value);
    if (safe === null) return text;
    if (safe !== value) {
      lines[i] = `${' '.repeat(indent)}${head}${safe}`;
      changed = true;
    }
  }
  return changed ? lines.join('\n') : text;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  return typeof value === 'object' ? 'a map' : `a ${typeof value}`;
}

/**
 * Parses frontmatter text into a map; a FrontmatterError names the line
 * (`firstLine` is the file's line number of the text's first line).
 */
export function parseFrontmatter(text: string, firstLine = 1): FrontMap {
  const lineCounter = new LineCounter();
  const doc = parseDocument(quoteLegacyText(text), { ...OPTIONS, lineCounter });
  const lineAt = (offset: number) => firstLine - 1 + lineCounter.linePos(offset).line;
  const error = doc.errors[0];
  if (error) {
    const line = lineAt(error.pos[0]);
    if (error.code === 'DUPLICATE_KEY') {
      const source = text.split('\n')[line - firstLine] ?? '';
      const key = /^\s*(?:-\s+)*(?:"([^"]*)"|'([^']*)'|([^:]*?))\s*:/.exec(source);
      const name = key ? (key[1] ?? key[2] ?? key[3]) : undefined;
      throw new FrontmatterError(
        name ? `"${name}" is given twice` : 'a key is given twice in the same map',
        line,
      );
    }
    throw new FrontmatterError(error.message.split('\n')[0]!, line);
  }
  if (doc.contents === null) return {};
  // An alias inside its own anchor (`a: &x [*x]`) would make a value that contains itself.
  visit(doc, {
    Alias(_, alias, path) {
      if (alias.resolve(doc) === undefined)
        throw new FrontmatterError(
          `the alias *${alias.source} has no anchor &${alias.source} before it`,
          lineAt(alias.range?.[0] ?? 0),
        );
      if (path.some((p) => isNode(p) && p.anchor === alias.source))
        throw new FrontmatterError(
          `the alias *${alias.source} is inside its own anchor`,
          lineAt(alias.range?.[0] ?? 0),
        );
    },
  });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Too many aliases expanded (a "billion laughs" file), or another value YAML cannot build.
    throw new FrontmatterError(e instanceof Error ? e.message : String(e), firstLine);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new FrontmatterError(
      `expected "key: value" lines, got ${kindOf(value)}`,
      lineAt(doc.contents.range[0]),
    );
  return value as FrontMap;
}

/** Splits a lesson file and reads its frontmatter; never throws. */
export function readLessonDocument(text: string): LessonDocument {
  try {
    const doc = splitDocument(text);
    if (doc.front === '') return { front: null, body: doc.body };
    return { front: parseFrontmatter(doc.front, doc.firstLine), body: doc.body };
  } catch (e) {
    if (e instanceof FrontmatterError)
      return { error: e.message.replace(/^line \d+: /, ''), line: e.line };
    throw e;
  }
}
