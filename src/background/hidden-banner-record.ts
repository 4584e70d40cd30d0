// Which ways a tab's page kept KeyWatch's banner from the user, kept with the
// tab's other state in storage.session (a handful of words per tab) so that it
// outlives a stopped worker and can be shown and tested.
import * as v from 'valibot';
import { BANNER_HIDDEN_REASONS, type BannerHiddenReason } from '../messages';
import { readKeys, removeKeys, writeKeys } from '../platform/storage';

const keyOf = (tabId: number) => `banner-hidden/${tabId}`;
const ReasonsSchema = v.array(v.picklist(BANNER_HIDDEN_REASONS));

export async function hiddenBannerReasons(tabId: number): Promise<BannerHiddenReason[]> {
  const parsed = v.safeParse(ReasonsSchema, (await readKeys('session', [keyOf(tabId)]))[keyOf(tabId)]);
  return parsed.success ? parsed.output : [];
}

/** One change at a time: one check often finds two reasons at once (restyled, and so hidden). */
let queue: Promise<unknown> = Promise.resolve();

/** Adds a reason; there are only a few, so the record stays a few words long. */
export function noteHiddenBanner(tabId: number, reason: BannerHiddenReason): Promise<void> {
  const run = queue.then(async () => {
    const reasons = await hiddenBannerReasons(tabId);
    if (!reasons.includes(reason)) await writeKeys('session', { [keyOf(tabId)]: [...reasons, reason] });
  });
  queue = run.catch(() => undefined);
  return run;
}

export async function forgetHiddenBanner(tabId: number): Promise<void> {
  await removeKeys('session', [keyOf(tabId)]);
}
