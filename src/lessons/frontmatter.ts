/**
 * Lesson files: a `---` fenced YAML frontmatter over a Markdown body. This
 * module has no YAML parser in it (the browser's bundled course arrives with
 * its frontmatter already read at build time): the values, the error, the
 * split, and which reader reads a lesson file's text: `frontmatter-yaml.ts`
 * (the `yaml` library), installed by the Node loader (load.ts) and, in the
 * browser, for a teacher's pack.
 */

/** Frontmatter values: plain JSON-like data (YAML maps, lists and scalars). */
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

/**
 * A lesson file read: its frontmatter (null when the file has none) and its
 * body; or, when the frontmatter could not be read, the error and its line
 * (the file's line, counting the opening fence). Plain data, so the build
 * can hand it to the browser as JSON.
 */
export type LessonDocument =
  | { readonly front: FrontMap | null; readonly body: string }
  | { readonly error: string; readonly line: number };

/** Reads a lesson file's text; never throws. */
export type DocumentReader = (text: string) => LessonDocument;

let installed: DocumentReader | null = null;

/** Makes `reader` the one `buildPack` reads lesson texts with (Node: load.ts installs the YAML reader); null: none. */
export function installDocumentReader(reader: DocumentReader | null): void {
  installed = reader;
}

/** The reader installed; an error when none is (the browser must await `loadDocumentReader()`). */
export function documentReader(): DocumentReader {
  if (!installed)
    throw new Error(
      'lesson files in text need the YAML reader: await loadDocumentReader() first (Node: import load.ts)',
    );
  return installed;
}

/** Loads the YAML reader (a chunk of its own in the browser), installs it and returns it. */
export async function loadDocumentReader(): Promise<DocumentReader> {
  const { readLessonDocument } = await import('./frontmatter-yaml.ts');
  installDocumentReader(readLessonDocument);
  return readLessonDocument;
}
