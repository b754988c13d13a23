import { JSDOM } from 'jsdom';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Markdown from '../../../src/ui/shared/Markdown.svelte';
import { parseMarkdown } from '../../../src/ui/shared/markdown.ts';

const HOSTILE = [
  '## Title <script>alert(1)</script>',
  '',
  '<script>alert(1)</script>',
  '',
  '<img src=x onerror="alert(1)"> and <a href="javascript:alert(1)" onclick="alert(1)">a</a>',
  '',
  '- [bad](javascript:alert`1`) and [data](data:text/html,x) and [ok](https://example.test/x)',
  '- *<svg onload=alert(1)>*',
  '',
  '```',
  '<script>alert(2)</script>',
  '```',
].join('\n');

function rendered(source: string): Document {
  const { body } = render(Markdown, { props: { blocks: parseMarkdown(source) } });
  return new JSDOM(`<!doctype html><body>${body}</body>`).window.document;
}

describe('Markdown.svelte renders lesson text inert', () => {
  it('no script, no event handler, no javascript: link reaches the DOM', () => {
    const doc = rendered(HOSTILE);
    expect(doc.querySelectorAll('script, img, svg, iframe, object')).toHaveLength(0);
    for (const el of doc.querySelectorAll('*'))
      for (const attr of el.attributes) expect(attr.name.startsWith('on'), attr.name).toBe(false);
    const hrefs = [...doc.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://example.test/x']);
    // The markup is shown as text.
    expect(doc.body.textContent).toContain('<script>alert(1)</script>');
    expect(doc.body.textContent).toContain('onerror="alert(1)"');
    // Only the fixed set of elements is used.
    const tags = new Set([...doc.body.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()));
    for (const t of tags)
      expect([
        'div',
        'h3',
        'h4',
        'p',
        'ul',
        'ol',
        'li',
        'pre',
        'code',
        'em',
        'strong',
        'a',
      ]).toContain(t);
  });
});
