import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../src/protocol/transcript.ts';
import { replay, type Difference } from '../../../src/machines/replay.ts';
import { Player } from '../../../src/ui/player/player.svelte.ts';
import {
  buildSteps,
  ComparedSteps,
  nextWhere,
  RecordedSteps,
} from '../../../src/ui/player/steps.ts';
import { shellQuote, swaksCommand, swaksParts } from '../../../src/ui/player/swaks.ts';
import { fixture } from '../../helpers.ts';

describe('swaks export', () => {
  it('quotes for a POSIX shell: a single quote closes, is escaped, and reopens', () => {
    expect(shellQuote('bob@example.test')).toBe('bob@example.test');
    expect(shellQuote("it's $(rm -rf ~)")).toBe(`'it'\\''s $(rm -rf ~)'`);
    expect(shellQuote('a b')).toBe("'a b'");
  });

  it('RFC 821 Scenario 1: HELO name, sender, every recipient, the text unstuffed', () => {
    const file = parseTranscript(fixture('rfc821/f1-typical.smtp'));
    expect(swaksParts(file)).toEqual({
      helo: 'USC-ISIF.ARPA',
      from: 'Smith@USC-ISIF.ARPA',
      to: ['Jones@BBN-UNIX.ARPA', 'Green@BBN-UNIX.ARPA', 'Brown@BBN-UNIX.ARPA'],
      // The wire's "...etc." is a stuffed "..etc." (RFC 821 §4.5.2): swaks stuffs it again.
      data: ['Blah blah blah...', '..etc. etc. etc.'],
    });
    expect(swaksCommand(file, 'mail.example.test:2525')).toBe(
      "swaks --server mail.example.test:2525 --helo USC-ISIF.ARPA --from Smith@USC-ISIF.ARPA --to Jones@BBN-UNIX.ARPA,Green@BBN-UNIX.ARPA,Brown@BBN-UNIX.ARPA --data 'Blah blah blah...\\n..etc. etc. etc.'",
    );
  });

  it('a transaction dropped with RSET is not the one replayed', () => {
    const file = parseTranscript(
      [
        'C: EHLO client.test',
        'C: MAIL FROM:<alice@client.test>',
        'C: RCPT TO:<bob@example.test>',
        'C: RSET',
        'C: MAIL FROM:<carol@client.test>',
        'C: RCPT TO:<postmaster@example.test>',
        'C: DATA',
        'S: 354 go ahead',
        'C: Hi.',
        'C: .',
      ].join('\n'),
    );
    expect(swaksParts(file)).toMatchObject({
      from: 'carol@client.test',
      to: ['postmaster@example.test'],
      data: ['Hi.'],
    });
  });

  it('a null reverse path and MAIL parameters', () => {
    const file = parseTranscript(
      ['C: EHLO client.test', 'C: MAIL FROM:<> SIZE=10', 'C: RCPT TO:<bob@example.test>'].join(
        '\n',
      ),
    );
    expect(swaksCommand(file, 'h:25')).toBe(
      "swaks --server h:25 --helo client.test --from '<>' --to bob@example.test",
    );
  });
});

describe('annotated steps', () => {
  it('every line of RFC 821 Scenario 1 in plain words, with its section of RFC 821', () => {
    const p = new Player();
    p.load(fixture('rfc821/f1-typical.smtp'));
    const x = [...p.steps].map((_, i) => p.explain(i));
    expect(p.explain(p.steps.length)).toBeNull();
    expect(x[0]!.client).toBeNull();
    expect(x[0]!.replies[0]!.text).toMatch(/^220: /);
    expect(x[1]!.client).toEqual({
      text: expect.stringMatching(/^HELO: /),
      rfc: 'RFC 821 §4.1.1',
    });
    expect(x[4]!.replies[0]).toEqual({
      text: expect.stringMatching(/^550: .*mailbox unavailable/),
      rfc: 'RFC 821 §4.2.2',
    });
    // Message text after the 354, a stuffed line, and the lone dot that ends it.
    expect(x[7]!.client?.rfc).toBe('');
    expect(x[8]!.client?.rfc).toMatch(/^RFC 821 §4\.5\.2/);
    expect(x[9]!.client?.rfc).toMatch(/^RFC 821 §4\.5\.2/);
    expect(x[9]!.client?.text).not.toBe(x[7]!.client?.text);
  });
});

describe('steps paired with the replay', () => {
  it('a reply the recording lacks is a difference at the step the simulator gave it', () => {
    const file = parseTranscript(
      [
        'S: 220 mail.example.test',
        'C: EHLO client.test',
        'S: 250 mail.example.test',
        'C: NOOP',
      ].join('\n'),
    );
    const steps = buildSteps(file, replay(file));
    expect(steps.map((s) => s.differences.length)).toEqual([0, 0, 1]);
    expect(steps[2]!.differences[0]).toMatchObject({ expected: '(no reply)', command: 'NOOP' });
    expect(steps[2]!.simulated.map((r) => r.code)).toEqual([250]);
    expect(steps[2]!.recorded).toEqual([]);
  });

  it('pipelined replies recorded after the group stand at its last command', () => {
    const file = parseTranscript(
      [
        'S: 220 mail.example.test',
        'C: EHLO client.test',
        'S: 250 mail.example.test',
        'C: MAIL FROM:<alice@client.test>',
        'C: RCPT TO:<nobody@example.test>',
        'S: 250 OK',
        'S: 550 no',
      ].join('\n'),
    );
    const steps = buildSteps(file, replay(file));
    expect(steps.map((s) => s.recorded.map((r) => r.code))).toEqual([[220], [250], [], [250, 550]]);
    expect(steps.map((s) => s.simulated.map((r) => r.code))).toEqual([[220], [250], [250], [550]]);
    expect(steps.every((s) => s.differences.length === 0)).toBe(true);
    expect(nextWhere(steps, 0, (s) => s.error)).toBe(3);
  });
});

describe('the step tables', () => {
  const file = parseTranscript(
    [
      'S: 220 mail.example.test',
      '## the greeting',
      'C: EHLO client.test',
      '## the client says who it is',
      'S: 250-mail.example.test',
      'S: 250 PIPELINING',
      '## two lines, one reply',
      'C: MAIL FROM:<alice@client.test>',
      'C: RCPT TO:<nobody@example.test>',
      'S: 250 OK',
      'S: 550 no',
      'C: NOOP',
    ].join('\n'),
  );

  it('recorded steps: made when read, from the file, as Array.at reads an array', () => {
    const steps = new RecordedSteps(file);
    expect(steps).toHaveLength(5);
    expect(steps.at(0)).toEqual({
      index: 0,
      client: null,
      line: 0,
      recorded: [expect.objectContaining({ code: 220, lines: ['mail.example.test'] })],
      simulated: [],
      differences: [],
      error: false,
      notes: ['the greeting'],
    });
    expect(steps.at(1)).toMatchObject({
      client: 'EHLO client.test',
      line: 3,
      notes: ['the client says who it is', 'two lines, one reply'],
    });
    expect(steps.at(1)!.recorded.map((r) => r.lines)).toEqual([
      ['mail.example.test', 'PIPELINING'],
    ]);
    expect(steps.at(2)).toMatchObject({ client: 'MAIL FROM:<alice@client.test>', recorded: [] });
    expect(steps.at(3)!.recorded.map((r) => r.code)).toEqual([250, 550]);
    expect(steps.at(3)!.error).toBe(true);
    expect(steps.at(-1)).toEqual(steps.at(4));
    expect(steps.at(4)).toMatchObject({ client: 'NOOP', recorded: [], error: false });
    expect([steps.at(5), steps.at(-6)]).toEqual([undefined, undefined]);
    expect([...steps].map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('compared steps: the found replies and differences up to `checked`, as recorded after', () => {
    const recorded = new RecordedSteps(file);
    const replies = [[{ code: 220, lines: ['x'] }], [], [{ code: 250, lines: ['OK'] }]];
    const differences: Difference[][] = [];
    const found = { replies, differences, recording: true };
    const two = new ComparedSteps(recorded, found, 2);
    expect(two).toHaveLength(5);
    expect(two.at(0)!.simulated).toEqual([{ code: 220, lines: ['x'] }]);
    // Not yet compared: as recorded, though the replay has replies for it.
    expect(two.at(2)).toEqual(recorded.at(2));
    const d = {
      line: 12,
      expected: '(no reply)',
      actual: '250 OK',
      command: 'NOOP',
      rule: '',
      step: 4,
    };
    differences[4] = [d];
    const all = new ComparedSteps(recorded, found, 5);
    expect(all.at(2)!.simulated.map((r) => r.code)).toEqual([250]);
    expect(all.at(4)!.differences).toEqual([d]);
    expect(two.at(4)!.differences).toEqual([]);
    expect(nextWhere(all, 0, (s) => s.differences.length > 0)).toBe(4);
    expect(nextWhere(all, 0, (s) => s.error)).toBe(3);
    expect([all.at(-5), all.at(-6), all.at(5)]).toEqual([all.at(0), undefined, undefined]);
  });
});
