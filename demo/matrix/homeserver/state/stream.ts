// The one stream position of the server: every change a client syncs (a room
// event, a to-device message, a device-list change, account data, a receipt)
// takes the next position. A sync token `s<N>` means "everything up to N".
// Long-polling syncs wait here for the next change.

export class Stream {
  private position = 0;
  private readonly waiters = new Set<() => void>();

  get current(): number {
    return this.position;
  }

  /** Takes the next position and wakes every waiting sync (each checks whether the change concerns it). */
  advance(): number {
    this.position++;
    queueMicrotask(() => this.wake());
    return this.position;
  }

  /** Resolves at the next advance, after `timeoutMs`, or when `signal` aborts, whichever comes first. */
  waitForChange(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Wakes every waiter now (the server is closing). */
  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

export function syncToken(position: number): string {
  return `s${position}`;
}

/** The position a token names, or null when it is not one of this server's tokens. */
export function parseToken(token: string): number | null {
  const match = /^s(\d{1,15})$/.exec(token);
  return match ? Number(match[1]) : null;
}
