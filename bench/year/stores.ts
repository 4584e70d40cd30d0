// The stores the year-of-use benchmarks compare, made once and cached under
// artifacts/year-of-use/ (keyed by the page origin and a hash of the code that
// makes them, so a change to the trust core builds them again):
// - year: a year of heavy use (src/core/trust/testing/year-of-use), whose
//   largest conversation is the 1,000-person page the browser benchmark opens,
//   with real keys and signatures, so the page's first report changes nothing;
// - retained: the same after retention;
// - onlyLargest: only what that conversation needs (its people and their alerts);
// - fresh: a new, empty store.
// The page is served from a fixed port (the first free one of a few), since
// every stored record names the page's origin.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDisclosure } from '../../src/adapters/page-protocol/parse';
import {
  curve25519Pair,
  disclosureOf,
  ed25519Pair,
  type DisclosureObject,
  type ParticipantSpec,
} from '../../src/adapters/page-protocol/testing/test-fixture';
import { toSnapshot } from '../../src/adapters/page-protocol/to-snapshot';
import { planMigration, SUMMARY_KEY } from '../../src/core/trust';
import { buildYearOfUse } from '../../src/core/trust/testing/year-of-use/year-of-use';
import { onlyConversation } from '../../src/core/trust/testing/year-of-use/only-conversation';
import { startTestServer, type TestServer } from '../../e2e/harness';
import { repoRoot } from '../../e2e/harness/paths';

export type Store = Record<string, unknown>;

export const LARGEST = 1000;
/** The first member whose new devices the page → badge measurements add. */
export const CHANGING_MEMBER = 500;
/**
 * New devices given to one member before the next takes over: well within the page protocol's 64 devices per
 * participant, past which a report is refused (and its badge never comes), however many changes a bench makes.
 */
const NEW_DEVICES_PER_MEMBER = 16;
const PORTS = Array.from({ length: 20 }, (_, i) => 48480 + i);
const CACHE = join(repoRoot, 'artifacts/year-of-use');

export interface YearStores {
  origin: string;
  year: Store;
  retained: Store;
  onlyLargest: Store;
  fresh: Store;
  largestKey: string;
  /** How long building them took now, in ms; null when they came from the cache. */
  builtMs: number | null;
  /** When the year ended (its last snapshot, a moment before the benchmark). */
  end: number;
  /** Retention's count of compacted alerts. */
  compacted: number;
}

/** Serves the benchmark's pages on the first free port of a few (the stores name the origin). */
export async function startYearServer(): Promise<TestServer> {
  for (const port of PORTS) {
    try {
      return await startTestServer({ port });
    } catch {
      // Taken: try the next one.
    }
  }
  throw new Error(`no free port among ${PORTS[0]}–${PORTS.at(-1)} for the year-of-use page`);
}

function person(i: number): ParticipantSpec {
  return {
    id: `member-${i}`,
    name: `Member ${i}`,
    identity: ed25519Pair(`year-${i}`),
    devices: [{ id: 'd1', key: curve25519Pair(`year-${i}-d1`, 32) }],
  };
}

let basePeople: ParticipantSpec[] | null = null;

/** The 1,000-person conversation as its page discloses it, with `extraDevices` new devices for one member (signed by them). */
export function largestDisclosure(extraDevices: number): DisclosureObject {
  basePeople ??= Array.from({ length: LARGEST }, (_, i) => person(i));
  // The k-th new device (from 1) goes to member CHANGING_MEMBER + ⌊(k - 1) / NEW_DEVICES_PER_MEMBER⌋.
  const people = basePeople.map((p, i) => {
    const first = (i - CHANGING_MEMBER) * NEW_DEVICES_PER_MEMBER + 1;
    const last = Math.min(extraDevices, first + NEW_DEVICES_PER_MEMBER - 1);
    if (i < CHANGING_MEMBER || first > last) return p;
    const added = Array.from({ length: last - first + 1 }, (_, j) => first + j);
    return { ...p, devices: [...p.devices, ...added.map((k) => ({ id: `tablet-${k}`, key: curve25519Pair(`year-tablet-${k}`, 32) }))] };
  });
  const disclosure = disclosureOf('member-0', people);
  return { ...disclosure, conversation: { ...disclosure.conversation, title: 'All hands (1,000)' } };
}

/** Every source file that decides what the stores hold. */
function sourceHash(origin: string): string {
  const hash = createHash('sha256').update(origin);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name)) hash.update(path).update(readFileSync(path));
    }
  };
  for (const dir of ['src/core', 'src/adapters/page-protocol']) walk(join(repoRoot, dir));
  hash.update(readFileSync(join(repoRoot, 'bench/year/stores.ts')));
  return hash.digest('hex').slice(0, 16);
}

export function yearStores(origin: string): YearStores {
  const file = join(CACHE, `${sourceHash(origin)}.json`);
  if (existsSync(file)) return { ...(JSON.parse(readFileSync(file, 'utf8')) as YearStores), builtMs: null };
  const started = performance.now();
  const parsed = parseDisclosure(JSON.stringify(largestDisclosure(0)));
  if (!parsed.ok) throw new Error(parsed.reason);
  const largest = toSnapshot(parsed.disclosure, origin);
  if (largest.problems.length > 0) throw new Error(`the benchmark's page has problems: ${largest.problems[0]}`);
  const end = Date.now() - 60_000;
  const built = buildYearOfUse({ largest, end });
  const retention = planMigration(built.store, end + 1, { compactNotices: true });
  if (!retention.ok) throw new Error(retention.reason);
  const retained = { ...built.store, ...retention.writes };
  for (const key of retention.deletes) delete retained[key];
  const fresh = planMigration({}, end);
  if (!fresh.ok) throw new Error(fresh.reason);
  const stores: YearStores = {
    origin,
    year: built.store,
    retained,
    onlyLargest: onlyConversation(built.store, built.largestConversation, end),
    fresh: fresh.writes,
    largestKey: built.largestConversation,
    builtMs: performance.now() - started,
    end,
    compacted: retention.compacted,
  };
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(file, JSON.stringify(stores));
  return stores;
}

/** The store as the browser should hold it now: checked just now (so no daily check starts while it is measured). */
export function checkedNow(store: Store): Store {
  const summary = store[SUMMARY_KEY] as { checkedAt: number | null } | undefined;
  return summary ? { ...store, [SUMMARY_KEY]: { ...summary, checkedAt: Date.now() } } : store;
}
