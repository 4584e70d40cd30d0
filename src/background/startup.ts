// Waking up: read the schema, the badge summary, the usage total and the
// settings. Only a store that needs it (an older version, a summary missing,
// damaged or in doubt, usage never counted) is read whole and checked before
// the first answer; the daily check runs after it. The badge is then set from
// the summary (main.ts: the browser keeps no badge across a restart). A store
// from a newer version is left untouched and every write is refused until
// KeyWatch is updated.
import { SCHEMA_KEY, SUMMARY_KEY, USAGE_TOTAL_KEY, wakeState } from '../core/trust';
import { SETTINGS_KEY } from '../core/settings/site-settings';
import { writeKeys } from '../platform/storage';
import { log } from './log';
import { planWithStore } from './store';
import { runFullCheck, scheduleFullCheck, STORE_PROBLEM_KEY } from './store-maintenance';

export { STORE_PROBLEM_KEY };

export async function prepareStore(): Promise<void> {
  // The three records wakeState reads (one after another, each only when the one before allows), and the settings a
  // page's report is first gated by (site-gate.ts), in one storage read.
  await planWithStore((read) => [SCHEMA_KEY, SUMMARY_KEY, USAGE_TOTAL_KEY, SETTINGS_KEY].forEach((key) => read(key)));
  const state = await planWithStore((read) => wakeState(read, Date.now()));
  if (state.status === 'newer') {
    log.error('trust store left untouched', state.reason);
    await writeKeys('session', { [STORE_PROBLEM_KEY]: state.reason });
  } else if (state.status === 'check-first') {
    log.info(`full check of the trust store before the first answer: ${state.reason}`);
    await runFullCheck();
  } else if (state.checkDue) {
    void scheduleFullCheck('a day since the last one');
  }
}
