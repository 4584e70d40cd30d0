import { describe, expect, it } from 'vitest';
import { MAX_PENDING, ReportQueue } from './report-queue';

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
    });
    for (let i = 0; i < 10; i++) queue.push(i);
    await new Promise((r) => setTimeout(r, 100));
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
    });
    for (let i = 0; i < MAX_PENDING + 6; i++) queue.push(i);
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(seen[0]).toEqual([0, 0]);
    expect(seen[1]).toEqual([6, 5]);
    expect(seen.at(-1)![0]).toBe(MAX_PENDING + 5);
    expect(seen.length).toBe(1 + MAX_PENDING);
  });

  it('keeps going after a failed delivery', async () => {
    const seen: number[] = [];
    const queue = new ReportQueue<number>(async (n) => {
      if (n === 1) throw new Error('background unreachable');
      seen.push(n);
    });
    [0, 1, 2].forEach((n) => queue.push(n));
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([0, 2]);
  });
});
