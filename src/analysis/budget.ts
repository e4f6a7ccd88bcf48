// The time budget of one analysis: a timer that counts only the time the worker could be computing. While the
// host is waiting on the network for the worker (external includes), the budget pauses: the requests have their
// own connect and idle timeouts, and a slow instance must not be mistaken for a runaway analysis.
export class PausableBudget {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private left: number;
  private startedAt = 0;
  private pauses = 0;
  private done = false;

  constructor(
    ms: number,
    private readonly onSpent: () => void,
  ) {
    this.left = ms;
    this.resume();
  }

  /** One more outstanding network wait; the budget stops counting while any is outstanding. */
  pause(): void {
    if (this.done || this.pauses++ > 0) return;
    clearTimeout(this.timer);
    this.left -= Date.now() - this.startedAt;
  }

  /** One network wait fewer; the budget counts again when none is left. */
  unpause(): void {
    if (this.done || this.pauses === 0 || --this.pauses > 0) return;
    this.resume();
  }

  stop(): void {
    this.done = true;
    clearTimeout(this.timer);
  }

  private resume(): void {
    this.startedAt = Date.now();
    this.timer = setTimeout(
      () => {
        this.done = true;
        this.onSpent();
      },
      Math.max(0, this.left),
    );
  }
}
