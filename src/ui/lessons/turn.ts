/**
 * The lesson's "Your turn" part, taken out of the scrolling text so that what
 * to do next stays in view beside the goals and the console.
 */
import type { Block, Inline } from '../shared/markdown.ts';

export interface LessonParts {
  /** The text shown in the scrolling region (the turn taken out). */
  readonly text: readonly Block[];
  /** The "Your turn" section without its heading (null when the lesson has none). */
  readonly turn: readonly Block[] | null;
  /** Its heading as written ("Your turn", "Your turn: a lenient server"). */
  readonly title: string;
}

/** The plain text of inline nodes. */
export function plainText(nodes: readonly Inline[]): string {
  return nodes.map((n) => ('text' in n ? n.text : plainText(n.children))).join('');
}

const TURN = /^your turn\b/i;

/** Splits the blocks at the heading "Your turn...": its section ends at the next heading of its level or above. */
export function splitTurn(blocks: readonly Block[]): LessonParts {
  const at = blocks.findIndex((b) => b.type === 'heading' && TURN.test(plainText(b.children)));
  if (at < 0) return { text: blocks, turn: null, title: '' };
  const heading = blocks[at] as Extract<Block, { type: 'heading' }>;
  let end = blocks.length;
  for (let i = at + 1; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.type === 'heading' && b.level <= heading.level) {
      end = i;
      break;
    }
  }
  return {
    text: [...blocks.slice(0, at), ...blocks.slice(end)],
    turn: blocks.slice(at + 1, end),
    title: plainText(heading.children),
  };
}
