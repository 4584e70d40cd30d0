import { describe, expect, it } from 'vitest';
import { MAX_PENDING, ReportQueue, RETRY_DELAYS_MS } from './report-queue';

const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('ReportQueue', () => {
  it('delivers every item once, in order, one at a time', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const queue = new ReportQueue<number>(async (n) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      seen.push(n);
      inFlight--;
      return true;
    });
    for (let i = 0; i < 10; i++) queue.push(i);
    await settle(100);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(maxInFlight).toBe(1);
  });

  it('drops the oldest pending items past the bound and reports how many', async () => {
    const seen: Array<[number, number]> = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const queue = new ReportQueue<number>(async (n, skipped) => {
      seen.push([n, skipped]);
      if (n === 0) await gate;
      return true;
    });
    for (let i = 0; i < MAX_PENDING + 6; i++) queue.push(i);
    release();
    await settle();
    expect(seen[0]).toEqual([0, 0]);
    expect(seen[1]).toEqual([6, 5]);
    expect(seen.at(-1)![0]).toBe(MAX_PENDING + 5);
    expect(seen.length).toBe(1 + MAX_PENDING);
  });

  it('sends a report the background failed to take in again, after a wait', async () => {
    const attempts: number[] = [];
    const waits: number[] = [];
    const queue = new ReportQueue<number>(
      async (n) => {
        attempts.push(n);
        return attempts.length > 1; // the first attempt fails
      },
      async (ms) => void waits.push(ms),
    );
    queue.push(7);
    await settle();
    expect(attempts).toEqual([7, 7]);
    expect(waits).toEqual([RETRY_DELAYS_MS[0]]);
  });

  it('counts a report that still fails (refused or unreachable) with the skipped ones, so the next one says so', async () => {
    const seen: Array<[number, number]> = [];
    const queue = new ReportQueue<number>(
      async (n, skipped) => {
        if (n === 1) throw new Error('background unreachable');
        if (n === 2) return false;
        seen.push([n, skipped]);
        return true;
      },
      async () => undefined,
    );
    [0, 1, 2, 3].forEach((n) => queue.push(n));
    await settle();
    expect(seen).toEqual([
      [0, 0],
      [3, 2],
    ]);
  });

  it('tells at once of a report that still fails when no newer one waits, in its turn, before the next is sent', async () => {
    const events: string[] = [];
    let failing = true;
    const queue = new ReportQueue<number>(
      async (n) => {
        events.push(`deliver ${n}`);
        return !failing;
      },
      async () => undefined,
      async (n) => {
        events.push(`undelivered ${n}`);
        queue.push(9); // a newer state arriving meanwhile waits for this turn to end
        failing = false;
        await settle(5);
        events.push('told');
      },
    );
    queue.push(1);
    await settle(60);
    expect(events).toEqual(['deliver 1', 'deliver 1', 'deliver 1', 'undelivered 1', 'told', 'deliver 9']);
    // A failure with a newer state waiting is said by that state's report (skipped), not told at once.
    const told: number[] = [];
    const busy = new ReportQueue<number>(
      async (n) => n !== 1,
      async () => undefined,
      async (n) => void told.push(n),
    );
    busy.push(1);
    busy.push(2);
    await settle();
    expect(told).toEqual([]);
  });
});
