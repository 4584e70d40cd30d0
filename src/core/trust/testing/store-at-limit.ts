// A store filled by pages up to the limits of the store (limits/store-limits.ts),
// through the trust core's own functions: groups of a thousand people, each
// first seen with two devices, taken in through planIngest and withinLimits,
// one origin after another, until the whole store's total refuses the next.
// For the tests that the records page and the export still work at the limit.

import { planIngest } from '../ingest/ingest';
import { STORE_LIMITS, type StoreLimits } from '../limits/store-limits';
import { planUsageRebuild } from '../limits/usage';
import { isLimitRefusal, withinLimits } from '../limits/within-limits';
import { recordsReader } from '../store/read-record';
import type { ParticipantView, RosterSnapshot } from '../../roster';
import { ACCOUNT, emptyStore, key, T0 } from './test-support';

export interface StoreAtLimit {
  store: Record<string, unknown>;
  /** Snapshots taken in, and which limits refused the ones that were not. */
  taken: number;
  refusedBy: string[];
}

function group(origin: number, index: number, size: number, next: () => number): RosterSnapshot {
  const people: ParticipantView[] = Array.from({ length: size }, (_, i) => {
    const id = i === 0 ? ACCOUNT : `@member-${origin}-${index}-${i}:example.org`;
    return {
      id,
      name: i === 0 ? 'Alice' : `Member ${index}.${i} of a big group`,
      identityKey: key(next()),
      identityProblem: null,
      shown: true,
      isSelf: i === 0,
      devices: [
        { id: 'PHONEDEVICE', key: key(next()), vouch: 'signed', encryptedTo: true },
        { id: 'LAPTOPDEVICE', key: key(next()), vouch: 'signed', encryptedTo: true },
      ],
    };
  });
  return {
    messenger: `https://chat${origin}.example`,
    adapter: 'matrix',
    account: ACCOUNT,
    conversation: { id: `!group-${index}:example.org`, title: `Group ${index}`, kind: 'group' },
    participants: people,
    problems: [],
  };
}

export function storeAtLimit(limits: StoreLimits = STORE_LIMITS, groupSize = 1000): StoreAtLimit {
  let store: Record<string, unknown> = emptyStore();
  Object.assign(store, planUsageRebuild(store).writes);
  let counter = 1;
  const next = () => counter++;
  const refusedBy: string[] = [];
  let taken = 0;
  for (let origin = 0, index = 0; ; index++) {
    const s = group(origin, index, groupSize, next);
    const read = recordsReader(store);
    const now = T0 + index * 60_000;
    const plan = planIngest(s, read, now);
    if (!plan.ok) throw new Error(plan.reason);
    const result = withinLimits(read, s.messenger, plan, now, limits);
    if (!isLimitRefusal(result)) {
      store = { ...store, ...result.writes };
      taken += 1;
      continue;
    }
    store = { ...store, ...result.limited.writes };
    refusedBy.push(result.limited.limit);
    if (result.limited.limit === 'totalChars') return { store, taken, refusedBy };
    origin += 1;
  }
}
