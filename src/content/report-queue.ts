// Sends reports to the background one at a time, in order. Every distinct
// state the page showed is delivered; only a page that changes faster than the
// background can take it loses its oldest pending states, and says so. A report
// the background failed to take in (it answered that it failed, or could not be
// reached) is sent again; one that still fails is counted with the skipped
// ones, so the next report says it was not checked, and, when no newer state
// is waiting to be sent (the page may not change again for long), `undelivered`
// is told at once, in its turn.

export const MAX_PENDING = 32;
/** Waits before each new attempt at a report that failed. */
export const RETRY_DELAYS_MS = [250, 1000] as const;

/** Whether the background took the report in (a refusal with its reason counts: it was read). */
export type Delivered = boolean;

export class ReportQueue<T> {
  private readonly pending: T[] = [];
  private sending = false;
  /** States dropped since the last delivery because the queue was full or they could not be delivered. */
  skipped = 0;

  constructor(
    private readonly deliver: (item: T, skipped: number) => Promise<Delivered>,
    private readonly wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    private readonly undelivered: (item: T) => Promise<unknown> = async () => undefined,
  ) {}

  push(item: T): void {
    if (this.pending.length >= MAX_PENDING) {
      this.pending.shift();
      this.skipped++;
    }
    this.pending.push(item);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      for (let item = this.pending.shift(); item !== undefined; item = this.pending.shift()) {
        const skipped = this.skipped;
        this.skipped = 0;
        if (await this.attempts(item, skipped)) continue;
        this.skipped += skipped + 1;
        if (this.pending.length === 0) await this.undelivered(item).catch(() => undefined);
      }
    } finally {
      this.sending = false;
    }
  }

  private async attempts(item: T, skipped: number): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const delivered = await this.deliver(item, skipped).catch(() => false);
      if (delivered) return true;
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) return false;
      await this.wait(delay);
    }
  }
}
