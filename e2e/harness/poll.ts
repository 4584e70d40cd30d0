import { EVAL_RETRY_ERRORS } from './types';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls an async probe until it returns a truthy value; survives navigations mid-call. */
export type Truthy<R> = Exclude<R, false | 0 | '' | null | undefined>;

export async function pollUntil<R>(what: string, probe: () => Promise<R>, timeoutMs = 15_000): Promise<Truthy<R>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Truthy<R>;
      last = value;
    } catch (error) {
      if (!EVAL_RETRY_ERRORS.test(String(error))) throw error;
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await sleep(100);
  }
}
