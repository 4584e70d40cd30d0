import { describe, expect, it } from 'vitest';
import { indexDifferences } from '../../store/indexes/open-alert-index';
import { planMigration } from '../../store/migrations/plan-migration';
import { validateRecordAt } from '../../store/read-record';
import { isUsageKey, parseStorageKey } from '../../store/storage-keys';
import { storeFigures } from './figures';
import { onlyConversation } from './only-conversation';
import { checkRetention } from './retention-check';
import { buildYearOfUse, DAY_MS } from './year-of-use';

// A fiftieth of the year: the same conversations and events, a fiftieth of the people.
const SCALE = 0.02;
const END = Date.UTC(2026, 5, 1);
const year = buildYearOfUse({ scale: SCALE, end: END });

describe('the year-of-use store', () => {
  it('is built with the core: every record sound, nothing to set aside, indexes as a full read builds them', () => {
    for (const [key, value] of Object.entries(year.store))
      if (!isUsageKey(key)) expect(validateRecordAt(key, value).status, key).toBe('ok');
    const check = planMigration(year.store, END);
    expect(check.ok && check.problems).toEqual([]);
    expect(indexDifferences(year.store)).toEqual([]);
  });

  it('holds the year: 50 conversations, its people, key changes, verifications and every kind of everyday alert', () => {
    const f = storeFigures(year.store);
    expect(f.conversations).toBe(50);
    expect(f.contacts).toBe(Math.round(4998 * SCALE) + 1); // and the account holder's own
    expect(f.contactsWithKeyChanges).toBeGreaterThanOrEqual(Math.round(411 * SCALE) - 2);
    expect(f.verifications).toBe(Math.round(200 * SCALE));
    expect(year.steps.verifications).toBe(Math.round(200 * SCALE));
    for (const rule of [
      'first-seen',
      'key-changed',
      'device-added',
      'device-removed',
      'participant-added',
      'participant-removed',
      'ghost-device',
    ])
      expect(f.alertsByRule[rule] ?? 0, rule).toBeGreaterThan(0);
    expect(f.openAlerts).toBeGreaterThan(0);
    expect(f.openAlerts).toBeLessThan(f.alerts / 5);
  });

  it('is the same store for the same seed', () => {
    expect(JSON.stringify(buildYearOfUse({ scale: SCALE, end: END }).store)).toBe(JSON.stringify(year.store));
  });

  it('after retention keeps every contact and every open and critical alert, and is smaller', () => {
    const plan = planMigration(year.store, END + DAY_MS, { compactNotices: true });
    if (!plan.ok) throw new Error(plan.reason);
    const after = { ...year.store, ...plan.writes };
    for (const key of plan.deletes) delete after[key];
    expect(plan.compacted).toBeGreaterThan(0);
    expect(checkRetention(year.store, after).lost).toEqual([]);
    expect(JSON.stringify(after).length).toBeLessThan(JSON.stringify(year.store).length * 0.8);
  });

  it('cut to its largest conversation holds that conversation whole and nothing of the others', () => {
    const only = onlyConversation(year.store, year.largestConversation, END);
    expect(indexDifferences(only)).toEqual([]);
    const conversations = Object.keys(only).filter((k) => parseStorageKey(k).kind === 'conversation');
    expect(conversations).toEqual([year.largestConversation]);
    const contacts = Object.keys(only).filter((k) => parseStorageKey(k).kind === 'contact');
    expect(contacts).toHaveLength(Math.round(1000 * SCALE));
    for (const key of Object.keys(only))
      if (parseStorageKey(key).kind !== 'summary' && !isUsageKey(key)) expect(only[key]).toEqual(year.store[key] ?? only[key]);
  });
});
