// One full safety number (both sides, 5,200 iterations, nothing cached) against
// libsignal's native Fingerprint in the same run; then the portable engine, a
// plain @noble/hashes loop, and a number whose local side is already cached.

import { randomBytes } from 'node:crypto';
import { sha512 } from '@noble/hashes/sha2.js';
import { Fingerprint, PrivateKey, PublicKey } from '@signalapp/libsignal-client';
import { concatBytes } from '../src/core/encoding';
import { clearSafetyNumberCache, computeSafetyNumber } from '../src/core/safety-number';
import { activeEngine, iterateSha512 } from '../src/core/sha512-block';
import type { Bench, Benchmark } from './harness';

const ITERATIONS = 5200;

function party() {
  return { stableId: new Uint8Array(randomBytes(16)), identityKey: PrivateKey.generate().getPublicKey().serialize() };
}

/** One side the way computeSafetyNumber does it, on a chosen engine. */
function side(p: ReturnType<typeof party>, engine: 'wasm' | 'js'): Uint8Array {
  const first = sha512(concatBytes(Uint8Array.of(0, 0), p.identityKey, p.stableId, p.identityKey));
  return iterateSha512(first, p.identityKey, ITERATIONS - 1, engine);
}

function nobleSide(p: ReturnType<typeof party>): Uint8Array {
  let h = sha512(concatBytes(Uint8Array.of(0, 0), p.identityKey, p.stableId, p.identityKey));
  for (let i = 1; i < ITERATIONS; i++) h = sha512(concatBytes(h, p.identityKey));
  return h;
}

const benchmark: Benchmark = {
  name: `Safety number, ${ITERATIONS} iterations, cold (both sides computed)`,
  run(bench: Bench) {
    const alice = party(),
      bob = party();
    const aliceKey = PublicKey.deserialize(alice.identityKey),
      bobKey = PublicKey.deserialize(bob.identityKey);
    const ours = computeSafetyNumber(alice, bob);
    const reference = Fingerprint.new(ITERATIONS, 2, alice.stableId, aliceKey, bob.stableId, bobKey);
    if (ours.digits !== reference.displayableFingerprint().toString()) throw new Error('results differ from libsignal');

    bench.print(`  engine in use: ${activeEngine()}`);
    const [libsignal, keywatch, portable, noble] = bench.compare(
      {
        'libsignal (native)': () => {
          const f = Fingerprint.new(ITERATIONS, 2, alice.stableId, aliceKey, bob.stableId, bobKey);
          return [f.displayableFingerprint().toString(), f.scannableFingerprint().toBuffer()];
        },
        'KeyWatch computeSafetyNumber': () => computeSafetyNumber(alice, bob),
        'KeyWatch portable engine (no WebAssembly)': () => [side(alice, 'js'), side(bob, 'js')],
        'plain @noble/hashes loop': () => [nobleSide(alice), nobleSide(bob)],
      },
      { runs: 25, before: clearSafetyNumberCache },
    );
    bench.table([libsignal!, keywatch!, portable!, noble!], libsignal!);
    bench.goal('KeyWatch / libsignal', keywatch!.median / libsignal!.median, 2, '×');

    const carol = party();
    computeSafetyNumber(alice, carol);
    const [warm] = bench.compare({ 'KeyWatch, local side cached': () => computeSafetyNumber(alice, party()) }, { runs: 25 });
    bench.table([warm!], libsignal!);
  },
};

export default benchmark;
