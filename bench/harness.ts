// What every benchmark file gets: timing that interleaves the contenders (so a
// busy machine slows them alike), medians, and one place that prints.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's gc(), taken once, without starting Node with --expose-gc. */
let gc: ((options: { type: 'minor' }) => void) | null = null;

/**
 * Collections of the young generation, until what was made before (a run's copy of its data, made in `before`) has
 * left it: V8 moves an object that survived one such collection to the old generation at the next, so after one alone
 * that copy was still young, and moving it fell in the timed run (10,000 participants: a 7–25 ms collection inside
 * the run, none at 1,000). Not a full one: V8 flushes the bytecode of functions during full collections, and every
 * run after one measured 2–3× slower.
 */
function collectYoungGarbage(): void {
  if (gc === null) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as (options: { type: 'minor' }) => void;
  }
  gc({ type: 'minor' });
  gc({ type: 'minor' });
}

export interface Benchmark {
  name: string;
  run(bench: Bench): Promise<void> | void;
}

export interface Timing {
  label: string;
  /** Median over the runs, in milliseconds. */
  median: number;
  min: number;
  runs: number;
}

export class Bench {
  readonly lines: string[] = [];

  /**
   * Times each contender `runs` times after `warmup` untimed runs, taking turns
   * (a, b, c, a, b, c, …), and returns their medians in the same order.
   * `collected`: each run starts after a collection of the young generation, so that a collection owed to another run, or to the
   * data made for this one in `before`, does not land in a timed run at random. For ratios between runs that
   * allocate very differently (1,000 and 10,000 participants); a run's own collections still count.
   */
  compare(
    contenders: Record<string, () => unknown>,
    options: { runs: number; warmup?: number; before?: () => void; collected?: boolean },
  ): Timing[] {
    const entries = Object.entries(contenders);
    for (let i = 0; i < (options.warmup ?? 3); i++)
      for (const [, run] of entries) {
        options.before?.();
        run();
      }
    const samples = entries.map(() => [] as number[]);
    for (let r = 0; r < options.runs; r++) {
      entries.forEach(([, run], i) => {
        options.before?.();
        if (options.collected) collectYoungGarbage();
        const start = performance.now();
        run();
        samples[i]!.push(performance.now() - start);
      });
    }
    return entries.map(([label], i) => {
      const sorted = samples[i]!.sort((x, y) => x - y);
      return { label, median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, runs: sorted.length };
    });
  }

  /** One run of `run`, in milliseconds (for work that is only meaningful cold). */
  once(run: () => unknown): number {
    const start = performance.now();
    run();
    return performance.now() - start;
  }

  table(timings: Timing[], baseline: Timing): void {
    for (const t of timings) {
      const ratio = t.median / baseline.median;
      this.print(
        `  ${t.label.padEnd(44)} ${ms(t.median).padStart(10)}  (min ${ms(t.min)}, ${t.runs} runs)  ${ratio.toFixed(2)}× ${baseline.label}`,
      );
    }
  }

  /** Prints a measured ratio against a goal, e.g. "ratio 1.21× (goal ≤ 2×): met". */
  goal(label: string, value: number, limit: number, unit: string): void {
    const shown = unit === '×' ? `${value.toFixed(2)}×` : `${value.toFixed(0)} ${unit}`;
    this.print(`  ${label}: ${shown} (goal ≤ ${limit}${unit === '×' ? '×' : ` ${unit}`}): ${value <= limit ? 'met' : 'MISSED'}`);
  }

  print(line: string): void {
    this.lines.push(line);
    console.log(line);
  }
}

export function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(2)} ms`;
}
