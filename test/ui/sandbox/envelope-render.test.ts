import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import EnvelopeView from '../../../src/ui/sandbox/EnvelopeView.svelte';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import { memoryStore } from '../store.ts';

function delivered(dialect: 'rfc788' | 'rfc821' | 'rfc5321') {
  const sim = new Simulator({ store: memoryStore() });
  sim.applySettings({ ...sim.settings, dialect });
  for (const line of [
    'HELO client.test',
    'MAIL FROM:<alice@client.test>',
    'RCPT TO:<bob@example.test>',
    'DATA',
    'Subject: hi',
    '',
    'Hello.',
    '.',
  ])
    sim.send(line);
  return render(EnvelopeView, { props: { sim } }).body;
}

describe('the envelope view names the era that defines the trace line', () => {
  it.each([
    ['rfc788', 'RFC 788 §4.1.2', 'Mail-From: client.test received by'],
    ['rfc821', 'RFC 821 §4.1.2', 'Received: FROM client.test BY mail.example.test'],
    ['rfc5321', 'RFC 5321 §4.4', 'Received: from client.test'],
  ] as const)('%s: %s', (dialect, cite, line) => {
    const html = delivered(dialect);
    expect(html).toContain(`(${cite})`);
    expect(html).toContain(line);
  });
});

describe('the envelope view speaks the era', () => {
  const html = (dialect: 'rfc772' | 'rfc780' | 'rfc821', lines: readonly string[]) => {
    const sim = new Simulator({ store: memoryStore() });
    sim.applySettings({ ...sim.settings, dialect });
    for (const line of lines) sim.send(line);
    return render(EnvelopeView, { props: { sim } }).body;
  };

  it('MTP: no RCPT or DATA is named; MAIL carries the recipient, the text follows 354', () => {
    const empty = html('rfc780', []);
    expect(empty).toContain('MAIL FROM:… TO:…');
    expect(empty).not.toMatch(/RCPT|DATA/);
    const open = html('rfc772', ['MAIL FROM:<alice@client.test> TO:<bob@example.test>']);
    expect(open).toContain('MTP commands: used for delivery');
    expect(open).toContain('Comes after the 354 reply.');
    expect(open).not.toMatch(/RCPT|DATA|SMTP/);
  });

  it('SMTP: the envelope is MAIL FROM and RCPT TO, the content comes with DATA', () => {
    expect(html('rfc821', [])).toContain('<code>RCPT TO</code>');
    const open = html('rfc821', ['HELO client.test', 'MAIL FROM:<alice@client.test>']);
    expect(open).toContain('SMTP commands: used for delivery');
    expect(open).toContain('Comes with DATA.');
  });
});
