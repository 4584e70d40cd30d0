import { describe, expect, it } from 'vitest';
import { taskQueue } from './serial';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('taskQueue', () => {
  it('starts each task once the one before has settled, a failed one included', async () => {
    const inOrder = taskQueue();
    const events: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        events.push(`${name} start`);
        await tick();
        events.push(`${name} end`);
        if (fail) throw new Error(name);
        return name;
      };
    const first = inOrder(task('first', true));
    const second = inOrder(task('second'));
    await expect(first).rejects.toThrow('first');
    expect(await second).toBe('second');
    expect(events).toEqual(['first start', 'first end', 'second start', 'second end']);
  });

  it('keeps queues apart', async () => {
    const a = taskQueue();
    const b = taskQueue();
    let release = () => {};
    const blocked = a(() => new Promise<void>((resolve) => (release = resolve)));
    expect(await b(async () => 'b ran')).toBe('b ran');
    release();
    await blocked;
  });
});
