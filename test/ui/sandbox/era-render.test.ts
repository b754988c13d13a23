/** Components in an old era: tooltips, the stored text beside a line, the extensions offered. */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import LastReply from '../../../src/ui/sandbox/LastReply.svelte';
import ServerPanel from '../../../src/ui/sandbox/ServerPanel.svelte';
import Transcript from '../../../src/ui/pictures/Transcript.svelte';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import type { DialectId } from '../../../src/protocol/dialects/index.ts';
import { memoryStore } from '../store.ts';

function sim(dialect: DialectId, lines: readonly string[] = []) {
  const s = new Simulator({ store: memoryStore() });
  s.applySettings({ ...s.settings, dialect });
  for (const line of lines) s.send(line);
  return s;
}

describe('an RFC 780 session', () => {
  it("a reply code's tooltip and the last reply cite RFC 780, never RFC 5321", () => {
    const s = sim('rfc780', ['BOGUS']);
    const transcript = render(Transcript, { props: { sim: s } }).body;
    expect(transcript).toContain('title="500 Syntax error, command unrecognized (RFC 780 §5.2.2)');
    expect(transcript).toContain(
      'title="220 &lt;host> Service ready for new user (RFC 780 §5.2.2)',
    );
    const last = render(LastReply, { props: { sim: s } }).body;
    expect(last).toContain('See RFC 780 §5.2.2.');
    expect(`${transcript}${last}`).not.toContain('5321');
  });
});

describe('an RFC 821 session', () => {
  it('shows a message line as sent, the stored text beside it', () => {
    const s = sim('rfc821', [
      'HELO client.test',
      'MAIL FROM:<alice@client.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
      '...etc. etc. etc.',
      '.',
    ]);
    const html = render(Transcript, { props: { sim: s } }).body;
    expect(html).toMatch(/<span class="text[^"]*">\.\.\.etc\. etc\. etc\.<\/span>/);
    expect(html).toContain('stored as: ..etc. etc. etc.');
    expect(html).not.toContain('5321');
  });
});

describe('the server panel', () => {
  it('an RFC 1869 server offers only the extensions of its table', () => {
    const html = render(ServerPanel, { props: { sim: sim('rfc1869'), whole: true } }).body;
    const box = (keyword: string) =>
      new RegExp(`<label[^>]*>\\s*<input type="checkbox"([^>]*)>\\s*<span><code>${keyword}<`).exec(
        html,
      )?.[1];
    expect(box('SIZE')).toBeDefined();
    expect(box('SIZE')).not.toContain('disabled');
    expect(box('STARTTLS')).toContain('disabled');
    expect(box('PIPELINING')).toContain('disabled');
  });
});
