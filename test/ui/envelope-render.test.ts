import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import EnvelopeView from '../../src/ui/EnvelopeView.svelte';
import { Simulator } from '../../src/ui/simulator.svelte.ts';
import { memoryStore } from './store.ts';

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
