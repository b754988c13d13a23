/**
 * A small YAML-like frontmatter parser: enough for lesson files, nothing more.
 * Supported: `key: value` maps by indentation, `- item` lists (of scalars or
 * of maps), inline lists `[a, b]`, quoted strings, numbers, true/false, and
 * `#` comments on their own line. Anything else is an error with its line.
 */
export type FrontValue = string | number | boolean | null | FrontValue[] | FrontMap;
export interface FrontMap {
  [key: string]: FrontValue;
}

export class FrontmatterError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export interface SplitDocument {
  /** The frontmatter text, without the `---` fences; '' when there is none. */
  readonly front: string;
  readonly body: string;
  /** Line number (1-based) of the first frontmatter line, for messages. */
  readonly firstLine: number;
}

/** Splits `---\n...\n---\n` from the Markdown body. */
export function splitDocument(text: string): SplitDocument {
  const normalized = text.replace(/\r\n?/g, '\n');
  if (!normalized.startsWith('---\n')) return { front: '', body: normalized, firstLine: 1 };
  const end = normalized.indexOf('\n---', 3);
  if (end < 0) throw new FrontmatterError('the frontmatter has no closing "---" line', 1);
  const afterFence = normalized.indexOf('\n', end + 4);
  return {
    front: normalized.slice(4, end + 1),
    body: afterFence < 0 ? '' : normalized.slice(afterFence + 1),
    firstLine: 2,
  };
}

interface Line {
  readonly indent: number;
  readonly text: string;
  readonly no: number;
}

export function parseScalar(raw: string, no: number): FrontValue {
  const text = raw.trim();
  if (text === '' || text === '~' || text === 'null') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2)
      throw new FrontmatterError(`unterminated string ${text}`, no);
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new FrontmatterError(`bad string ${text}`, no);
    }
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2)
      throw new FrontmatterError(`unterminated string ${text}`, no);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new FrontmatterError(`unterminated list ${text}`, no);
    const inner = text.slice(1, -1).trim();
    if (inner === '') return [];
    return splitInline(inner).map((part) => parseScalar(part, no));
  }
  if (text.startsWith('{')) throw new FrontmatterError('inline maps {...} are not supported', no);
  return text;
}

/** Splits `a, "b, c", d` at the commas outside quotes. */
function splitInline(text: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let current = '';
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = null;
      current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === ',') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** `key: value` with the key made of letters, digits, `_` and `-`. */
const KEY = /^([A-Za-z_][\w-]*):(?:\s+(.*))?$/;

/** Parses frontmatter text into a map. `firstLine` numbers the lines in messages. */
export function parseFrontmatter(text: string, firstLine = 1): FrontMap {
  const lines: Line[] = [];
  text.split('\n').forEach((raw, i) => {
    if (/^\s*(#.*)?$/.test(raw)) return;
    if (/^\t| \t/.test(raw))
      throw new FrontmatterError('indent with spaces, not tabs', firstLine + i);
    const indent = raw.length - raw.trimStart().length;
    lines.push({ indent, text: raw.trim(), no: firstLine + i });
  });
  let pos = 0;

  function block(indent: number): FrontValue {
    const first = lines[pos]!;
    if (first.text === '-' || first.text.startsWith('- ')) return list(indent);
    return map(indent);
  }

  function map(
    indent: number,
    seed?: { key: string; rest: string | undefined; no: number },
  ): FrontMap {
    const out: FrontMap = {};
    const entry = (key: string, rest: string | undefined, no: number) => {
      if (key in out) throw new FrontmatterError(`"${key}" is given twice`, no);
      if (rest !== undefined && rest.trim() !== '') out[key] = parseScalar(rest, no);
      else if (pos < lines.length && lines[pos]!.indent > indent)
        out[key] = block(lines[pos]!.indent);
      else if (
        pos < lines.length &&
        lines[pos]!.indent === indent &&
        lines[pos]!.text.startsWith('- ')
      )
        out[key] = list(indent);
      else out[key] = null;
    };
    if (seed) entry(seed.key, seed.rest, seed.no);
    while (pos < lines.length) {
      const line = lines[pos]!;
      if (line.indent < indent) break;
      if (line.indent > indent) throw new FrontmatterError('unexpected indentation', line.no);
      if (line.text.startsWith('- ')) break;
      const m = KEY.exec(line.text);
      if (!m) throw new FrontmatterError(`expected "key: value", got "${line.text}"`, line.no);
      pos++;
      entry(m[1]!, m[2], line.no);
    }
    return out;
  }

  function list(indent: number): FrontValue[] {
    const out: FrontValue[] = [];
    while (pos < lines.length) {
      const line = lines[pos]!;
      if (line.indent !== indent || !(line.text === '-' || line.text.startsWith('- '))) {
        if (line.indent > indent) throw new FrontmatterError('unexpected indentation', line.no);
        break;
      }
      pos++;
      const rest = line.text.slice(1).trim();
      const m = KEY.exec(rest);
      if (rest === '')
        out.push(
          pos < lines.length && lines[pos]!.indent > indent ? block(lines[pos]!.indent) : null,
        );
      else if (m && !rest.startsWith('"') && !rest.startsWith("'")) {
        // "- key: value" opens a map whose keys sit two columns in.
        out.push(map(indent + 2, { key: m[1]!, rest: m[2], no: line.no }));
      } else out.push(parseScalar(rest, line.no));
    }
    return out;
  }

  if (lines.length === 0) return {};
  if (lines[0]!.indent !== 0) throw new FrontmatterError('unexpected indentation', lines[0]!.no);
  const result = map(0);
  if (pos < lines.length)
    throw new FrontmatterError(`unexpected "${lines[pos]!.text}"`, lines[pos]!.no);
  return result;
}
