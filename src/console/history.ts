/**
 * Up/Down history of the lines the learner sent, shell-style: Up walks back,
 * Down walks forward and ends on the line being written (kept as a draft).
 */
export class History {
  private readonly entries: string[];
  private cursor: number;
  private draft = '';

  constructor(
    entries: readonly string[] = [],
    readonly limit = 500,
  ) {
    this.entries = entries.filter((e) => e.trim() !== '').slice(-limit);
    this.cursor = this.entries.length;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Records a sent line (consecutive duplicates kept once) and resets the walk. */
  push(line: string) {
    if (line.trim() !== '' && this.entries.at(-1) !== line) {
      this.entries.push(line);
      if (this.entries.length > this.limit) this.entries.shift();
    }
    this.cursor = this.entries.length;
    this.draft = '';
  }

  /** The older line to show, or null at the oldest. `current` is kept as the draft. */
  up(current: string): string | null {
    if (this.cursor === 0) return null;
    if (this.cursor === this.entries.length) this.draft = current;
    this.cursor--;
    return this.entries[this.cursor]!;
  }

  /** The newer line to show (the draft after the newest), or null when already there. */
  down(): string | null {
    if (this.cursor >= this.entries.length) return null;
    this.cursor++;
    return this.cursor === this.entries.length ? this.draft : this.entries[this.cursor]!;
  }
}
