// Forgetting everything, after the user confirmed on the options page: every
// record and setting in storage.local goes, then the store starts again as a
// new one (schema record written), exactly as on a fresh install. Per-tab
// state is dropped too, so no view points at a record that no longer exists.
import { planMigration } from '../../core/trust';
import type { Messages } from '../../messages';
import { clearArea, readKeys, removeKeys, writeKeys } from '../../platform/storage';
import { refreshBadge } from '../badge';
import { forgetChecks } from '../checked';
import { hideBanner } from '../banners';
import { log } from '../log';
import { settleNotifications } from '../notifications';
import { applyPlan, dropCopy, serialized } from '../store';
import { STORE_PROBLEM_KEY } from '../store-maintenance';
import { forgetRememberedKeys } from './matrix-remembered';

type Response = Messages['records/clear']['response'];

export async function handleRecordsClear(): Promise<Response> {
  const reason = await serialized(async () => {
    await clearArea('local');
    await dropCopy();
    forgetChecks();
    forgetRememberedKeys();
    const plan = planMigration({}, Date.now());
    if (!plan.ok) return plan.reason;
    // A full check of the empty store: the schema, an empty summary and the usage total.
    await applyPlan(plan);
    // Whatever made the old store unusable (one from a newer version) went with it.
    await writeKeys('session', { [STORE_PROBLEM_KEY]: null });
    return null;
  });
  if (reason !== null) return { ok: false, reason };
  const session = Object.keys(await readKeys('session', null));
  const tabs = session.filter((key) => key.startsWith('tab/'));
  // With each tab's state, what it read and how its page hid the banner: nothing left points at a record that is gone.
  await removeKeys('session', [...tabs, ...session.filter((key) => key.startsWith('coverage/') || key.startsWith('banner-hidden/'))]);
  await Promise.all(tabs.map((key) => hideBanner(Number(key.slice(4)))));
  await Promise.all([refreshBadge(), settleNotifications()]);
  log.info('every record and setting was cleared by the user');
  return { ok: true };
}
