// The background's access to the trust store in storage.local. Every change
// goes through `serialized`, and each plan from src/core/trust is applied as
// one set (atomic in both browsers) followed by one remove.
import { readKeys, removeKeys, writeKeys } from '../platform/storage';
import { serialized } from './serial';

export const getLocal = (keys: string[]) => readKeys('local', keys);
export const getAllLocal = () => readKeys('local', null);

export async function applyPlan(plan: { writes: Record<string, unknown>; deletes: string[] }): Promise<void> {
  await writeKeys('local', plan.writes);
  await removeKeys('local', plan.deletes.filter((key) => !Object.hasOwn(plan.writes, key)));
}

export { serialized };
