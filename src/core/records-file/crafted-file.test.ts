// Records files crafted to forge history. The adversary is the messenger's
// server, which knows the ghost device it will add tomorrow and can hand the
// user a "backup" to import today. Alert ids are predictable (they come from
// content), so the file can hold tomorrow's alert, acknowledged.
import { describe, expect, it } from 'vitest';
import { alertKey, collectAlerts, contactKey, conversationKey, planAcknowledge, type ContactRecord } from '../trust';
import { identityKey } from '../trust/testing/arbitraries';
import {
  ACCOUNT,
  applyPlan,
  device,
  emptyStore,
  ingest,
  ORIGIN,
  person,
  snapshot,
  storeReader,
  T0,
  type Store,
} from '../trust/testing/test-support';
import { buildRecordsFile, serializeRecordsFile } from './export';
import type { CheckedRecordsFile } from './format';
import { parseRecordsFile } from './parse';
import { planImport, type ImportPlan } from './plan-import';
import { storeAfter, type Step } from './testing/test-stores';

const NOW = T0 + 10 ** 8;
const YEAR = 365 * 24 * 3600 * 1000;
const bobKey = contactKey(ORIGIN, ACCOUNT, 'bob');

const bob = (extra: Partial<Parameters<typeof person>[2]> = {}) => ({
  ...person('bob', null),
  identityKey: identityKey('bob', 1),
  identityProblem: null,
  ...extra,
});
const ghost = device('ghost', 66, { vouch: 'unsigned' });
const team = (...people: ReturnType<typeof person>[]) => snapshot([person('alice', 1), ...people]);
const seen = (s: ReturnType<typeof snapshot>, wait = 1): Step => ({ kind: 'snapshot', wait, snapshot: s });
const acknowledgeLoudest: Step = { kind: 'acknowledge', pick: 0 };

/** A store's export, as text, after `edit` changed it: what the user is handed. */
function craftedFrom(store: Store, edit: (file: { exportedAt: number; records: Record<string, any> }) => void, exportedAt = NOW): string {
  const file = JSON.parse(serializeRecordsFile(buildRecordsFile(store, exportedAt).file));
  edit(file);
  return JSON.stringify(file);
}
function parsed(text: string, now = NOW): CheckedRecordsFile {
  const result = parseRecordsFile(text, now);
  if (!result.ok) throw new Error(result.error.message);
  return result.file;
}
function ok(plan: ImportPlan) {
  if (!plan.ok) throw new Error(plan.reason);
  return plan;
}
const alertOf = (store: Store, rule: string) => collectAlerts(store).alerts.find((a) => a.rule === rule)!;

describe('a crafted records file', () => {
  // The attacker's own store, where Bob's ghost device was seen and acknowledged: its export holds that alert.
  const attackers = storeAfter([seen(team(bob({ devices: [...bob().devices, ghost] }))), acknowledgeLoudest]);
  const tomorrowsGhost = alertOf(attackers, 'ghost-device');
  // The user's store: Bob known, no ghost device (yet).
  const users = () => storeAfter([seen(team(bob()))]);

  it('cannot make a later ghost device arrive already acknowledged', () => {
    expect(tomorrowsGhost).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'user' });
    const mine = users();
    const plan = ok(planImport(storeReader(mine), parsed(craftedFrom(attackers, () => {})), {}, NOW));
    const imported = applyPlan(mine, plan);
    expect(imported[alertKey(tomorrowsGhost.id)]).toMatchObject({ state: 'acknowledged' });

    // Tomorrow the server adds the ghost device: the alert is raised, as if no file had ever mentioned it.
    const { plan: tomorrow, store: after } = ingest(imported, team(bob({ devices: [...bob().devices, ghost] })), NOW + 1000);
    expect(tomorrow.alerts.map((a) => [a.rule, a.state])).toContainEqual(['ghost-device', 'open']);
    // It came in as history of another browser, not as something decided here.
    expect(imported[alertKey(tomorrowsGhost.id)]).toMatchObject({ fromFile: true });
    expect(after[alertKey(tomorrowsGhost.id)]).toMatchObject({ state: 'open', acknowledgedAt: null, fromFile: false });

    // Once found here and acknowledged here, it stays acknowledged like any other.
    const acked = applyPlan(after, okAction(planAcknowledge(storeReader(after), tomorrowsGhost.id, NOW + 2000)));
    expect(ingest(acked, team(bob({ devices: [...bob().devices, ghost] })), NOW + 3000).plan.alerts).toEqual([]);
  });

  it('cannot do it through an open alert the user acknowledges here before the condition is ever found', () => {
    const opened = craftedFrom(attackers, (file) => {
      const a = file.records[alertKey(tomorrowsGhost.id)];
      Object.assign(a, { state: 'open', acknowledgedAt: null, acknowledgedBy: null });
    });
    const mine = users();
    let store = applyPlan(mine, ok(planImport(storeReader(mine), parsed(opened), {}, NOW)));
    store = applyPlan(store, okAction(planAcknowledge(storeReader(store), tomorrowsGhost.id, NOW + 10)));
    const { plan } = ingest(store, team(bob({ devices: [...bob().devices, ghost] })), NOW + 1000);
    expect(plan.alerts.map((a) => a.rule)).toContain('ghost-device');
  });

  it('cannot pre-acknowledge a hidden participant either', () => {
    const dan = { ...person('dan', 7), shown: false };
    const theirs = storeAfter([seen(team(bob(), dan)), acknowledgeLoudest]);
    const hidden = alertOf(theirs, 'hidden-participant');
    expect(hidden.state).toBe('acknowledged');
    const mine = users();
    const store = applyPlan(mine, ok(planImport(storeReader(mine), parsed(craftedFrom(theirs, () => {})), {}, NOW)));
    const { plan } = ingest(store, team(bob(), dan), NOW + 1000);
    expect(plan.alerts.find((a) => a.rule === 'hidden-participant')).toMatchObject({ id: hidden.id, state: 'open' });
  });

  it('refuses an acknowledgement dated in the future, and imports the rest', () => {
    const text = craftedFrom(attackers, (file) => {
      file.records[alertKey(tomorrowsGhost.id)].acknowledgedAt = NOW + 10 * YEAR;
    });
    const plan = ok(planImport(storeReader(users()), parsed(text), {}, NOW));
    expect(plan.preview.refused).toEqual([
      { key: alertKey(tomorrowsGhost.id), reason: expect.stringMatching(/^its acknowledgedAt \(.*\) is later than the file's export/) },
    ]);
    expect(plan.writes).not.toHaveProperty([alertKey(tomorrowsGhost.id)]);
    expect(plan.preview.contacts.updated + plan.preview.contacts.unchanged + plan.preview.contacts.added).toBeGreaterThan(0);
  });

  it('refuses a contact or a conversation dated after the export, whole', () => {
    const conversation = conversationKey(ORIGIN, ACCOUNT, team().conversation.id);
    const text = craftedFrom(users(), (file) => {
      file.records[bobKey].lastSeen = NOW + 1;
      file.records[conversation].lastSeen = NOW + YEAR;
    });
    const plan = ok(planImport(storeReader(emptyStore()), parsed(text), {}, NOW));
    expect(plan.preview.refused.map((r) => r.key).sort()).toEqual([bobKey, conversation].sort());
    expect(plan.preview.refused.find((r) => r.key === conversation)!.reason).toMatch(/lastSeen .* and its roster are not imported/);
    // Neither Bob nor anything of the conversation is written; Alice is.
    expect(Object.keys(plan.writes).filter((k) => k === bobKey || k.includes(`|${team().conversation.id}`))).toEqual([]);
    expect(plan.writes).toHaveProperty([contactKey(ORIGIN, ACCOUNT, 'alice')]);
  });

  it('is refused whole when it says it was exported after now', () => {
    const result = parseRecordsFile(
      craftedFrom(users(), () => {}, NOW + YEAR),
      NOW,
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'inconsistent', message: expect.stringMatching(/later than this computer's clock.*Nothing was changed\.$/) },
    });
  });

  it('closes an alert open here only for the same condition, and lists it for the user to confirm', () => {
    // Here the ghost device was found first and is open; the file acknowledged it later.
    const mine = storeAfter([seen(team(bob({ devices: [...bob().devices, ghost] })))], emptyStore(), T0 - 10 ** 6);
    const open = alertOf(mine, 'ghost-device');
    expect(open.state).toBe('open');
    const plan = ok(planImport(storeReader(mine), parsed(craftedFrom(attackers, () => {})), {}, NOW));
    expect(plan.preview.alertsClosed).toEqual([{ alert: open, by: 'acknowledgement' }]);
    expect(plan.preview.confirmation).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.writes[alertKey(open.id)]).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'user', fromFile: false });

    // The same id holding another condition (another device) closes nothing: that record is refused.
    const other = craftedFrom(attackers, (file) => {
      file.records[alertKey(open.id)].deviceId = 'another';
    });
    const refused = ok(planImport(storeReader(mine), parsed(other), {}, NOW));
    expect(refused.preview.refused).toEqual([{ key: alertKey(open.id), reason: expect.stringMatching(/another condition/) }]);
    expect(refused.preview.alertsClosed).toEqual([]);
    expect(refused.writes).not.toHaveProperty([alertKey(open.id)]);
  });

  it('does not import an acknowledgement that would accept a key or release a conversation here', () => {
    // Bob's key changed here and in the file; the file accepted the change, this browser has not.
    const steps = [seen(team(bob())), seen(team(bob({ identityKey: identityKey('bob', 2) })))];
    const mine = storeAfter(steps, emptyStore(), T0 - 10 ** 6);
    const theirs = storeAfter([...steps, acknowledgeLoudest]);
    expect(alertOf(theirs, 'key-changed').state).toBe('acknowledged');
    const plan = ok(planImport(storeReader(mine), parsed(craftedFrom(theirs, () => {})), {}, NOW));
    const change = alertOf(mine, 'key-changed');
    expect(plan.preview.alertsClosed).toEqual([]);
    expect(applyPlan(mine, plan)[alertKey(change.id)]).toMatchObject({ state: 'open' });
  });

  it('lists every verification it would add, and which make someone verified now', () => {
    const theirs = storeAfter([
      seen(team(bob())),
      { kind: 'verify', person: 'bob', keyNumber: 1, method: 'typed' },
      seen(team(bob({ identityKey: identityKey('bob', 2) }))),
      { kind: 'verify', person: 'bob', keyNumber: 2, method: 'scanned' },
    ]);
    const mine = storeAfter([seen(team(bob({ identityKey: identityKey('bob', 2) })))], emptyStore(), T0 - 10 ** 6);
    const plan = ok(planImport(storeReader(mine), parsed(craftedFrom(theirs, () => {})), {}, NOW));
    expect(plan.preview.verificationsAdded.map((x) => [x.contactId, x.key, x.method, x.verifiesNow])).toEqual([
      ['bob', identityKey('bob', 1), 'typed', false],
      ['bob', identityKey('bob', 2), 'scanned', true],
    ]);
    expect(plan.preview.confirmation).toMatch(/^[0-9a-f]{64}$/);
    expect((applyPlan(mine, plan)[bobKey] as ContactRecord).trust).toBe('verified');

    // Nothing to confirm when the file adds nothing of the kind: a store's own export.
    const own = ok(planImport(storeReader(theirs), parsed(craftedFrom(theirs, () => {})), {}, NOW));
    expect(own.preview).toMatchObject({ verificationsAdded: [], alertsClosed: [], confirmation: null });
  });

  it('asks for a new confirmation when what it would do changed since the review', () => {
    const mine = storeAfter([seen(team(bob({ devices: [...bob().devices, ghost] })))], emptyStore(), T0 - 10 ** 6);
    const file = parsed(craftedFrom(attackers, () => {}));
    const reviewed = ok(planImport(storeReader(mine), file, {}, NOW)).preview.confirmation;
    // Meanwhile the user verified nothing, but a verification appears in what the file adds: another list.
    const withVerification = storeAfter([
      seen(team(bob({ devices: [...bob().devices, ghost] }))),
      acknowledgeLoudest,
      { kind: 'verify', person: 'bob', keyNumber: 1, method: 'scanned' },
    ]);
    const now = ok(planImport(storeReader(mine), parsed(craftedFrom(withVerification, () => {})), {}, NOW)).preview.confirmation;
    expect(now).not.toBeNull();
    expect(now).not.toBe(reviewed);
  });
});

function okAction<T extends { ok: boolean }>(r: T): T & { ok: true; writes: Record<string, unknown> } {
  if (!r.ok) throw new Error((r as unknown as { reason: string }).reason);
  return r as T & { ok: true; writes: Record<string, unknown> };
}
