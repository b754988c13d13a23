/**
 * The recipient's mail client in the sandbox: one POP3 (RFC 1939, port 110)
 * or IMAP (RFC 9051, port 143) connection to the mailbox host the SMTP
 * server delivered into. `Reading` keeps the host's store for one SMTP
 * session and the connections opened on it, in order, so that a reload
 * replays them (what one removed stays removed) as the SMTP inputs are.
 * A connection left for another protocol or for SMTP is dropped without
 * QUIT or LOGOUT: POP3 then removes nothing (RFC 1939 §6), and IMAP keeps
 * what STORE already changed.
 */
import type { AnyStateMachine } from 'xstate';
import { t } from '../../kit/strings.ts';
import type { Delivery } from '../../machines/types.ts';
import { ImapSession } from '../../machines/imap-session.ts';
import { imapMachine } from '../../machines/imap.ts';
import { Pop3Session } from '../../machines/pop3-session.ts';
import { pop3Machine } from '../../machines/pop3.ts';
import { IMAP_ROOMS } from '../../protocol/imap/commands/index.ts';
import { POP3_ROOMS } from '../../protocol/pop3/commands/index.ts';
import type { World } from '../../protocol/world.ts';
import { readerPicture, type ReaderPicture } from './reader-lines.ts';
import { ReaderStore } from './reader-store.ts';

export type ReadProtocol = 'pop3' | 'imap';

/** The well-known ports (RFC 1939 §3: 110; RFC 9051 §2.1: 143). */
export const READ_PORTS: Readonly<Record<ReadProtocol, number>> = { pop3: 110, imap: 143 };

/** The machines, for the state chart. */
export const READ_MACHINES: Readonly<Record<ReadProtocol, AnyStateMachine>> = {
  pop3: pop3Machine,
  imap: imapMachine,
};

/** The chart's arrow labels: each role's commands (`pop3.user` is USER, `imap.select` SELECT/EXAMINE). */
export const READ_LABELS: Readonly<Record<ReadProtocol, Readonly<Record<string, string>>>> = {
  pop3: labels(
    'pop3',
    POP3_ROOMS.map((r) => [r.role, r.keyword]),
  ),
  imap: labels(
    'imap',
    IMAP_ROOMS.map((r) => [r.role, r.name]),
  ),
};

function labels(prefix: string, rooms: readonly (readonly [string, string])[]) {
  const out: Record<string, string> = {};
  for (const [role, name] of rooms) {
    const key = `${prefix}.${role}`;
    out[key] = out[key] ? `${out[key]}/${name}` : name;
  }
  return out;
}

/** One connection, as saved: its protocol, the deliveries filed before it opened, what was typed. */
export interface SavedConnection {
  readonly protocol: ReadProtocol;
  readonly filed: number;
  readonly inputs: readonly string[];
}

export interface SavedReading {
  readonly connections: readonly SavedConnection[];
  /** The last connection is the one being read (false: back in SMTP). */
  readonly open: boolean;
}

export class MailReader {
  readonly protocol: ReadProtocol;
  readonly filed: number;
  picture = $state.raw<ReaderPicture>({ lines: [], turns: [], last: null, moves: [] });
  state = $state('');
  closed = $state(false);
  private readonly session: Pop3Session | ImapSession;
  private readonly initial: string;
  private readonly chunks: string[] = [];

  constructor(protocol: ReadProtocol, world: World, store: ReaderStore) {
    this.protocol = protocol;
    this.filed = store.filed;
    const options = { world, store: store.store };
    this.session = protocol === 'pop3' ? new Pop3Session(options) : new ImapSession(options);
    this.session.start();
    this.initial = this.session.state;
    this.update();
  }

  /** The chunks typed, each with its line ends (what a reload replays). */
  get inputs(): readonly string[] {
    return this.chunks;
  }

  /** The lines typed (the console's Up/Down history). */
  get typedLines(): string[] {
    return this.chunks.flatMap((c) => c.replace(/\r\n$/, '').split('\r\n'));
  }

  /** The last state change, for the chart's animation. */
  get lastTransition() {
    return this.picture.moves.at(-1) ?? null;
  }

  /** Typed text, CRLF at each line's end; nothing once the server has closed. */
  feed(text: string) {
    if (this.closed || text === '') return;
    this.chunks.push(text);
    this.session.feed(text);
    this.update();
  }

  /** The client goes away without QUIT/LOGOUT: the maildrop's lock is released. */
  end() {
    this.session.end();
  }

  private update() {
    this.picture = readerPicture(this.protocol, this.session.transcript, this.initial);
    this.state = this.session.state;
    this.closed = this.session.closed;
  }
}

const SWITCHED = { pop3: 'reader.notice.pop3', imap: 'reader.notice.imap' } as const;
const DROPPED = { pop3: 'reader.notice.dropped.pop3', imap: 'reader.notice.dropped.imap' } as const;

/** The mailbox host of one SMTP session, read by one connection at a time. */
export class Reading {
  private readonly store: ReaderStore;
  private readonly done: SavedConnection[] = [];
  current: MailReader | null = null;

  constructor(private readonly world: World) {
    this.store = new ReaderStore(world);
  }

  /** Drops the open connection, files what was delivered since, and connects anew. */
  open(protocol: ReadProtocol, deliveries: readonly Delivery[], filed?: number): MailReader {
    this.leave();
    this.store.fileUpTo(deliveries, filed);
    this.current = new MailReader(protocol, this.world, this.store);
    return this.current;
  }

  /** Opens a connection of `protocol` or goes back to SMTP; returns what the notice says. */
  switchTo(protocol: ReadProtocol | 'smtp', deliveries: readonly Delivery[]): string {
    // A connection the server already closed (QUIT, LOGOUT) was not dropped.
    const left = this.current?.closed ? undefined : this.current?.protocol;
    if (protocol === 'smtp') this.leave();
    else this.open(protocol, deliveries);
    const said =
      protocol === 'smtp'
        ? t('reader.notice.smtp')
        : t(SWITCHED[protocol], { port: READ_PORTS[protocol] });
    return left ? `${said} ${t(DROPPED[left])}` : said;
  }

  /** Back to SMTP: the connection is dropped. */
  leave() {
    const c = this.current;
    if (!c) return;
    c.end();
    this.done.push({ protocol: c.protocol, filed: c.filed, inputs: c.inputs.slice() });
    this.current = null;
  }

  saved(): SavedReading {
    const c = this.current;
    return {
      connections: c
        ? [...this.done, { protocol: c.protocol, filed: c.filed, inputs: c.inputs.slice() }]
        : this.done.slice(),
      open: c !== null,
    };
  }

  /** The connections replayed on the SMTP session's deliveries; the last stays open if it was. */
  static restore(world: World, deliveries: readonly Delivery[], saved: SavedReading): Reading {
    const reading = new Reading(world);
    saved.connections.forEach((c, i) => {
      const reader = reading.open(c.protocol, deliveries, c.filed);
      for (const chunk of c.inputs) reader.feed(chunk);
      if (i < saved.connections.length - 1 || !saved.open) reading.leave();
    });
    return reading;
  }
}
