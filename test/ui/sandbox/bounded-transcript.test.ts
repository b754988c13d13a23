/**
 * A session that keeps only its newest transcript entries (the player's pictures): what the
 * transcript shows must not depend on the entries dropped. The TLS marks and a message's lines
 * as sent come from the session's listener, which sees every entry.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/ui/sandbox/settings.ts';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import { FIXED_NOW } from '../../helpers.ts';

/** Keeps at least the newest 8 entries (dropped past 32, session.ts). */
const bounded = () => new Simulator({ session: { now: FIXED_NOW, retain: { transcript: 8 } } });

describe('Simulator with a bounded transcript', () => {
  it('lines after STARTTLS stay marked inside TLS once the tls entry is dropped', () => {
    const sim = bounded();
    sim.applySettings({ ...DEFAULT_SETTINGS, extensions: ['STARTTLS'] });
    sim.send('EHLO client.test');
    sim.send('STARTTLS');
    expect(sim.lines.some((l) => l.kind === 'server' && l.text.startsWith('220 '))).toBe(true);
    sim.send('EHLO client.test');
    for (let i = 0; i < 40; i++) sim.send('NOOP');
    expect(sim.entries.some((e) => e.kind === 'tls')).toBe(false);
    expect(sim.entries[0]!.step).toBeGreaterThan(3);
    const dialogue = sim.lines.filter((l) => l.kind === 'client' || l.kind === 'server');
    expect(dialogue.length).toBeGreaterThan(4);
    expect(dialogue.every((l) => l.tls === true)).toBe(true);
    expect(dialogue.at(-1)!.prefix).toBe('<~');
  });

  it('a plain session is not marked inside TLS when its first entries are dropped', () => {
    const sim = bounded();
    sim.send('EHLO client.test');
    for (let i = 0; i < 40; i++) sim.send('NOOP');
    expect(sim.entries[0]!.step).toBeGreaterThan(0);
    expect(sim.lines.some((l) => l.tls)).toBe(false);
  });

  it("a message's lines as sent are shown wherever the entries were dropped during its feed", () => {
    // Each count of NOOPs before it puts the drop at another place; a line sent with an
    // unstuffed leading period ('.oops', stored as 'oops') is shown as sent only when the
    // content entry was found among those its feed produced.
    for (let noops = 0; noops < 36; noops++) {
      const sim = bounded();
      sim.send('EHLO client.test');
      for (let i = 0; i < noops; i++) sim.send('NOOP');
      sim.sendLines(['MAIL FROM:<alice@client.test>', 'RCPT TO:<bob@example.test>', 'DATA']);
      sim.sendLines(['.oops', '.']);
      expect(sim.mailbox, `after ${noops} NOOPs`).toHaveLength(1);
      const line = sim.lines.find((l) => l.kind === 'content');
      expect(line, `after ${noops} NOOPs`).toMatchObject({ text: '.oops', stored: 'oops' });
    }
  });
});
