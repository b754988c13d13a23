/**
 * The bridge's spool: each accepted message becomes one `.eml` file, written
 * and flushed to disk before the server says 250 (RFC 5321 §6.1: that reply
 * takes over responsibility for the message). A file is written under a
 * temporary name, flushed, then linked to its final name, so a failure (a
 * full disk, a folder that went away) leaves nothing half-written.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import type { Delivery } from '../machines/types.ts';

/** The file operations the spool uses; tests replace one to simulate a failing disk. */
export interface SpoolIo {
  openSync: typeof fs.openSync;
  writeSync: (fd: number, bytes: Uint8Array, offset: number, length: number) => number;
  fsyncSync: typeof fs.fsyncSync;
  closeSync: typeof fs.closeSync;
  linkSync: typeof fs.linkSync;
  unlinkSync: typeof fs.unlinkSync;
}

const NODE_IO: SpoolIo = {
  openSync: fs.openSync,
  writeSync: (fd, bytes, offset, length) => fs.writeSync(fd, bytes, offset, length),
  fsyncSync: fs.fsyncSync,
  closeSync: fs.closeSync,
  linkSync: fs.linkSync,
  unlinkSync: fs.unlinkSync,
};

/** `2026-11-29T20:20:41.123Z` as `20261129T202041123Z`: sortable, no characters a file system minds. */
function stamp(iso: string): string {
  return iso.replace(/[-:.]/g, '');
}

let temporaries = 0;

export class Spool {
  constructor(
    readonly dir: string,
    private readonly io: SpoolIo = NODE_IO,
  ) {}

  /**
   * Writes every message of one reply, or none: returns the final file names.
   * Throws (after removing what it wrote) if any could not be written.
   */
  storeAll(deliveries: readonly Delivery[]): string[] {
    const written: string[] = [];
    try {
      for (const d of deliveries) written.push(this.store(d));
      this.syncFolder();
      return written;
    } catch (e) {
      for (const name of written) this.remove(name);
      throw e;
    }
  }

  private store(delivery: Delivery): string {
    const { io } = this;
    const temp = `.tmp-${process.pid}-${++temporaries}-${delivery.id}`;
    const fd = io.openSync(join(this.dir, temp), 'wx');
    try {
      try {
        this.writeAll(fd, Buffer.from(delivery.trace, 'utf8'));
        this.writeAll(fd, delivery.content);
        io.fsyncSync(fd);
      } finally {
        io.closeSync(fd);
      }
      return this.publish(temp, `${stamp(delivery.receivedAt)}-${delivery.id}`);
    } finally {
      this.remove(temp);
    }
  }

  /** Links the finished file to a free final name (never overwriting: ids repeat across connections). */
  private publish(temp: string, base: string): string {
    for (let n = 1; n < 1000; n++) {
      const name = `${base}${n === 1 ? '' : `-${n}`}.eml`;
      try {
        this.io.linkSync(join(this.dir, temp), join(this.dir, name));
        return name;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    throw new Error(`no free file name for ${base}.eml`);
  }

  /** Flushes the folder itself, so the new names survive a crash too. */
  private syncFolder() {
    const fd = this.io.openSync(this.dir, 'r');
    try {
      this.io.fsyncSync(fd);
    } catch (e) {
      // Some file systems cannot flush a folder (EINVAL); the files themselves are flushed.
      if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
    } finally {
      this.io.closeSync(fd);
    }
  }

  private writeAll(fd: number, bytes: Uint8Array) {
    for (let at = 0; at < bytes.length;) at += this.io.writeSync(fd, bytes, at, bytes.length - at);
  }

  private remove(name: string) {
    try {
      this.io.unlinkSync(join(this.dir, name));
    } catch {
      // Already gone, or the folder is: nothing is left to clean.
    }
  }
}
