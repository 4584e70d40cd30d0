// Fuzz: at least 10,000 hostile snapshots through the limits of the store:
// pages of several origins (one of them crafted to collide with another's
// keys) making up people, conversations, keys and devices as fast as they
// like, malformed snapshots, and acknowledgements in between, against small
// limits so that every run meets them. Whatever comes: no throw; no origin
// holds more than its limits allow, nor the store more than its total (each
// can go past by its one limit alert, and by what the user's acknowledgements
// added, which no limit refuses); at most one limit alert per origin
// and one for every site; a refused snapshot writes its limit alert and usage
// only; and the usage records always equal a full count.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planAcknowledge } from '../actions/acknowledge';
import { planIngest } from '../ingest/ingest';
import type { DeviceVouch, ParticipantView, RosterSnapshot } from '../../roster';
import type { AlertRecord } from '../store/record-schemas';
import { ALERT_PREFIX } from '../store/storage-keys';
import { junk, mutateAt } from '../testing/arbitraries';
import { recordsReader } from '../store/read-record';
import { ACCOUNT, applyPlan, emptyStore, key, T0, type Store } from '../testing/test-support';
import type { StoreLimits } from './store-limits';
import { isUsageKey, planUsageRebuild, recordChars, usageKey, usageOf, withUsage, USAGE_TOTAL_KEY, type Usage } from './usage';
import { isLimitRefusal, withinLimits } from './within-limits';

const STEPS = 5;
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000); // × STEPS = 10,000 inputs
const LIMITS: StoreLimits = { contacts: 6, conversations: 2, alerts: 14, chars: 12_000, totalChars: 30_000 };
/** What one limit alert may add past a bound: the alert record (its detail and origin are short here). */
const ALERT_ALLOWANCE = 2_000;
const ORIGINS = ['https://chat.example', 'http://localhost:8080', 'http://127.0.0.1:1', 'https://a%7Cb.example'];

const vouch = fc.constantFrom<DeviceVouch>('signed', 'unsigned', 'bad-signature', 'invalid-key');
const participant = (id: string): fc.Arbitrary<ParticipantView> =>
  fc
    .record({
      keyNumber: fc.option(fc.nat(40), { freq: 10, nil: null }),
      devices: fc.uniqueArray(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'ghost'), n: fc.nat(60), vouch }), {
        selector: (d) => d.id,
        maxLength: 3,
      }),
      name: fc.string({ maxLength: 40 }),
    })
    .map(({ keyNumber, devices, name }) => ({
      id,
      name,
      identityKey: keyNumber === null ? null : key(1_000 + keyNumber),
      identityProblem: keyNumber === null ? 'unusable' : null,
      shown: true,
      isSelf: id === ACCOUNT,
      devices: devices.map((d) => ({ id: d.id, key: key(50_000 + d.n), vouch: d.vouch, encryptedTo: true })),
    }));

const hostileSnapshot: fc.Arbitrary<RosterSnapshot> = fc
  .record({
    origin: fc.constantFrom(...ORIGINS),
    conversation: fc.constantFrom('team', 'dm', 'c3', 'c4', 'c5', 'c6'),
    people: fc.uniqueArray(fc.constantFrom(...Array.from({ length: 25 }, (_, i) => `p${i}`)), { maxLength: 5 }),
    unread: fc.option(fc.record({ states: fc.nat(50) }), { freq: 4, nil: undefined }),
    problems: fc.array(fc.string({ maxLength: 30 }), { maxLength: 2 }),
  })
  .chain(({ origin, conversation, people, unread, problems }) =>
    fc.tuple(participant(ACCOUNT), ...people.map(participant)).map((participants) => ({
      messenger: origin,
      adapter: 'page-protocol' as const,
      account: ACCOUNT,
      conversation: { id: conversation, title: conversation, kind: 'group' as const },
      participants,
      problems,
      ...(unread ? { unread } : {}),
    })),
  );

type Step = { kind: 'snapshot'; input: unknown } | { kind: 'acknowledge'; pick: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: hostileSnapshot.map((input) => ({ kind: 'snapshot' as const, input })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(hostileSnapshot, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), junk)
      .map(([s, path, value]) => ({ kind: 'snapshot' as const, input: mutateAt(s, path, value) })),
  },
  { weight: 1, arbitrary: junk.map((input) => ({ kind: 'snapshot' as const, input })) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'acknowledge' as const, pick })) },
);

/** Each origin's usage record, by its key. */
const usages = (store: Store) =>
  Object.keys(store)
    .filter((k) => k.startsWith('v3/usage/'))
    .map((k) => [k, store[k] as Usage] as const);
const alerts = (store: Store) =>
  Object.keys(store)
    .filter((k) => k.startsWith(ALERT_PREFIX))
    .map((k) => store[k] as AlertRecord);

describe('limits of the store, fuzzed', () => {
  it(`hold through ${RUNS * STEPS} hostile inputs, and the usage records stay a true count`, () => {
    const base = applyPlan(emptyStore(), planUsageRebuild(emptyStore()));
    const seen = { limited: 0, taken: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(step, { minLength: STEPS, maxLength: STEPS }), fc.nat(), (steps, start) => {
        let store: Store = base;
        // What acknowledgements added, in all and by the key of their origin's usage record: a user's action is
        // counted, never refused at a limit.
        let acknowledgedChars = 0;
        const acknowledgedCharsOf = new Map<string, number>();
        steps.forEach((s, i) => {
          const now = T0 + start + i * 1000;
          const read = recordsReader(store);
          if (s.kind === 'acknowledge') {
            const open = alerts(store).filter((a) => a.state === 'open');
            if (open.length === 0) return;
            const alert = open[s.pick % open.length]!;
            const ack = planAcknowledge(read, alert.id, now);
            if (!ack.ok) return;
            const before = (store[USAGE_TOTAL_KEY] as { chars: number }).chars;
            store = applyPlan(store, withUsage(read, ack));
            const added = Math.max(0, (store[USAGE_TOTAL_KEY] as { chars: number }).chars - before);
            acknowledgedChars += added;
            const usage = usageKey(alert.origin);
            acknowledgedCharsOf.set(usage, (acknowledgedCharsOf.get(usage) ?? 0) + added);
            return;
          }
          const plan = planIngest(s.input, read, now);
          if (!plan.ok) {
            seen.refused += 1;
            return;
          }
          const result = withinLimits(read, (s.input as RosterSnapshot).messenger, plan, now, LIMITS);
          if (isLimitRefusal(result)) {
            seen.limited += 1;
            for (const k of Object.keys(result.limited.writes)) expect(k.startsWith(ALERT_PREFIX) || isUsageKey(k)).toBe(true);
            store = applyPlan(store, result.limited);
          } else {
            seen.taken += 1;
            store = applyPlan(store, result);
          }
        });
        // After the run (checking after every step would only repeat it: limits only let usage grow past a bound by an alert).
        const usage = Object.fromEntries(Object.entries(store).filter(([k]) => isUsageKey(k)));
        expect(usage).toEqual(usageOf(store));
        for (const [key, u] of usages(store)) {
          expect(u.contacts).toBeLessThanOrEqual(LIMITS.contacts);
          expect(u.conversations).toBeLessThanOrEqual(LIMITS.conversations);
          expect(u.alerts).toBeLessThanOrEqual(LIMITS.alerts + 1);
          expect(u.chars).toBeLessThanOrEqual(LIMITS.chars + ALERT_ALLOWANCE + (acknowledgedCharsOf.get(key) ?? 0));
        }
        const limitAlerts = alerts(store).filter((a) => a.rule === 'storage-limit');
        expect((store[USAGE_TOTAL_KEY] as { chars: number }).chars).toBeLessThanOrEqual(
          LIMITS.totalChars + ALERT_ALLOWANCE * limitAlerts.length + acknowledgedChars,
        );
        expect(new Set(limitAlerts.map((a) => a.origin)).size).toBe(limitAlerts.length);
        for (const a of limitAlerts) expect(recordChars(`v1/alert/${a.id}`, a)).toBeLessThan(ALERT_ALLOWANCE);
        expect(store[usageKey('')] === undefined || (store[usageKey('')] as Usage).alerts <= 1).toBe(true);
      }),
      { numRuns: RUNS },
    );
    // The runs met every outcome: taken, refused as malformed, refused at a limit.
    console.log(`limits fuzz: ${JSON.stringify(seen)}`);
    expect(seen.taken).toBeGreaterThan(1000);
    expect(seen.limited).toBeGreaterThan(500);
    expect(seen.refused).toBeGreaterThan(100);
  }, 120_000);
});
