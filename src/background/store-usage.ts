// The usage records (how much each origin holds, src/core/trust/limits) counted
// afresh from a full read: at start-up, after an import, so every limit check
// starts from the true figures; plans keep them in step in between.
import { planUsageRebuild } from '../core/trust';
import { applyPlan, getAllLocal } from './store';

/** Run inside `serialized`. */
export async function rebuildUsage(): Promise<void> {
  const plan = planUsageRebuild(await getAllLocal());
  if (Object.keys(plan.writes).length > 0 || plan.deletes.length > 0) await applyPlan(plan);
}
