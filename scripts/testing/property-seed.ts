// Property tests (fast-check) draw their cases from one seed. The suite uses a fixed one, so that a run is
// reproducible and a pass or a failure is the code's, not the draw's; `npm run test:explore` draws a new seed each
// run to look further (printed with any failure), and FC_SEED=<n> replays one.
import fc from 'fast-check';

export const FIXED_SEED = 20_261_206;

export function seedFrom(given: string | undefined): number {
  if (given === undefined || given === '') return FIXED_SEED;
  if (given === 'random') return (Date.now() ^ Math.floor(Math.random() * 2 ** 31)) | 0;
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", not ${given}`);
  return seed;
}

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: seedFrom(process.env.FC_SEED) });
