// A store that looks like a year of heavy use, built with the trust core's own
// functions: every record comes from planIngest, planMarkVerified,
// planAcknowledge and planMigration. Seeded: the same options give the same store.
//
// The year is planned first (year-plan.ts: people, conversations, events), then
// lived a week at a time: the user opens each conversation that changed (one
// snapshot each), verifies whom they meet that week, and the next day
// acknowledges what the badge counts (every warning and critical alert) and,
// unless told otherwise, the information notices too. The last week's alerts
// are left open. No retention has run: the store is as a KeyWatch that never
// compacted anything leaves it; then the last start-up check builds the indexes.

import { sha256 } from '@noble/hashes/sha2.js';
import { toBase64 } from '../../../encoding';
import type { ParticipantView, PublicKeyRef, RosterSnapshot } from '../../../roster';
import { planAcknowledge } from '../../actions/acknowledge';
import { planMarkVerified } from '../../actions/mark-verified';
import { planIngest } from '../../ingest/ingest';
import { planMigration } from '../../store/migrations/plan-migration';
import type { StoreRead } from '../../store/read-record';
import type { AlertRecord, ContactRecord } from '../../store/record-schemas';
import { alertKey, contactKey, conversationKey } from '../../store/storage-keys';
import { isPresent } from './conversations';
import { stateOn, type Epoch, type KeyMaker } from './people';
import { Random } from './random';
import { planYear, YEAR_DAYS, type YearPlan } from './year-plan';

export const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const GHOST_DAYS = 7;

export interface YearOfUseOptions {
  seed?: number;
  /** Multiplies every group size and count of people (1: the full year; tests use a small one). */
  scale?: number;
  /** The messenger origin of every conversation (the largest conversation's, when given). */
  origin?: string;
  /** The time of the end of the year (the last snapshots); the store's records are older. */
  end?: number;
  /**
   * The largest conversation as the page shows it at the end of the year: its
   * people (the account holder among them), keys and devices are the ones the
   * year ends with. Without it, one is made up.
   */
  largest?: RosterSnapshot;
  /** What the user does with information notices: acknowledges them with the rest, or never. */
  infoNotices?: 'acknowledged' | 'left-open';
}

export interface YearOfUse {
  store: Record<string, unknown>;
  /** The storage key of the largest conversation. */
  largestConversation: string;
  origin: string;
  account: string;
  /** How many snapshots, verifications and acknowledgements made it. */
  steps: { snapshots: number; verifications: number; acknowledgements: number };
}

/** A well-formed, distinct 33-byte curve25519 key for each label (a public key nobody holds: the store never checks a signature). */
export const syntheticKey: KeyMaker = (label) => {
  const bytes = new Uint8Array(33);
  bytes[0] = 0x05;
  bytes.set(sha256(new TextEncoder().encode(label)).subarray(0, 32), 1);
  return { algorithm: 'curve25519', key: toBase64(bytes) };
};

export function buildYearOfUse(options: YearOfUseOptions = {}): YearOfUse {
  const origin = options.largest?.messenger ?? options.origin ?? 'https://matrix.example.org';
  const seed = options.seed ?? 2026;
  const plan = planYear({ seed, scale: options.scale ?? 1, origin, largest: options.largest }, syntheticKey);
  const end = options.end ?? Date.UTC(2026, 5, 1);
  const start = end - YEAR_DAYS * DAY_MS;
  const random = new Random(seed + 1);
  const { account, largest } = plan;

  const store = new Map<string, unknown>();
  const read: StoreRead = (k) => store.get(k);
  // The indexes are built once, by the last check (planMigration builds them from the whole store, and
  // indexes.property.test.ts shows the background's step-by-step updates give the same).
  const apply = (changes: { writes: Record<string, unknown>; deletes?: readonly string[] }) => {
    for (const [k, value] of Object.entries(changes.writes)) store.set(k, value);
    for (const k of changes.deletes ?? []) if (!Object.hasOwn(changes.writes, k)) store.delete(k);
  };
  const created = planMigration({}, start);
  if (!created.ok) throw new Error(created.reason);
  apply(created);

  const steps = { snapshots: 0, verifications: 0, acknowledgements: 0 };
  const lastShown = new Map<string, { ids: string[]; states: Epoch[]; ghosts: boolean }>();
  const toAcknowledge = new Set<string>();
  const weeks = Math.ceil(YEAR_DAYS / 7);
  let previousDay = -Infinity;
  for (let week = 0; week < weeks; week++) {
    const day = Math.min(week * 7 + 6, YEAR_DAYS - 1);
    const weekBefore = previousDay;
    previousDay = day;
    let time = start + day * DAY_MS + 18 * HOUR_MS;
    for (const c of plan.conversations) {
      if (c.start > day) continue;
      const present = c.members.filter((id) => isPresent(c, id, day));
      const states = present.map((id) => stateOn(plan.people.get(id)!, day));
      const ghosts = present.some((id) => hasGhost(plan, id, day));
      const before = lastShown.get(c.id);
      const same =
        before &&
        before.ghosts === ghosts &&
        before.ids.length === present.length &&
        before.ids.every((id, i) => id === present[i] && before.states[i] === states[i]);
      if (same && !ghosts) continue;
      lastShown.set(c.id, { ids: present, states, ghosts });
      const s: RosterSnapshot = {
        messenger: origin,
        adapter: largest.adapter,
        account,
        conversation: { id: c.id, title: c.title, kind: c.kind },
        participants: present.map((id, i) => participant(plan, id, states[i]!, day)),
        problems: [],
      };
      time += 1000;
      const ingested = planIngest(s, read, time);
      if (!ingested.ok) throw new Error(`year of use, week ${week}: ${ingested.reason}`);
      apply(ingested);
      steps.snapshots++;
      for (const alert of ingested.alerts) toAcknowledge.add(alert.id);
    }
    for (const [id, verifyDay] of plan.verifyDays) {
      if (verifyDay > day || verifyDay <= weekBefore) continue;
      const current = (store.get(contactKey(origin, account, id)) as ContactRecord | undefined)?.currentKey;
      if (!current) continue;
      const target = { origin, account, contactId: id, key: current, method: random.pick(['scanned', 'typed', 'read-aloud'] as const) };
      const verified = planMarkVerified(read, target, time + HOUR_MS);
      if (!verified.ok) throw new Error(`year of use, week ${week}: ${verified.reason}`);
      apply(verified);
      steps.verifications++;
    }
    if (week === weeks - 1) break; // the last week's alerts are still open
    for (const id of toAcknowledge) {
      const alert = store.get(alertKey(id)) as AlertRecord | undefined;
      if (!alert || alert.state !== 'open') continue;
      if (alert.severity === 'info' && options.infoNotices === 'left-open') continue;
      const acknowledged = planAcknowledge(read, id, time + 20 * HOUR_MS);
      if (!acknowledged.ok) throw new Error(`year of use, week ${week}: ${acknowledged.reason}`);
      apply(acknowledged);
      steps.acknowledgements++;
    }
    toAcknowledge.clear();
  }
  // The check of the last start-up: nothing to set aside, and the indexes as a full read builds them.
  const checked = planMigration(Object.fromEntries(store), end);
  if (!checked.ok) throw new Error(checked.reason);
  if (checked.problems.length > 0) throw new Error(`year of use: ${checked.problems[0]!.key}: ${checked.problems[0]!.reason}`);
  apply(checked);
  return {
    store: Object.fromEntries(store),
    largestConversation: conversationKey(origin, account, largest.conversation.id),
    origin,
    account,
    steps,
  };
}

function hasGhost(plan: YearPlan, id: string, day: number): boolean {
  const from = plan.ghosts.get(id);
  return from !== undefined && day >= from && day < from + GHOST_DAYS;
}

function participant(plan: YearPlan, id: string, state: Epoch, day: number): ParticipantView {
  const ghost = hasGhost(plan, id, day)
    ? [{ id: 'GHOSTGHOST', key: syntheticKey(`${id}/ghost`) as PublicKeyRef, vouch: 'unsigned' as const, encryptedTo: true }]
    : [];
  return {
    id,
    name: plan.people.get(id)!.name,
    identityKey: state.identityKey,
    identityProblem: null,
    shown: true,
    isSelf: id === plan.account,
    devices: ghost.length > 0 ? [...state.devices, ...ghost] : state.devices,
  };
}
