import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8 } from '../encoding';
import { checksNow, type Checks } from './checks';
import { CheckBatch } from './deferred-checks';
import { ChunkedCheckMemory, type RecordStorage } from './chunked-memory';
import { nodeNativeEd25519 } from './testing/both-paths';
import { ed25519Signer, honestSignature, mixedOrderR } from './testing/crafted-signatures';
import { MapCheckMemory } from './testing/memory-map';
import { parsePublicKey, type KeyError } from '../keys';

const signers = Array.from({ length: 6 }, (_, i) => ed25519Signer(new Uint8Array(32).fill(i + 1)));
const message = (i: number) => utf8(`device ${i}`);

/** A little verification program with a dependency, like Matrix's: a key checked, then only if valid its signatures. */
function program(checks: Checks): string[] {
  const out: string[] = [];
  signers.forEach((signer, i) => {
    let key: Uint8Array;
    try {
      key = parsePublicKey('ed25519', i === 5 ? ed25519.Point.ZERO.toBytes() : signer.publicKey, 'device', checks.point).publicKey;
    } catch (error) {
      out.push(`${i}: ${(error as KeyError).code}`);
      return;
    }
    const signature = i % 2 === 0 ? honestSignature(signer, message(i)) : mixedOrderR(signer, message(i));
    const first = checks.signature({ scheme: 'ed25519', publicKey: key, message: message(i), signature });
    // Only when the first verifies is the second asked for.
    const second = first && checks.signature({ scheme: 'ed25519', publicKey: key, message: message(i + 100), signature });
    out.push(`${i}: ${first} ${second}`);
  });
  return out;
}

describe('CheckBatch', () => {
  it('gives exactly what checks computed on the spot give, on both paths, foreseeing every check', async () => {
    const expected = program(checksNow);
    expect(expected).toEqual(['0: true false', '1: false false', '2: true false', '3: false false', '4: true false', '5: small-order']);
    for (const native of [await nodeNativeEd25519(), null]) {
      const { value, stats } = await new CheckBatch(native, new MapCheckMemory()).run(program);
      expect(value).toEqual(expected);
      expect(stats.unforeseen).toBe(0);
      expect(stats.path).toBe(native ? 'webcrypto' : 'portable');
      // The first run answers "valid" to everything, so it asks for all twelve signatures, the small-order key's too.
      expect(stats.signatures).toEqual({ asked: 12, remembered: 0, verified: 12 });
      expect(stats.keys).toEqual({ asked: 6, remembered: 0, computed: 6 });
    }
  });

  it('runs the builder once when every provisional answer proves right, if asked; twice otherwise; the same result either way', async () => {
    /** Five valid keys, each with one signature: all honest, or the second one forged. */
    const signed = (forgeSecond: boolean) => (checks: Checks) =>
      signers.slice(0, 5).map((signer, i) => {
        const key = parsePublicKey('ed25519', signer.publicKey, 'device', checks.point).publicKey;
        const signature = forgeSecond && i === 1 ? mixedOrderR(signer, message(i)) : honestSignature(signer, message(i));
        return checks.signature({ scheme: 'ed25519', publicKey: key, message: message(i), signature });
      });
    const honest = signed(false);
    for (const native of [await nodeNativeEd25519(), null]) {
      const once = await new CheckBatch(native, new MapCheckMemory()).run(honest, { finalWhenGuessedRight: true });
      expect(once.value).toEqual([true, true, true, true, true]);
      expect(once.stats.runs).toBe(1);
      expect(once.stats.signatures).toEqual({ asked: 5, remembered: 0, verified: 5 });
      const twice = await new CheckBatch(native, new MapCheckMemory()).run(honest);
      expect(twice.value).toEqual(once.value);
      expect(twice.stats.runs).toBe(2);
      // A provisional answer proved wrong (a forged signature, a small-order key): the builder runs again with the real answers.
      const forged = await new CheckBatch(native, new MapCheckMemory()).run(signed(true), { finalWhenGuessedRight: true });
      expect(forged.value).toEqual([true, false, true, true, true]);
      expect(forged.stats.runs).toBe(2);
      const mixed = await new CheckBatch(native, new MapCheckMemory()).run(program, { finalWhenGuessedRight: true });
      expect(mixed.value).toEqual(program(checksNow));
      expect(mixed.stats.runs).toBe(2);
    }
  });

  it('checks nothing again once remembered, also with a new memory reading the same storage (a restarted worker)', async () => {
    const items = new Map<string, unknown>();
    const storage: RecordStorage = {
      read: async (keys) => Object.fromEntries(keys.filter((k) => items.has(k)).map((k) => [k, items.get(k)])),
      write: async (written) => Object.entries(written).forEach(([k, v]) => items.set(k, structuredClone(v))),
    };
    const memory = new ChunkedCheckMemory(storage);
    const first = await new CheckBatch(await nodeNativeEd25519(), memory).run(program);
    await memory.save();
    const restarted = await new CheckBatch(await nodeNativeEd25519(), new ChunkedCheckMemory(storage)).run(program);
    expect(restarted.value).toEqual(first.value);
    // Answered from memory, the run asks only what the real run needs: the small-order key's and the failed ones' follow-ups are not asked.
    expect(restarted.stats.signatures).toEqual({ asked: 8, remembered: 8, verified: 0 });
    expect(restarted.stats.runs).toBe(1);
    expect(restarted.stats.keys).toEqual({ asked: 6, remembered: 6, computed: 0 });
  });

  it('ignores a remembered outcome this code could not have written', async () => {
    const memory = new MapCheckMemory();
    const batch = new CheckBatch(null, memory);
    await batch.run(program);
    for (const id of memory.outcomes.keys()) memory.outcomes.set(id, 200);
    const { value, stats } = await batch.run(program);
    expect(value).toEqual(program(checksNow));
    expect(stats.signatures.remembered).toBe(0);
  });
});
