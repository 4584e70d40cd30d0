// Sends reports to the background one at a time, in order. Every distinct
// state the page showed is delivered; only a page that changes faster than the
// background can take it loses its oldest pending states, and says so.

export const MAX_PENDING = 32;

export class ReportQueue<T> {
  private readonly pending: T[] = [];
  private sending = false;
  /** States dropped since the last delivery because the queue was full. */
  skipped = 0;

  constructor(private readonly deliver: (item: T, skipped: number) => Promise<void>) {}

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
        await this.deliver(item, skipped).catch(() => undefined);
      }
    } finally {
      this.sending = false;
    }
  }
}
