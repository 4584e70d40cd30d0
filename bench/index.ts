// `npm run bench [name…]`: runs every bench/*.bench.ts (or those whose file name
// contains one of the given names), one after the other, in one process, so all
// ratios printed come from the same run on the same machine.
// A benchmark file default-exports a Benchmark (see harness.ts).

import { readdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { Bench, type Benchmark } from './harness';

const filters = process.argv.slice(2);
const dir = new URL('.', import.meta.url);
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();

// Absolute times depend on what else the machine is doing; the load average says how busy it was.
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
console.log(`Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, load average ${load()}`);
// A benchmark that throws is reported, and the others still run: one flaky step must not cost the run its figures.
const failed: string[] = [];
for (const file of files) {
  const benchmark = (await import(new URL(file, dir).href)).default as Benchmark;
  console.log(`\n${benchmark.name}  (bench/${file})`);
  try {
    await benchmark.run(new Bench());
  } catch (error) {
    failed.push(file);
    console.log(`  FAILED, its figures are missing: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
if (files.length === 0) console.log('no benchmark matched');
else console.log(`\nload average at the end: ${load()}`);
if (failed.length > 0) {
  console.log(`benchmarks that failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
