/** A line sent from the shell's input (Enter or Send), or a multi-line paste with the text around it. */
export type ShellInput =
  { line: string } | { paste: [text: string, before: string, after: string] };

/**
 * What is typed in the shell before the console is in: held, in order, until the console
 * opens the inbox, then handed over at once. An input that arrives after that (the shell's
 * input is still on the page for the moment its replacement takes to mount) goes straight
 * to the console instead of waiting in a queue nobody reads.
 */
export class ShellInbox {
  private readonly held: ShellInput[] = [];
  private take: ((input: ShellInput) => void) | null = null;

  put(input: ShellInput): void {
    if (this.take) this.take(input);
    else this.held.push(input);
  }

  /** From now on every input goes to `take`; the held ones first, in the order they came. */
  open(take: (input: ShellInput) => void): void {
    this.take = take;
    for (const input of this.held.splice(0)) take(input);
  }
}
