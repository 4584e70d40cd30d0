// Start-up: bring the trust store to the current schema, then recompute the
// badge (it is not persisted by the browser). A store from a newer version is
// left untouched and every write is refused until KeyWatch is updated.
import { planMigration } from '../core/trust';
import { writeKeys } from '../platform/storage';
import { refreshBadge } from './badge';
import { log } from './log';
import { applyPlan, getAllLocal, serialized } from './store';
import { rebuildUsage } from './store-usage';

export const STORE_PROBLEM_KEY = 'store/problem';

export async function prepareStore(): Promise<void> {
  await serialized(async () => {
    const plan = planMigration(await getAllLocal(), Date.now());
    if (!plan.ok) {
      log.error('trust store left untouched', plan.reason);
      await writeKeys('session', { [STORE_PROBLEM_KEY]: plan.reason });
      return;
    }
    await applyPlan(plan);
    await rebuildUsage();
    for (const problem of plan.problems) log.refused(`stored record ${problem.key}: ${problem.reason}`, 'storage');
    if (plan.from !== plan.to) log.info(`trust store migrated from version ${plan.from} to ${plan.to}`);
    await writeKeys('session', { [STORE_PROBLEM_KEY]: null });
  });
  await refreshBadge();
}
