import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DEVICE_VOUCHES } from '../../roster';
import type { ParticipantView, RosterSnapshot } from '../../roster';
import { AlertRecordSchema, type AlertRecord, type ContactRecord } from '../store/record-schemas';
import { contactKey } from '../store/storage-keys';
import { englishText } from '../testing/english';
import { EMPTY_FIELDS } from './fields';
import { planAcknowledge } from '../actions/acknowledge';
import {
  ACCOUNT,
  applyPlan,
  device,
  emptyStore,
  ingest,
  key,
  MINUTE,
  ORIGIN,
  person,
  snapshot,
  storeReader,
  T0,
  type Store,
} from '../testing/test-support';
import { ALERT_KINDS, RULES } from '.';

const doc = readFileSync(new URL('../../../../docs/storage.md', import.meta.url), 'utf8');

const alice = person('alice', 1);
const bob = person('bob', 2);
const carol = person('carol', 3);

function start(people: ParticipantView[], extra: Partial<RosterSnapshot> = {}): Store {
  return ingest(emptyStore(), snapshot(people, extra), T0).store;
}
function next(store: Store, people: ParticipantView[], extra: Partial<RosterSnapshot> = {}) {
  return ingest(store, snapshot(people, extra), T0 + MINUTE).plan;
}
const raised = (plan: { alerts: { rule: string }[] }) => plan.alerts.map((a) => a.rule).sort();
/** The user acknowledges every open alert of this rule. */
function acknowledge(store: Store, rule: string, now: number): Store {
  for (const record of Object.values(store)) {
    const alert = record as Partial<AlertRecord>;
    if (alert.rule !== rule || alert.state !== 'open') continue;
    const plan = planAcknowledge(storeReader(store), alert.id!, now);
    if (!plan.ok) throw new Error(plan.reason);
    store = applyPlan(store, plan);
  }
  return store;
}
function verify(store: Store, id: string): Store {
  const k = contactKey(ORIGIN, ACCOUNT, id);
  return { ...store, [k]: { ...(store[k] as ContactRecord), trust: 'verified' } };
}

describe('alert rule table', () => {
  it('has one rule per kind, with distinct ranks; a stored alert names one of those kinds', () => {
    expect(new Set(ALERT_KINDS.map((kind) => RULES[kind].rank)).size).toBe(ALERT_KINDS.length);
    const alert = ingest(emptyStore(), snapshot([alice, bob]), T0).plan.alerts[0]!;
    expect(v.safeParse(AlertRecordSchema, alert).success).toBe(true);
    expect(v.safeParse(AlertRecordSchema, { ...alert, rule: 'nonsense' }).success).toBe(false);
  });

  it('rates each rule as documented', () => {
    const severities = Object.fromEntries(ALERT_KINDS.map((kind) => [kind, RULES[kind].severity]));
    // docs/storage.md's rule table, row by row: the same kinds, the same severities.
    const documented = [...doc.matchAll(/^\| `([a-z-]+)` \| (info|warning|critical)\b/gm)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(documented)).toEqual(severities);
    expect(severities).toMatchObject({
      'verified-key-changed': 'critical',
      'storage-limit': 'critical',
      'key-changed': 'warning',
      'hidden-participant': 'critical',
      'ghost-device': 'critical',
      'invalid-identity': 'critical',
      'snapshot-problem': 'warning',
      'trust-state-invalid': 'critical',
      'conversation-degraded': 'warning',
      'own-device-unverified': 'warning',
      'refused-device': 'warning',
      'identity-absent': 'warning',
      'unvouched-device-added': 'warning',
      'device-added': 'warning',
      'participant-added': 'warning',
      'record-corrupt': 'warning',
      'device-removed': 'info',
      'participant-removed': 'info',
      'dehydrated-device-added': 'info',
      'first-seen': 'info',
    });
    expect(RULES['verified-key-changed'].rank).toBeGreaterThan(RULES['key-changed'].rank);
  });
});

describe('alert rules', () => {
  it('first-seen: information only, trust on first use stated as such, and never about the account holder', () => {
    const plan = ingest(emptyStore(), snapshot([alice, bob]), T0).plan;
    expect(raised(plan)).toEqual(['first-seen']);
    expect(plan.alerts.map((a) => a.contactId)).toEqual(['bob']);
    const bobs = plan.alerts.find((a) => a.contactId === 'bob')!;
    expect(bobs).toMatchObject({ severity: 'info', key: key(2), state: 'open' });
    expect(englishText(bobs).summary).toMatch(/trusted on first use/);
    expect(englishText(bobs).accepts).toMatch(/will not be marked verified/);
  });

  it('key-changed: a warning for a contact that was not verified (an identity reset looks the same)', () => {
    const plan = next(start([alice, bob]), [alice, person('bob', 9)]);
    expect(raised(plan)).toEqual(['key-changed']);
    expect(plan.alerts[0]).toMatchObject({ severity: 'warning', key: key(9), previousKey: key(2) });
    expect(englishText(plan.alerts[0]!).accepts).toMatch(
      /^Accept Bob's new identity key 0000 0009 0000… as their key\. It will not be marked verified\.$/,
    );
  });

  it("key-changed: the account holder's own key is theirs to know about, not a number to compare with themselves", () => {
    const plan = next(start([alice, bob]), [person('alice', 8), bob]);
    const own = plan.alerts.find((a) => a.rule === 'key-changed')!;
    expect(own).toMatchObject({ severity: 'warning', contactId: ACCOUNT });
    const text = englishText(own);
    expect(text.summary).toMatch(/^Your own identity key changed from 0000 0001 0000… to 0000 0008 0000…\. /);
    expect(text.summary).not.toMatch(/Compare safety numbers/);
    expect(text.accepts).toMatch(/^Accept 0000 0008 0000… as your own identity key\.$/);
  });

  it('verified-key-changed: the loudest, and the verified mark is cleared', () => {
    const store = verify(start([alice, bob]), 'bob');
    const plan = next(store, [alice, person('bob', 9)]);
    // Everyone in "Team" was verified, so the conversation degrades too.
    expect(raised(plan)).toEqual(['conversation-degraded', 'verified-key-changed']);
    expect(englishText(plan.alerts.find((a) => a.rule === 'verified-key-changed')!).summary).toMatch(
      /was verified.*verified mark is cleared/,
    );
    expect((plan.writes[contactKey(ORIGIN, ACCOUNT, 'bob')] as ContactRecord).trust).toBe('changed-after-verified');
  });

  it('device-added: a warning for a new device signed by the owner', () => {
    const plan = next(start([alice, bob]), [alice, { ...bob, devices: [...bob.devices, device('bob-laptop', 50)] }]);
    expect(raised(plan)).toEqual(['device-added']);
    expect(plan.alerts[0]).toMatchObject({ severity: 'warning', deviceId: 'bob-laptop', key: key(50) });
  });

  it('device-added: a device signed by a swapped identity key is described as signed by that new, unverified key', () => {
    const store = verify(start([alice, bob]), 'bob');
    // The server swaps Bob's identity key and serves a device its own key signed.
    const swapped = { ...person('bob', 9), devices: [device('bob-phone', 90)] };
    const plan = next(store, [alice, swapped]);
    expect(raised(plan)).toEqual(['conversation-degraded', 'device-added', 'device-removed', 'verified-key-changed']);
    const added = plan.alerts.find((a) => a.rule === 'device-added')!;
    const text = englishText(added);
    expect(text.summary).not.toMatch(/signed by their identity key/);
    expect(text.summary).toMatch(
      /^Bob has a new device “bob-phone” \(key [^)]+\), signed by their new, unverified identity key 0000 0009 0000/,
    );
    expect(text.accepts).toMatch(/new identity key 0000 0009 0000.* stays unverified/);
    expect(added.newIdentityKey).toEqual(key(9));

    // Still so for a device added before the change is acknowledged; once accepted, the key is theirs again.
    const after = ingest(store, snapshot([alice, swapped]), T0 + MINUTE).store;
    const later = { ...swapped, devices: [...swapped.devices, device('bob-laptop', 91)] };
    const stillNew = ingest(after, snapshot([alice, later]), T0 + 2 * MINUTE).plan.alerts.find((a) => a.rule === 'device-added')!;
    expect(englishText(stillNew).summary).toMatch(/new, unverified identity key/);
    const bobKey = contactKey(ORIGIN, ACCOUNT, 'bob');
    const accepted = { ...after, [bobKey]: { ...(after[bobKey] as ContactRecord), trust: 'accepted' } };
    const settled = ingest(accepted, snapshot([alice, later]), T0 + 2 * MINUTE).plan.alerts.find((a) => a.rule === 'device-added')!;
    expect(settled.newIdentityKey).toBeNull();
    expect(englishText(settled).summary).toMatch(/, signed by their identity key\.$/);
  });

  it('ghost-device: critical for a device the owner does not vouch for, whatever the reason', () => {
    for (const vouch of ['unsigned', 'bad-signature', 'invalid-key'] as const) {
      const plan = next(start([alice, bob]), [alice, { ...bob, devices: [...bob.devices, device('ghost', 66, { vouch })] }]);
      expect(raised(plan)).toEqual(['ghost-device']);
      expect(plan.alerts[0]).toMatchObject({ severity: 'critical', deviceId: 'ghost', vouch });
      expect(englishText(plan.alerts[0]!).summary).toMatch(/^Possible ghost device: Bob's device “ghost”/);
    }
  });

  it('ghost-device: also at first sight of a contact', () => {
    const plan = ingest(emptyStore(), snapshot([alice, { ...bob, devices: [device('ghost', 66, { vouch: 'unsigned' })] }]), T0).plan;
    expect(raised(plan)).toEqual(['first-seen', 'ghost-device']);
  });

  it('device-removed: information when a device is no longer listed', () => {
    const plan = next(start([alice, bob]), [alice, { ...bob, devices: [] }]);
    expect(raised(plan)).toEqual(['device-removed']);
    expect(plan.alerts[0]).toMatchObject({ severity: 'info', deviceId: 'bob-phone', contactName: 'Bob' });
    // Bob listed with his keys not seen this time (not fetched, his server silent): nothing was removed, nothing said.
    const unseen = person('bob', null, { identityProblem: null, identityStatus: 'unchecked', devices: [] });
    expect(raised(next(start([alice, bob]), [alice, unseen]))).toEqual([]);
  });

  it('participant-added: a warning when someone is added to a known conversation', () => {
    const plan = next(start([alice, bob]), [alice, bob, carol]);
    expect(raised(plan)).toEqual(['first-seen', 'participant-added']);
    expect(englishText(plan.alerts.find((a) => a.rule === 'participant-added')!).summary).toBe('Carol was added to “Team”.');
  });

  it('participant-removed: information, with the name remembered from the store', () => {
    const plan = next(start([alice, bob, carol]), [alice, bob]);
    expect(raised(plan)).toEqual(['participant-removed']);
    expect(englishText(plan.alerts[0]!).summary).toBe('Carol is no longer a member of “Team”.');
  });

  it('hidden-participant: critical when the page encrypts to someone it does not show', () => {
    const plan = next(start([alice, bob]), [alice, bob, person('mallory', 13, { shown: false })]);
    expect(raised(plan)).toEqual(['first-seen', 'hidden-participant']);
    expect(englishText(plan.alerts.find((a) => a.rule === 'hidden-participant')!).summary).toMatch(
      /^Hidden participant: messages in “Team” are encrypted to Mallory/,
    );
    // Not shown and not encrypted to: not a participant at all, no alert.
    const quiet = next(start([alice, bob]), [
      alice,
      bob,
      person('old', 14, { shown: false, devices: [device('d', 15, { encryptedTo: false })] }),
    ]);
    expect(raised(quiet)).toEqual(['first-seen']);
  });

  it('hidden-participant: found when it begins; acknowledged, it stays closed while it lasts and reopens when it begins again', () => {
    const mallory = person('mallory', 13);
    const hidden = { ...mallory, shown: false };
    let step = 0;
    const at = () => T0 + ++step * MINUTE;
    let store = ingest(start([alice, bob]), snapshot([alice, bob, hidden]), at()).store;
    store = acknowledge(store, 'hidden-participant', at());
    const lasting = ingest(store, snapshot([alice, bob, hidden]), at());
    expect(raised(lasting.plan)).toEqual([]);
    store = ingest(lasting.store, snapshot([alice, bob, mallory]), at()).store;
    const again = ingest(store, snapshot([alice, bob, hidden]), at()).plan;
    expect(again.alerts.filter((a) => a.rule === 'hidden-participant')).toMatchObject([
      { severity: 'critical', state: 'open', contactId: 'mallory', occurrences: 2 },
    ]);
    // Not encrypted to any more, then encrypted to again without being shown: it began again.
    const gone = { ...hidden, devices: hidden.devices.map((d) => ({ ...d, encryptedTo: false })) };
    store = acknowledge(ingest(store, snapshot([alice, bob, hidden]), at()).store, 'hidden-participant', at());
    store = ingest(store, snapshot([alice, bob, gone]), at()).store;
    expect(raised(ingest(store, snapshot([alice, bob, hidden]), at()).plan)).toContain('hidden-participant');
  });

  it('ghost-device: a device of someone whose identity was withdrawn is judged when the page begins to encrypt to it', () => {
    const withdrawn = (...extra: ReturnType<typeof device>[]) =>
      person('bob', null, {
        identityProblem: null,
        identityStatus: 'absent',
        devices: [...bob.devices.map((d) => ({ ...d, vouch: 'unsigned' as const })), ...extra],
      });
    const ghost = (encryptedTo: boolean) => device('ghost', 66, { vouch: 'unsigned', encryptedTo });
    let store = ingest(start([alice, bob]), snapshot([alice, withdrawn()]), T0 + MINUTE).store;
    const listed = ingest(store, snapshot([alice, withdrawn(ghost(false))]), T0 + 2 * MINUTE);
    expect(raised(listed.plan)).toEqual(['refused-device']);
    store = acknowledge(acknowledge(listed.store, 'invalid-identity', T0 + 3 * MINUTE), 'refused-device', T0 + 3 * MINUTE);
    const reading = ingest(store, snapshot([alice, withdrawn(ghost(true))]), T0 + 4 * MINUTE).plan;
    expect(reading.alerts).toMatchObject([{ rule: 'ghost-device', severity: 'critical', deviceId: 'ghost' }]);
    // Bob's known device, unsigned with the key: invalid-identity said so once, it is not judged again.
    expect(reading.alerts.some((a) => a.deviceId === 'bob-phone')).toBe(false);
    // With a snapshot between that leaves the ghost out, or that did not see Bob's keys: the same.
    const unseen = person('bob', null, { identityProblem: null, identityStatus: 'unchecked', devices: [] });
    for (const between of [withdrawn(), unseen]) {
      const later = ingest(store, snapshot([alice, between]), T0 + 4 * MINUTE).store;
      const again = ingest(later, snapshot([alice, withdrawn(ghost(true))]), T0 + 5 * MINUTE).plan;
      expect(again.alerts.filter((a) => a.rule === 'ghost-device').map((a) => a.deviceId)).toContain('ghost');
    }
  });

  it('invalid-identity: a reason that differs only in what the server put in it (quoted text, numbers) is the same alert', () => {
    const served = (bytes: number, keyId: string) =>
      person('bob', null, { identityProblem: `"@bob:example.org": key id "${keyId}" is not its key; the keys take ${bytes} bytes` });
    let store = ingest(start([alice, bob]), snapshot([alice, served(70_001, 'ed25519:A')]), T0 + MINUTE).store;
    const again = ingest(store, snapshot([alice, served(70_002, 'ed25519:B')]), T0 + 2 * MINUTE);
    expect(raised(again.plan)).toEqual([]);
    store = acknowledge(again.store, 'invalid-identity', T0 + 3 * MINUTE);
    expect(raised(ingest(store, snapshot([alice, served(70_003, 'ed25519:C')]), T0 + 4 * MINUTE).plan)).toEqual([]);
    // A list the server chose, however long, is the same kind of fault.
    const usage = (n: number) =>
      person('bob', null, {
        identityProblem: `"@bob:example.org" master key: usage is ${JSON.stringify(Array(n).fill('x'))}, expected ["master"]`,
      });
    const listed = ingest(store, snapshot([alice, usage(1)]), T0 + 4 * MINUTE);
    expect(raised(listed.plan)).toEqual(['invalid-identity']);
    expect(raised(ingest(listed.store, snapshot([alice, usage(7)]), T0 + 5 * MINUTE).plan)).toEqual([]);
    // Another kind of fault is another condition.
    const other = person('bob', null, { identityProblem: 'small-order point' });
    expect(raised(ingest(store, snapshot([alice, other]), T0 + 4 * MINUTE).plan)).toEqual(['invalid-identity']);
  });

  it('invalid-identity: critical for an unusable identity key', () => {
    const plan = next(start([alice, bob]), [alice, person('bob', null, { identityProblem: 'small-order point' })]);
    expect(raised(plan)).toEqual(['invalid-identity']);
    expect(englishText(plan.alerts[0]!).summary).toBe("Bob's identity key cannot be used: small-order point.");
  });

  it('snapshot-problem: one warning per conversation, raised again only for problems not seen before', () => {
    const store = start([alice, bob]);
    const first = ingest(store, snapshot([alice, bob], { problems: ['b problem', 'a problem', 'a problem'] }), T0 + MINUTE);
    expect(raised(first.plan)).toEqual(['snapshot-problem']);
    expect(first.plan.alerts[0]).toMatchObject({ severity: 'warning', detail: 'a problem\nb problem' });
    expect(englishText(first.plan.alerts[0]!).summary).toBe('KeyWatch found problems in what “Team” discloses:\na problem\nb problem');
    // The same lines again (or fewer of them) are the same condition: nothing is counted.
    const same = ingest(first.store, snapshot([alice, bob], { problems: ['a problem'] }), T0 + 2 * MINUTE);
    expect(same.plan.writes).not.toHaveProperty(`v1/alert/${first.plan.alerts[0]!.id}`);
    const many = next(store, [alice, bob], { problems: Array.from({ length: 8 }, (_, i) => `p${i}`) });
    expect(many.alerts[0]!.detail).toMatch(/\(and 3 more\)$/);
  });

  it('snapshot-problem: states the page skipped count as one more occurrence each time, in the same alert', () => {
    let store = start([alice, bob]);
    for (let i = 1; i <= 3; i++) store = ingest(store, snapshot([alice, bob], { unread: { states: 10 * i } }), T0 + i * MINUTE).store;
    const alerts = Object.values(store).filter((r) => (r as { rule?: string }).rule === 'snapshot-problem') as AlertRecord[];
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: 'open', occurrences: 3, detail: expect.stringMatching(/changed 30 time\(s\) faster/) });
    expect(englishText(alerts[0]!).summary).toMatch(
      /^KeyWatch could not read or check everything “Team” showed\. Times this happened: 3\. The latest:\n/,
    );
  });

  it('trust-state-invalid: critical when the store holds a state the machine cannot move from', () => {
    const k = contactKey(ORIGIN, ACCOUNT, 'bob');
    const store = start([alice, person('bob', null)]);
    const broken = { ...store, [k]: { ...(store[k] as ContactRecord), trust: 'accepted' } };
    const plan = next(broken, [alice, bob]);
    expect(raised(plan)).toContain('trust-state-invalid');
    expect(plan.alerts.find((a) => a.rule === 'trust-state-invalid')!.detail).toBe('event "first-key" is not allowed in state "accepted"');
  });

  it('record-corrupt: a warning when a stored record had to be set aside', () => {
    const k = contactKey(ORIGIN, ACCOUNT, 'bob');
    const store = { ...start([alice, bob]), [k]: { garbage: true } };
    const plan = next(store, [alice, bob]);
    // Bob's first-seen alert for this key is still open, so it is not raised twice.
    expect(raised(plan)).toEqual(['record-corrupt']);
    expect(plan.alerts[0]).toMatchObject({ recordKey: k, severity: 'warning', quarantineKey: expect.stringMatching(/^quarantine\//) });
    expect(plan.writes[k]).toMatchObject({ contactId: 'bob', trust: 'first-seen' });
  });

  it('conversation-degraded: raised when an all-verified conversation changes', () => {
    let store = verify(start([alice, bob]), 'bob');
    store = ingest(store, snapshot([alice, bob]), T0 + 1).store; // settles at all-verified
    const plan = next(store, [alice, bob, carol]);
    expect(raised(plan)).toEqual(['conversation-degraded', 'first-seen', 'participant-added']);
  });
});

describe('alert texts', () => {
  it('exist for every rule and name what they are about', () => {
    for (const rule of ALERT_KINDS) {
      const text = englishText({
        rule,
        origin: ORIGIN,
        account: ACCOUNT,
        conversationId: 'team',
        conversationTitle: 'Team',
        contactId: 'bob',
        contactName: 'Bob\u202E',
        key: key(9),
        previousKey: key(2),
        deviceId: 'bob-laptop',
        vouch: 'unsigned',
        detail: 'why',
        recordKey: 'k',
        quarantineKey: 'q',
        newIdentityKey: null,
      });
      expect(text.summary.length).toBeGreaterThan(10);
      expect(text.accepts.length).toBeGreaterThan(10);
      expect(text.summary + text.accepts).not.toMatch(/\u202E|undefined|null/);
    }
  });

  it('have an English message for every key and value a rule can choose, whatever is missing', () => {
    const empty = { ...EMPTY_FIELDS, origin: ORIGIN, account: ACCOUNT };
    for (const rule of ALERT_KINDS) {
      const variants = [
        { ...empty, rule },
        { ...empty, rule, contactId: '\u202E', conversationTitle: '\u200B', deviceId: '', detail: '' },
        ...DEVICE_VOUCHES.map((vouch) => ({ ...empty, rule, vouch, quarantineKey: 'q', key: key(1), previousKey: key(2) })),
        { ...empty, rule, vouch: 'signed' as const, key: key(1), newIdentityKey: key(9) },
      ];
      for (const alert of variants) {
        const text = englishText(alert); // throws on a key the English messages do not have
        expect(text.summary + text.accepts).not.toMatch(/\$|undefined|null/);
      }
    }
    expect(englishText({ ...empty, rule: 'participant-added' }).summary).toBe('someone was added to “this conversation”.');
    expect(englishText({ ...empty, rule: 'record-corrupt' }).summary).toMatch(/^A saved record is missing \(no reason given\)/);
    expect(englishText({ ...empty, rule: 'device-removed', contactId: 'bob' }).summary).toBe(
      "bob's device “?” (key no key) is no longer listed.",
    );
  });
});
