// Connect and idle timeouts for one HTTP exchange, over any `fetch`: an AbortController that fires when the
// response does not start within the connect timeout, or the body sends nothing for the idle timeout.

export type TimeoutPhase = 'connect' | 'idle';

export interface Timeouts {
  /** Connecting and waiting for the response headers (default 30 s). */
  readonly connectMs: number;
  /** The longest wait for the next piece of the body (default 60 s). */
  readonly idleMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 30_000, idleMs: 60_000 };

/** The abort reason of a fired deadline (recognisable after fetch or a body read rejects with it). */
export class TimeoutReason extends Error {
  override readonly name = 'TimeoutError';
  constructor(
    readonly phase: TimeoutPhase,
    readonly ms: number,
  ) {
    super(`${phase} timeout after ${ms} ms`);
  }
}

export class Deadline {
  private readonly ac = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly unlink: () => void;
  /** Set once a timeout fired. */
  fired: TimeoutReason | undefined;

  constructor(
    private readonly timeouts: Timeouts,
    outer: AbortSignal | undefined,
  ) {
    const onAbort = (): void => this.ac.abort(outer?.reason);
    if (outer?.aborted) onAbort();
    outer?.addEventListener('abort', onAbort, { once: true });
    this.unlink = () => outer?.removeEventListener('abort', onAbort);
  }

  get signal(): AbortSignal {
    return this.ac.signal;
  }

  /** (Re)starts the clock for one phase. */
  arm(phase: TimeoutPhase): void {
    this.disarm();
    const ms = phase === 'connect' ? this.timeouts.connectMs : this.timeouts.idleMs;
    this.timer = setTimeout(() => {
      this.fired = new TimeoutReason(phase, ms);
      this.ac.abort(this.fired);
    }, ms);
  }

  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disarm();
    this.unlink();
  }

  /**
   * The same response with a body whose every network read runs under the idle timeout. Time the consumer
   * spends between reads (writing to disk) does not count.
   */
  watchBody(res: Response): Response {
    if (!res.body) return res;
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        this.arm('idle');
        try {
          const { done, value }: { done: boolean; value?: Uint8Array | undefined } = await reader.read();
          this.disarm();
          if (done) controller.close();
          else if (value !== undefined) controller.enqueue(value);
        } catch (e) {
          this.disarm();
          controller.error(this.fired ?? e);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  }
}
