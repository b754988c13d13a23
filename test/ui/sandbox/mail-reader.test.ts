/**
 * The sandbox's mail reader: a message delivered by SMTP in the Simulator is
 * read back over POP3 (RFC 1939) from the same mailbox host, with the
 * replies this server gives and the message byte for byte; switching back
 * to SMTP finds the SMTP session as it was; a reload replays the reading.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../../../src/protocol/bytes.ts';
import { readerTail } from '../../../src/ui/pictures/sequence.ts';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import { STORAGE_KEY } from '../../../src/ui/sandbox/persistence.ts';
import { FIXED_NOW } from '../../helpers.ts';
import { memoryStore } from '../store.ts';

const make = (store = memoryStore()) => ({
  store,
  sim: new Simulator({ store, session: { now: FIXED_NOW } }),
});

/** Sends one message from alice to bob (a line starting with "." stuffed, RFC 5321 §4.5.2). */
function deliver(sim: Simulator, subject = 'hello') {
  sim.send('EHLO client.test');
  sim.sendLines(['MAIL FROM:<alice@example.test>', 'RCPT TO:<bob@example.test>', 'DATA']);
  sim.sendLines([`Subject: ${subject}`, '', 'Hi Bob,', '..a dot', '.']);
}

const lines = (sim: Simulator) => sim.reader!.picture.lines.map((l) => `${l.prefix} ${l.text}`);
/** The lines after the command `line` was sent, up to the next command. */
function answerTo(sim: Simulator, command: string): string[] {
  const all = lines(sim);
  const at = all.indexOf(`-> ${command}`);
  const next = all.findIndex((l, i) => i > at && l.startsWith('-> '));
  return all.slice(at + 1, next < 0 ? undefined : next);
}

describe('the mail reader: POP3 on the SMTP session’s mailboxes', () => {
  it('reads the delivered message: USER, PASS, STAT, LIST, RETR, DELE, QUIT', () => {
    const { sim } = make();
    deliver(sim);
    expect(sim.mailbox).toHaveLength(1);
    const d = sim.mailbox[0]!;
    const message = d.trace + decode(d.content);
    const size = new TextEncoder().encode(message).length;
    expect(sim.readWith('pop3')).toBe(true);
    expect(sim.reader?.protocol).toBe('pop3');
    expect(sim.reader?.state).toBe('authorization.waiting');
    // RFC 1939 §4: the greeting is +OK; this server adds an APOP timestamp (§7).
    expect(lines(sim)[0]).toMatch(/^<- \+OK POP3 server ready <\d+\.\d+@mail\.example\.test>$/);

    for (const l of ['USER bob', 'PASS builder', 'STAT', 'LIST', 'RETR 1', 'DELE 1', 'QUIT'])
      sim.send(l);
    expect(answerTo(sim, 'USER bob')).toEqual([
      '<- +OK bob is a valid mailbox',
      '== state authorization.waiting → authorization.named',
    ]);
    // The password is not shown (the transcript can be exported).
    expect(answerTo(sim, 'PASS ****')).toEqual([
      `<- +OK bob's maildrop has 1 message (${size} octets)`,
      '== state authorization.named → transaction',
    ]);
    // RFC 1939 §5: STAT is "+OK nn mm", a scan listing "msg octets".
    expect(answerTo(sim, 'STAT')).toEqual([`<- +OK 1 ${size}`]);
    expect(answerTo(sim, 'LIST')).toEqual([
      `<- +OK 1 message (${size} octets)`,
      `<- 1 ${size}`,
      '<- .',
    ]);
    // RETR: the message as delivered (Return-Path, Received, the content), byte-stuffed, then ".".
    const retr = answerTo(sim, 'RETR 1');
    expect(retr[0]).toBe(`<- +OK ${size} octets`);
    expect(retr.at(-1)).toBe('<- .');
    const body = retr.slice(1, -1).map((l) => l.slice(3).replace(/^\.\./, '.'));
    expect(body.join('\r\n') + '\r\n').toBe(message);
    expect(retr).toContain('<- Subject: hello');
    expect(retr).toContain('<- ..a dot'); // stuffed again on the way out (§3)
    expect(message).toContain('\r\n.a dot\r\n');
    expect(answerTo(sim, 'DELE 1')).toEqual(['<- +OK message 1 deleted']);
    expect(answerTo(sim, 'QUIT')).toEqual([
      '<- +OK mail.example.test POP3 server signing off (maildrop empty)',
      '== state transaction → closed',
    ]);
    expect(sim.reader?.closed).toBe(true);
    // The sequence diagram names the state each answer moved to (its own name; the chart nests it).
    const moved = readerTail(sim.reader!.picture.turns, 24).arrows.filter((a) => a.state);
    expect(moved.map((a) => [a.label, a.state])).toEqual([
      ['+OK', 'named'],
      ['+OK', 'transaction'],
      ['+OK', 'closed'],
    ]);
    expect(sim.reader?.lastTransition).toMatchObject({ from: 'transaction', to: 'closed' });
    // The SMTP side is untouched: its session and mailbox panel are as they were.
    expect(sim.mailbox).toHaveLength(1);
    expect(sim.state).toBe('ready');
  });

  it('switches back to SMTP as it was, and goes on there', () => {
    const { sim } = make();
    deliver(sim);
    const before = sim.lines;
    const typed = sim.typedLines;
    sim.readWith('pop3');
    sim.send('USER bob');
    expect(sim.typedLines).toEqual(['USER bob']);
    expect(sim.lines).toBe(before); // no SMTP line was added
    sim.readWith('smtp');
    expect(sim.reader).toBeNull();
    expect(sim.lines).toBe(before);
    expect(sim.typedLines).toEqual(typed);
    expect(sim.notices.at(-1)?.text).toContain('Back to the SMTP session, as you left it.');
    expect(sim.notices.at(-1)?.text).toContain('dropped without QUIT');
    sim.send('NOOP');
    expect(sim.lines.at(-1)?.text).toMatch(/^250 /);
  });

  it('DELE without QUIT removes nothing (RFC 1939 §6); with QUIT the message is gone for IMAP too', () => {
    const { sim } = make();
    deliver(sim);
    sim.readWith('pop3');
    sim.sendLines(['USER bob', 'PASS builder', 'DELE 1']);
    sim.newSession(); // a new connection: the first was dropped
    sim.sendLines(['USER bob', 'PASS builder', 'STAT']);
    expect(answerTo(sim, 'STAT')).toEqual([expect.stringMatching(/^<- \+OK 1 \d+$/)]);
    sim.sendLines(['DELE 1', 'QUIT']);
    sim.readWith('imap');
    sim.sendLines(['a1 LOGIN bob builder', 'a2 SELECT INBOX']);
    expect(answerTo(sim, 'a2 SELECT INBOX')[0]).toBe('<- * 0 EXISTS');
  });

  it('files later deliveries when a new connection opens', () => {
    const { sim } = make();
    deliver(sim, 'first');
    sim.readWith('pop3');
    sim.readWith('smtp');
    sim.sendLines(['MAIL FROM:<alice@example.test>', 'RCPT TO:<bob@example.test>', 'DATA']);
    sim.sendLines(['Subject: second', '', 'Again.', '.']);
    sim.readWith('pop3');
    sim.sendLines(['USER bob', 'PASS builder', 'STAT', 'TOP 2 0']);
    expect(answerTo(sim, 'STAT')[0]).toMatch(/^<- \+OK 2 \d+$/);
    expect(answerTo(sim, 'TOP 2 0')).toContain('<- Subject: second');
  });

  it('New session while reading opens a new connection; a new SMTP session empties the host', () => {
    const { sim } = make();
    deliver(sim);
    sim.readWith('pop3');
    sim.sendLines(['USER bob', 'PASS builder', 'QUIT']);
    expect(sim.reader?.closed).toBe(true);
    sim.newSession();
    expect(sim.reader?.closed).toBe(false);
    expect(sim.reader?.state).toBe('authorization.waiting');
    expect(sim.state).toBe('ready'); // the SMTP session is kept
    sim.readWith('smtp');
    sim.newSession();
    expect(sim.mailbox).toHaveLength(0);
    sim.readWith('pop3');
    sim.sendLines(['USER bob', 'PASS builder', 'STAT']);
    expect(answerTo(sim, 'STAT')).toEqual(['<- +OK 0 0']);
  });

  it('survives a reload: the connections are replayed on the replayed mailbox', () => {
    const { sim, store } = make();
    deliver(sim);
    sim.readWith('pop3');
    sim.sendLines(['USER bob', 'PASS builder', 'DELE 1', 'QUIT']);
    sim.newSession();
    sim.sendLines(['USER bob', 'PASS builder', 'STAT']);
    const saved = JSON.parse(store.getItem(STORAGE_KEY)!) as { reading: unknown };
    expect(saved.reading).toMatchObject({
      open: true,
      connections: [
        { protocol: 'pop3', filed: 1 },
        { protocol: 'pop3', filed: 1 },
      ],
    });
    const again = new Simulator({ store, session: { now: FIXED_NOW } });
    expect(again.reader?.protocol).toBe('pop3');
    expect(again.reader?.state).toBe('transaction');
    expect(answerTo(again, 'STAT')).toEqual(['<- +OK 0 0']); // the first connection's QUIT removed it
    expect(again.typedLines).toEqual(['USER bob', 'PASS builder', 'STAT']);
    again.readWith('smtp');
    expect(again.lines.map((l) => l.text)).toEqual(sim.lines.map((l) => l.text));
    const third = new Simulator({ store, session: { now: FIXED_NOW } });
    expect(third.reader).toBeNull(); // saved back in SMTP
  });

  it('a reading begun before any SMTP line comes back after a reload too', () => {
    const { sim, store } = make();
    sim.readWith('imap');
    sim.send('a1 LOGIN alice wonderland');
    const again = new Simulator({ store, session: { now: FIXED_NOW } });
    expect(again.reader?.protocol).toBe('imap');
    expect(again.reader?.state).toBe('authenticated');
  });

  it('a saved reading that does not read as one is left out, the SMTP session kept', () => {
    const { sim, store } = make();
    deliver(sim);
    const value = JSON.parse(store.getItem(STORAGE_KEY)!) as Record<string, unknown>;
    store.setItem(
      STORAGE_KEY,
      JSON.stringify({ ...value, reading: { open: true, connections: [{ protocol: 'nntp' }] } }),
    );
    const again = new Simulator({ store, session: { now: FIXED_NOW } });
    expect(again.reader).toBeNull();
    expect(again.mailbox).toHaveLength(1);
  });
});
