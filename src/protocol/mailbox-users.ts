/**
 * The accounts a delivered message is filed for on the mailbox host: each
 * local recipient's, a mailing list's members for a list (RFC 5321 §3.5.1),
 * each account once, as the world spells it. POP3 and IMAP read the message
 * there (the bridge's mailboxes and the sandbox's alike).
 */
import type { Recipient } from './session-state.ts';
import type { World } from './world.ts';

export function mailboxUsers(
  world: World,
  delivery: { readonly recipients: readonly Recipient[] },
): string[] {
  const known = new Map(world.users.map((u) => [u.local.toLowerCase(), u.local]));
  const out = new Set<string>();
  const add = (local: string) => {
    const user = known.get(local.toLowerCase());
    if (user !== undefined) out.add(user);
  };
  for (const r of delivery.recipients) {
    if (r.route !== 'local') continue;
    const at = r.mailbox.lastIndexOf('@');
    const local = at < 0 ? r.mailbox : r.mailbox.slice(0, at);
    const list = Object.entries(world.lists).find(
      ([name]) => name.toLowerCase() === local.toLowerCase(),
    );
    if (list) for (const member of list[1]) add(member.split('@')[0]!);
    else add(local);
  }
  return [...out];
}
