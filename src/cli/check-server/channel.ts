/**
 * One TCP connection to the server under check: text out, replies in (cut by
 * the protocol's ReplyReader, so multi-line replies and any split of the
 * bytes are handled). Every wait has a bound; a wait that runs out says so
 * instead of throwing, since a silent server is a finding, not a crash.
 */
import { connect, type Socket } from 'node:net';
import { ReplyReader, type ServerReply } from '../../protocol/conformance-reader.ts';

export type Received = ServerReply | 'timeout' | 'closed';

export class Channel {
  private readonly reader = new ReplyReader();
  private readonly queue: ServerReply[] = [];
  private wake: (() => void) | null = null;
  private closedFlag = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.queue.push(...this.reader.push(chunk.toString('latin1')));
      this.notify();
    });
    // An error (a reset) ends the connection as a close does; 'close' follows it.
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closedFlag = true;
      this.queue.push(...this.reader.flush());
      this.notify();
    });
  }

  /** Connects within `ms`; rejects with the reason when the server cannot be reached. */
  static open(host: string, port: number, ms: number): Promise<Channel> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no connection within ${ms / 1000} s`));
      }, ms);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new Channel(socket));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  write(text: string): void {
    if (!this.closedFlag) this.socket.write(Buffer.from(text, 'latin1'));
  }

  /** The next reply, or why there is none: the wait ran out, or the connection closed. */
  async next(ms: number): Promise<Received> {
    await this.until(() => this.queue.length > 0 || this.closedFlag, ms);
    const reply = this.queue.shift();
    if (reply) return reply;
    return this.closedFlag ? 'closed' : 'timeout';
  }

  /** Replies that arrive within `ms` (none expected: each one is a reply too many). */
  async settle(ms: number): Promise<ServerReply[]> {
    await this.until(() => this.closedFlag, ms);
    return this.drain();
  }

  /** Replies already received and not read. */
  drain(): ServerReply[] {
    return this.queue.splice(0);
  }

  /** True when the server closes the connection within `ms`. */
  async waitClosed(ms: number): Promise<boolean> {
    await this.until(() => this.closedFlag, ms);
    return this.closedFlag;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Waits until `done()` holds or `ms` have passed, whichever is first. */
  private async until(done: () => boolean, ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (!done()) {
      const left = end - Date.now();
      if (left <= 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
