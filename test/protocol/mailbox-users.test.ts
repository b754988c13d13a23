/** Which accounts a delivered message is filed for on the mailbox host (POP3 and IMAP read them). */
import { describe, expect, it } from 'vitest';
import { mailboxUsers } from '../../src/protocol/mailbox-users.ts';
import type { Recipient } from '../../src/protocol/session-state.ts';
import { makeWorld } from '../../src/protocol/world.ts';

const to = (mailbox: string, route: Recipient['route'] = 'local'): Recipient => ({
  path: { kind: 'postmaster' } as unknown as Recipient['path'],
  text: `<${mailbox}>`,
  route,
  mailbox,
  params: [],
});

describe('mailboxUsers', () => {
  const world = makeWorld({ lists: { team: ['alice', 'bob@example.test'] } });

  it('files a local recipient for its account, as the world spells it, once', () => {
    expect(
      mailboxUsers(world, { recipients: [to('BOB@example.test'), to('bob@example.test')] }),
    ).toEqual(['bob']);
  });

  it('files a list for each member, and nothing for a relayed or unknown recipient', () => {
    expect(
      mailboxUsers(world, {
        recipients: [
          to('team@example.test'),
          to('carol@elsewhere.test', 'relay'),
          to('nobody@example.test'),
        ],
      }),
    ).toEqual(['alice', 'bob']);
  });
});
