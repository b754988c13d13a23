import { describe, expect, it } from 'vitest';
import { ShellInbox, type ShellInput } from '../../../src/ui/shell/inbox.ts';

describe('the shell inbox', () => {
  it('holds inputs until opened, then hands them over in order', () => {
    const inbox = new ShellInbox();
    const got: ShellInput[] = [];
    inbox.put({ line: 'EHLO client.test' });
    inbox.put({ paste: ['MAIL FROM:<alice@example.test>\nRCPT TO:<bob@example.test>\n', '', ''] });
    expect(got).toEqual([]);
    inbox.open((input) => got.push(input));
    expect(got).toEqual([
      { line: 'EHLO client.test' },
      { paste: ['MAIL FROM:<alice@example.test>\nRCPT TO:<bob@example.test>\n', '', ''] },
    ]);
  });

  it('an input after it opened goes straight through, not into a queue nobody reads', () => {
    const inbox = new ShellInbox();
    const got: ShellInput[] = [];
    inbox.open((input) => got.push(input));
    inbox.put({ line: 'NOOP' });
    expect(got).toEqual([{ line: 'NOOP' }]);
  });

  it('hands each held input over once', () => {
    const inbox = new ShellInbox();
    let count = 0;
    inbox.put({ line: 'NOOP' });
    inbox.open(() => count++);
    inbox.open(() => count++);
    expect(count).toBe(1);
  });
});
