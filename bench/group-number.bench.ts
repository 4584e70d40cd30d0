// A 1,000-member group, cold: every pairwise side (the local one once, then one
// per other member) plus the group number, as the background computes them for
// a group conversation. Compared with libsignal computing the same 999 pairwise
// numbers (it has no cache, so two sides each).

import { randomBytes } from 'node:crypto';
import { Fingerprint, PrivateKey, PublicKey } from '@signalapp/libsignal-client';
import { groupSafetyNumber, type GroupMember } from '../src/core/group-number';
import { clearSafetyNumberCache, computeSafetyNumber } from '../src/core/safety-number';
import { activeEngine } from '../src/core/sha512-block';
import { ms, type Bench, type Benchmark } from './harness';

const MEMBERS = 1000;

const benchmark: Benchmark = {
  name: `Group of ${MEMBERS}: all pairwise numbers + group number, cold`,
  async run(bench: Bench) {
    const members: GroupMember[] = Array.from({ length: MEMBERS }, () => ({
      stableId: new Uint8Array(randomBytes(16)),
      identityKey: PrivateKey.generate().getPublicKey().serialize(),
      algorithm: 'curve25519',
    }));
    const [self, ...others] = members;
    const everything = () => {
      for (const other of others) computeSafetyNumber(self!, other);
      return groupSafetyNumber(members, { iterations: 5200 + Math.floor(Math.random() * 1000) }); // never a cached group
    };
    bench.print(`  engine in use: ${activeEngine()}`);
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      clearSafetyNumberCache();
      times.push(bench.once(everything));
    }
    times.sort((a, b) => a - b);
    bench.print(`  KeyWatch, 3 cold runs: ${times.map(ms).join(', ')}`);

    const selfKey = PublicKey.deserialize(members[0]!.identityKey as Uint8Array<ArrayBuffer>);
    const otherKeys = others.map((m) => PublicKey.deserialize(m.identityKey as Uint8Array<ArrayBuffer>));
    const libsignal = bench.once(() =>
      otherKeys.forEach((key, i) =>
        Fingerprint.new(
          5200,
          2,
          self!.stableId as Uint8Array<ArrayBuffer>,
          selfKey,
          others[i]!.stableId as Uint8Array<ArrayBuffer>,
          key,
        ).displayableFingerprint(),
      ),
    );
    bench.print(`  libsignal, ${others.length} pairwise numbers: ${ms(libsignal)}`);
    bench.print(`  KeyWatch (median) / libsignal: ${(times[1]! / libsignal).toFixed(2)}×`);
    bench.goal('KeyWatch slowest cold run', times[2]!, 3000, 'ms');
  },
};

export default benchmark;
