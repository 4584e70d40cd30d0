// Fuzz: hostile variations of an honest disclosure through parseDisclosure and
// toSnapshot. Nothing may throw; every refusal has a short reason; everything
// accepted satisfies the protocol's limits (checked here independently of the
// schema) and turns into a coherent snapshot.

import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromBase64, toBase64 } from '../../core/encoding';
import type { RosterSnapshot } from '../../core/roster';
import { hostileText } from './testing/fuzz-mutations';
import { parseDisclosure, type ValidDisclosure } from './parse';
import { PAGE_PROTOCOL_LIMITS as LIMITS } from './protocol';
import { MAX_KEY_TEXT_LENGTH } from './schema';
import { honestDisclosure } from './testing/test-fixture';
import { toSnapshot } from './to-snapshot';

const RUNS = 10_000;
const HONEST = honestDisclosure();

const codePoints = (s: string) => [...s].length;
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) <= 0x1f || c.charCodeAt(0) === 0x7f);
const hasLoneSurrogate = (s: string) => /\p{Cs}/u.test(s);

function isCanonicalBase64(s: string): boolean {
  try {
    return toBase64(fromBase64(s)) === s;
  } catch {
    return false;
  }
}

function sameKeys(value: object, keys: string[]): boolean {
  return Object.getPrototypeOf(value) === Object.prototype && JSON.stringify(Object.keys(value)) === JSON.stringify(keys);
}

/** Every rule of the protocol that an accepted disclosure breaks (an independent re-reading). */
function limitViolations(d: ValidDisclosure): string[] {
  const faults: string[] = [];
  const fault = (ok: boolean, what: string) => ok || faults.push(what);
  const checkId = (id: string, max: number, what: string) =>
    fault(typeof id === 'string' && id.length > 0 && codePoints(id) <= max && !hasControl(id) && !hasLoneSurrogate(id), what);
  const checkKey = (k: { algorithm: string; key: string }, what: string) => {
    fault(sameKeys(k, ['algorithm', 'key']) && ['ed25519', 'curve25519'].includes(k.algorithm), `${what} shape`);
    fault(k.key.length <= MAX_KEY_TEXT_LENGTH && isCanonicalBase64(k.key), `${what} base64`);
  };
  fault(sameKeys(d, ['version', 'messenger', 'account', 'conversation', 'participants']), 'top-level keys');
  fault(d.version === 1, 'version');
  fault(typeof d.messenger === 'string' && codePoints(d.messenger) <= LIMITS.maxMessengerLength, 'messenger');
  checkId(d.account, LIMITS.maxParticipantIdLength, 'account');
  fault(d.conversation !== null && sameKeys(d.conversation, ['id', 'title', 'kind']), 'conversation');
  checkId(d.conversation.id, LIMITS.maxConversationIdLength, 'conversation id');
  fault(codePoints(d.conversation.title) <= LIMITS.maxTitleLength, 'title');
  fault(['direct', 'group'].includes(d.conversation.kind), 'kind');
  fault(Array.isArray(d.participants) && d.participants.length <= LIMITS.maxParticipants, 'participant count');
  fault(new Set(d.participants.map((p) => p.id)).size === d.participants.length, 'unique participant ids');
  fault(
    d.participants.some((p) => p.id === d.account),
    'account among participants',
  );
  for (const p of d.participants) {
    fault(sameKeys(p, ['id', 'name', 'identityKey', 'shown', 'devices']), 'participant keys');
    checkId(p.id, LIMITS.maxParticipantIdLength, 'participant id');
    fault(typeof p.name === 'string' && codePoints(p.name) <= LIMITS.maxNameLength, 'name');
    fault(typeof p.shown === 'boolean', 'shown');
    checkKey(p.identityKey, 'identity key');
    fault(p.devices.length <= LIMITS.maxDevicesPerParticipant, 'device count');
    fault(new Set(p.devices.map((d) => d.id)).size === p.devices.length, 'unique device ids');
    for (const dev of p.devices) {
      fault(sameKeys(dev, ['id', 'key', 'signature', 'encryptedTo']), 'device keys');
      checkId(dev.id, LIMITS.maxDeviceIdLength, 'device id');
      checkKey(dev.key, 'device key');
      fault(dev.signature === null || (dev.signature.length <= MAX_KEY_TEXT_LENGTH && isCanonicalBase64(dev.signature)), 'signature');
      fault(typeof dev.encryptedTo === 'boolean', 'encryptedTo');
    }
  }
  return faults;
}

/** What every snapshot must hold, whatever the keys were. */
function snapshotViolations(d: ValidDisclosure, s: RosterSnapshot): string[] {
  const faults: string[] = [];
  const fault = (ok: boolean, what: string) => ok || faults.push(what);
  fault(s.participants.length === d.participants.length, 'participant count');
  fault(s.participants.filter((p) => p.isSelf).length === 1, 'exactly one self');
  fault(
    s.problems.every((line) => typeof line === 'string' && line.length > 0),
    'problem lines',
  );
  s.participants.forEach((p, i) => {
    fault(p.id === d.participants[i]!.id && p.devices.length === d.participants[i]!.devices.length, 'order kept');
    fault((p.identityKey === null) === (p.identityProblem !== null), 'identity key xor problem');
    for (const dev of p.devices) {
      fault(['signed', 'unsigned', 'bad-signature', 'invalid-key'].includes(dev.vouch), 'vouch value');
      fault((dev.key === null) === (dev.vouch === 'invalid-key'), 'invalid key has no key');
      if (p.identityKey === null) fault(dev.vouch !== 'signed', 'no vouching by an invalid identity');
    }
  });
  return faults;
}

const REASON = /^(?:[\w.[\]]+: \S.*|unsupported page-protocol version \S+|no conversation open)$/;

const tally = { refused: 0, accepted: 0, invalidKeys: 0, badSignatures: 0, reasons: new Map<string, number>() };

describe('fuzz: hostile disclosures', () => {
  it(`${RUNS} mutated or oversized disclosures: no throw, a reason for each refusal, limits held by each acceptance`, () => {
    fc.assert(
      fc.property(hostileText(HONEST), ({ text }) => {
        const result = parseDisclosure(text);
        if (!result.ok) {
          tally.refused++;
          expect(result.reason).toMatch(REASON);
          expect(result.reason.length).toBeLessThanOrEqual(120);
          const kind = result.reason.replace(/\[\d+\]/g, '[]');
          tally.reasons.set(kind, (tally.reasons.get(kind) ?? 0) + 1);
          return;
        }
        tally.accepted++;
        expect(limitViolations(result.disclosure)).toEqual([]);
        const snapshot = toSnapshot(result.disclosure, 'https://courier.example');
        expect(snapshotViolations(result.disclosure, snapshot)).toEqual([]);
        const devices = snapshot.participants.flatMap((p) => p.devices);
        if (devices.some((d) => d.vouch === 'invalid-key') || snapshot.participants.some((p) => p.identityProblem)) tally.invalidKeys++;
        if (devices.some((d) => d.vouch === 'bad-signature')) tally.badSignatures++;
      }),
      { numRuns: RUNS },
    );
    // The fuzz is only worth something if it reaches every outcome often.
    expect(tally.refused + tally.accepted).toBe(RUNS);
    expect(tally.refused).toBeGreaterThan(RUNS / 4);
    expect(tally.accepted).toBeGreaterThan(RUNS / 20);
    expect(tally.invalidKeys).toBeGreaterThan(50);
    expect(tally.badSignatures).toBeGreaterThan(50);
    expect(tally.reasons.size).toBeGreaterThan(40);
    // Ten thousand disclosures, many of them 16 MiB: 10–25 s alone, past the default minute on a machine busy with other work.
  }, 180_000);

  it('left no property on Object.prototype or Array.prototype', () => {
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });
});

afterAll(() => {
  const top = [...tally.reasons].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.info(
    `fuzz: ${tally.accepted} accepted (${tally.invalidKeys} with invalid keys, ${tally.badSignatures} with bad signatures), ` +
      `${tally.refused} refused with ${tally.reasons.size} distinct reasons; most common:\n` +
      top.map(([reason, n]) => `  ${n} × ${reason}`).join('\n'),
  );
});
