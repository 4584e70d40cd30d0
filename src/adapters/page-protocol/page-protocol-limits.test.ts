// The text limit and the participant limit agree as docs/page-protocol.md says:
// 5,000 participants, written as JSON.stringify writes them, fit in the text
// limit with up to 13 devices each at typical lengths and up to 7 at the longest
// ids and names; one device more and the text limit refuses the roster whole.
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../core/encoding';
import { parseDisclosure } from './parse';
import { PAGE_PROTOCOL_LIMITS as LIMITS } from './protocol';
import type { DisclosureObject } from './testing/test-fixture';

const KEY = toBase64(Uint8Array.of(5, ...new Uint8Array(32).fill(7)));
const SIGNATURE = toBase64(new Uint8Array(64).fill(9));

/** `participants` people with `devices` devices each, every id and name padded to `idLength`/`nameLength` characters. */
function roster(participants: number, devices: number, idLength: number, nameLength: number, deviceIdLength: number): string {
  const pad = (prefix: string, length: number) => prefix.padEnd(length, 'x');
  const people = Array.from({ length: participants }, (_, i) => ({
    id: pad(`member-${i}-`, idLength),
    name: pad(`Member ${i} `, nameLength),
    identityKey: { algorithm: 'curve25519' as const, key: KEY },
    shown: true,
    devices: Array.from({ length: devices }, (_, d) => ({
      id: pad(`device-${d}-`, deviceIdLength),
      key: { algorithm: 'curve25519' as const, key: KEY },
      signature: SIGNATURE,
      encryptedTo: true,
    })),
  }));
  const disclosure: DisclosureObject = {
    version: 1,
    messenger: 'M'.repeat(LIMITS.maxMessengerLength),
    account: people[0]!.id,
    conversation: { id: pad('c', LIMITS.maxConversationIdLength), title: pad('t', LIMITS.maxTitleLength), kind: 'group' },
    participants: people,
  };
  return JSON.stringify(disclosure);
}

describe('the text limit and the participant limit agree', () => {
  it(`${LIMITS.maxParticipants} participants at the longest ids, names and device ids, 4 devices each, fit and are accepted`, () => {
    const text = roster(LIMITS.maxParticipants, 4, LIMITS.maxParticipantIdLength, LIMITS.maxNameLength, LIMITS.maxDeviceIdLength);
    expect(text.length).toBeLessThanOrEqual(LIMITS.maxTextLength);
    expect(text.length / 2 ** 20).toBeGreaterThan(9.5); // 9.7 MiB, as the documentation says
    const parsed = parseDisclosure(text);
    expect(parsed.ok && parsed.disclosure.participants.length).toBe(LIMITS.maxParticipants);
  });

  it(`${LIMITS.maxParticipants} participants with ids of a usual length and 8 devices each fit`, () => {
    const text = roster(LIMITS.maxParticipants, 8, 28, 20, 10);
    expect(text.length).toBeLessThanOrEqual(LIMITS.maxTextLength);
    expect(parseDisclosure(text).ok).toBe(true);
  });

  it(`${LIMITS.maxParticipants} participants fit with up to 13 devices each at usual lengths, 7 at the longest, as the documentation says`, () => {
    expect(roster(LIMITS.maxParticipants, 13, 28, 20, 10).length).toBeLessThanOrEqual(LIMITS.maxTextLength);
    expect(roster(LIMITS.maxParticipants, 14, 28, 20, 10).length).toBeGreaterThan(LIMITS.maxTextLength);
    const longest = (devices: number) =>
      roster(LIMITS.maxParticipants, devices, LIMITS.maxParticipantIdLength, LIMITS.maxNameLength, LIMITS.maxDeviceIdLength);
    expect(longest(7).length).toBeLessThanOrEqual(LIMITS.maxTextLength);
    const over = longest(8);
    expect(over.length).toBeGreaterThan(LIMITS.maxTextLength);
    expect(parseDisclosure(over)).toEqual({ ok: false, reason: `text: longer than ${LIMITS.maxTextLength} characters` });
  });

  it('what the old 1 MiB limit refused, a roster of 2,900 with one device each, is taken', () => {
    const text = roster(2_900, 1, 28, 20, 10);
    expect(text.length).toBeGreaterThan(1_048_576);
    expect(parseDisclosure(text).ok).toBe(true);
  });
});
