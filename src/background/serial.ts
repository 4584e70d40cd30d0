// Serializes every read-modify-write of the trust store. The background is the
// only writer, and a worker runs one instance at a time, so one in-memory queue
// is enough: two tabs reporting at once are applied one after the other.

/** A queue of its own: each task starts once the one before has settled, whatever its outcome. */
export function taskQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

export const serialized = taskQueue();
