// The records page over a year of use (retained, as storage.local holds it):
// what opening it costs in the page (the one full read decoded, validated and
// collected) against what following a change costs now that it applies the
// changes' new values (src/options/records-held.ts) instead of reading the
// whole store again. Node only: on top of the full read, the browser spends
// its own main thread reading storage.local and sending the reply, which a
// followed change does not cost at all.
import { parseStorageKey } from '../src/core/trust';
import { encodeStore } from '../src/core/trust';
import { applyChanges, holdRecords, snapshotOf, type StoredChange } from '../src/options/records-held';
import { type Benchmark } from './harness';
import { startYearServer, yearStores, type Store } from './year/stores';

const benchmark: Benchmark = {
  name: 'Records page: following a change against reading the whole store',
  async run(bench) {
    const server = await startYearServer();
    await server.close();
    const stores = yearStores(server.origin);
    const stored = JSON.parse(JSON.stringify(encodeStore(stores.retained))) as Store;
    const keysOf = (store: Store, kind: string) => Object.keys(store).filter((k) => parseStorageKey(k).kind === kind);
    const contacts = keysOf(stored, 'contact');
    const alerts = keysOf(stored, 'alert');
    bench.print(
      `  store: ${(Buffer.byteLength(JSON.stringify(stored)) / 1e6).toFixed(1)} MB as stored, ${contacts.length} contacts, ${alerts.length} alerts`,
    );
    const held = holdRecords(stored);
    const shown = snapshotOf(held);
    const rewritten = (keys: string[]): StoredChange[] => keys.map((key) => ({ key, newValue: structuredClone(stored[key]) }));
    const largestContacts = keysOf(stores.onlyLargest, 'contact').filter((k) => Object.hasOwn(stored, k));
    const follow = (changes: StoredChange[]) => () => {
      const next = applyChanges(held, changes);
      return snapshotOf(next.held, { snapshot: shown, touched: next.touched });
    };
    const timings = bench.compare(
      {
        'full read (on opening; before, on every change)': () => snapshotOf(holdRecords(stored)),
        'one contact changed': follow(rewritten(contacts.slice(0, 1))),
        'one alert changed': follow(rewritten(alerts.slice(0, 1))),
        [`the largest conversation's ${largestContacts.length} contacts`]: follow(rewritten(largestContacts)),
        'a report touching no shown record': follow([{ key: 'v5/summary', newValue: stored['v5/summary'] }]),
      },
      { runs: 15, warmup: 2 },
    );
    bench.table(timings, timings[0]!);
  },
};

export default benchmark;
