import { describe, expect, it } from 'vitest';
import {
  parseInline,
  parseMarkdown,
  resolveFolder,
  safeHref,
  type Block,
  type Inline,
} from '../../../src/ui/shared/markdown.ts';

/** Every href in a tree. */
function hrefs(nodes: readonly (Block | Inline)[]): string[] {
  const out: string[] = [];
  const walk = (n: Block | Inline) => {
    if (n.type === 'link') out.push(n.href);
    if ('children' in n) n.children.forEach(walk);
    if (n.type === 'list') n.items.forEach((item) => item.forEach(walk));
  };
  nodes.forEach(walk);
  return out;
}

/** The text a renderer would put in text nodes. */
function text(nodes: readonly (Block | Inline)[]): string {
  return nodes
    .map((n) =>
      n.type === 'text' || n.type === 'code' || n.type === 'codeblock'
        ? n.text
        : n.type === 'list'
          ? n.items.map((i) => text(i)).join('|')
          : text(n.children),
    )
    .join('');
}

describe('safe Markdown', () => {
  it('reads headings, paragraphs, lists, code and emphasis', () => {
    const blocks = parseMarkdown(
      '## Title\n\nSome *em* and **strong** and `code`.\n\n- one\n- two\n\n1. first\n\n```\nHELO x\n```\n',
    );
    expect(blocks.map((b) => b.type)).toEqual([
      'heading',
      'paragraph',
      'list',
      'list',
      'codeblock',
    ]);
    const p = blocks[1] as Extract<Block, { type: 'paragraph' }>;
    expect(p.children.map((c) => c.type)).toEqual([
      'text',
      'em',
      'text',
      'strong',
      'text',
      'code',
      'text',
    ]);
    expect(blocks[4]).toEqual({ type: 'codeblock', text: 'HELO x' });
  });

  it('keeps <script> and event-handler attributes as plain text, never as elements', () => {
    const source =
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n- <b onclick=alert(1)>x</b>';
    const blocks = parseMarkdown(source);
    // Only the fixed node types exist; the markup is text to be escaped by the renderer.
    expect(blocks.every((b) => ['paragraph', 'list'].includes(b.type))).toBe(true);
    expect(text(blocks)).toContain('<script>alert(1)</script>');
    expect(text(blocks)).toContain('onerror="alert(1)"');
    expect(hrefs(blocks)).toEqual([]);
  });

  it('drops javascript:, data:, http: and protocol-relative links, keeping their text', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'http://example.test/',
      '//example.test/x',
    ]) {
      expect(safeHref(bad), bad).toBeNull();
      const inl = parseInline(`see [the link](${bad}) here`);
      expect(hrefs(inl), bad).toEqual([]);
    }
    const inl = parseInline('[click](javascript:alert(1))');
    expect(hrefs(inl)).toEqual([]);
  });

  it('keeps https: and relative links', () => {
    expect(hrefs(parseInline('[rfc](https://example.test/rfc821)'))).toEqual([
      'https://example.test/rfc821',
    ]);
    expect(hrefs(parseInline('[prev](../01-helo)'))).toEqual(['../01-helo']);
    expect(resolveFolder('03-smtp-1982/02-x', '../../02-mtp/01-mail-in-one-command')).toBe(
      '02-mtp/01-mail-in-one-command',
    );
  });

  it('a resolver decides what a link becomes', () => {
    const inl = parseInline('[a](../01-x) [b](../99-missing)', (h) =>
      h === '../01-x' ? '#/lesson/era/x' : null,
    );
    expect(hrefs(inl)).toEqual(['#/lesson/era/x']);
    expect(text(inl)).toBe('a b');
  });
});
