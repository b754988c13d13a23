/**
 * Work that may wait a moment (a save after typing): asked for many times, done once `delay`
 * ms after the first ask, or now with `flush` (the page hidden or left). With no delay it is
 * done at each ask.
 */
export class Later {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly work: () => void,
    private readonly delay: number | null,
  ) {}

  ask() {
    if (this.delay === null) return this.work();
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.work();
    }, this.delay);
  }

  /** Does the work asked for now, if any waits. */
  flush() {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.work();
  }
}
