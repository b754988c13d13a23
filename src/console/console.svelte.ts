/**
 * The console's state: the plain input shown until Monaco arrives, the
 * Up/Down history, whether the editor is loaded, and the hint for the mode
 * the session is in. The Svelte component renders it and mounts the editor.
 */
import type { Simulator } from '../ui/simulator.svelte.ts';
import type { ConsoleHost } from './editor.ts';
import { History } from './history.ts';

export type ConsoleMode = 'command' | 'data' | 'closed';

export class ConsoleState implements ConsoleHost {
  readonly history: History;
  /** Text of the plain input (before Monaco is loaded, or if it fails to load). */
  draft = $state('');
  editorReady = $state(false);
  /** Monaco is wanted: the learner came to the console, or the page has been idle. */
  wantEditor = $state(false);
  loadError = $state<string | null>(null);

  readonly sim: Simulator;

  constructor(sim: Simulator) {
    this.sim = sim;
    this.history = new History(sim.typedLines);
  }

  get mode(): ConsoleMode {
    return this.sim.closed ? 'closed' : this.sim.inData ? 'data' : 'command';
  }

  session() {
    return this.sim.session;
  }

  inputClosed(): boolean {
    return this.sim.closed && this.sim.lesson === null;
  }

  send(line: string) {
    this.sim.send(line);
  }

  sendLines(lines: readonly string[]) {
    this.sim.sendLines(lines);
  }

  /** Enter in the plain input: send the line as typed. */
  submitDraft() {
    if (this.inputClosed()) return;
    const line = this.draft;
    if (!this.sim.inData) this.history.push(line);
    this.sim.send(line);
    this.draft = '';
  }

  /** Up/Down in the plain input. */
  recall(direction: 'up' | 'down') {
    if (this.sim.inData) return;
    const line = direction === 'up' ? this.history.up(this.draft) : this.history.down();
    if (line !== null) this.draft = line;
  }
}
