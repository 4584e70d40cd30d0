// Fuzz: 10,000 hostile changes (users' keys with long text in every width a
// browser charges differently, rooms of many members with such names, hostile
// ids, aliases) written through the byte budgets into a simulated
// storage.session shared by three origins, the way the background writes them
// (handlers/matrix-session.ts). After every write, what each browser would
// charge, by the rules measured in Chromium 156 and Firefox ESR 153, stays
// within the origin's budget and the total; the index names exactly what is
// stored; the open room's members are the last to go; nothing unsigned is kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyRoom, usersOfKeysQuery, type RoomState, type UserKeys } from './observed-state';
import { SESSION_QUOTA_BYTES } from './session-bytes';
import {
  emptyMeta,
  keysOfOrigin,
  metaKey,
  ORIGINS_KEY,
  planOrigins,
  planSessionWrite,
  readMeta,
  readOrigins,
  readRoom,
  readUserKeys,
  SESSION_LIMITS,
  type MatrixMeta,
  type SessionChange,
} from './session-plan';

const STEPS = 10_000;
const ORIGINS = ['https://a.example', 'https://b.example', 'https://c.example'];

/** What Chrome charged in storage.session (measured): UTF-8 bytes of key and string value, plus 7. */
const encoder = new TextEncoder();
function chromeBytes(key: string, value: unknown): number {
  return encoder.encode(key).length + (typeof value === 'string' ? encoder.encode(value).length : 0) + 8;
}
/** What Firefox charged (measured): one byte per UTF-16 unit if all are below 256, else two; plus 16. */
function firefoxBytes(key: string, value: unknown): number {
  const units = (text: string) => {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return 2 * text.length;
    return text.length;
  };
  return units(key) + (typeof value === 'string' ? units(value) : 8) + 17;
}

/** Text in every width: ASCII, Latin-1, a unit above 255, three-byte, astral, a lone surrogate, JSON escapes. */
const UNITS = ['a', 'é', 'Ā', '字', '😀', '\ud800', '"', '\\', '\u0000', '\u202e'];
const hostileText = (max: number) =>
  fc
    .tuple(fc.array(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 4 }), fc.nat({ max }))
    .map(([units, n]) => units.join('').repeat(Math.max(1, Math.floor(n / units.join('').length))));
/** Mostly a few kilobytes; now and then large enough that one user passes its own bound. */
const mostlySmall = fc.oneof({ weight: 60, arbitrary: hostileText(4_000) }, { weight: 1, arbitrary: hostileText(150_000) });
const userId = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 0, max: 400 }).map((n) => `@u${n}:example.org`) },
  { weight: 1, arbitrary: hostileText(60).map((t) => `@${t}:x`) },
);

type Step =
  | { kind: 'keys'; origin: number; users: Array<{ id: string; pad: string; unsigned: string; devices: number }> }
  | { kind: 'room'; origin: number; roomId: string; members: number; name: string }
  | { kind: 'aliases'; origin: number; count: number; text: string }
  | { kind: 'open'; origin: number; roomId: string };

const roomId = fc.integer({ min: 0, max: 30 }).map((n) => `!r${n}:example.org`);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('keys' as const),
      origin: fc.nat({ max: 2 }),
      users: fc.array(fc.record({ id: userId, pad: mostlySmall, unsigned: mostlySmall, devices: fc.integer({ min: 1, max: 4 }) }), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('room' as const),
      origin: fc.nat({ max: 2 }),
      roomId,
      members: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 200 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 2000 }) },
      ),
      name: hostileText(256),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('aliases' as const),
      origin: fc.nat({ max: 2 }),
      count: fc.nat({ max: 600 }),
      text: hostileText(200),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('open' as const), origin: fc.nat({ max: 2 }), roomId }) },
);

/** A room of `count` members named with hostile text (names bounded as the parser bounds them). */
function roomOf(count: number, name: string): RoomState {
  const members = Array.from({ length: count }, (_, i) => ({
    userId: `@u${i}:example.org`,
    displayName: `${name}`.slice(0, 256),
    membership: 'join' as const,
  }));
  return { ...emptyRoom(), members, listed: true, name: name.slice(0, 256) };
}

describe('Matrix session budgets: fuzz', () => {
  it(`keeps ${STEPS.toLocaleString('en')} hostile changes within every byte budget, as both browsers charge them`, () => {
    const store = new Map<string, unknown>();
    /** Each origin's index and rooms as last written, as the background keeps its index in memory. */
    const metas = new Map<string, MatrixMeta>();
    const rooms = new Map<string, RoomState>();
    /** What each stored entry costs in each browser, computed once when written, and each origin's keys and totals. */
    const charged = new Map<string, { origin: string; chrome: number; firefox: number }>();
    const keysByOrigin = new Map<string, Set<string>>(ORIGINS.map((o) => [o, new Set()]));
    const totals = new Map(ORIGINS.map((o) => [o, { chrome: 0, firefox: 0 }]));
    const remove = (key: string) => {
      const was = charged.get(key);
      if (was) {
        totals.get(was.origin)!.chrome -= was.chrome;
        totals.get(was.origin)!.firefox -= was.firefox;
        keysByOrigin.get(was.origin)!.delete(key);
      }
      store.delete(key);
      charged.delete(key);
      rooms.delete(key);
    };
    const put = (origin: string, key: string, value: unknown) => {
      remove(key);
      const cost = { origin, chrome: chromeBytes(key, value), firefox: firefoxBytes(key, value) };
      store.set(key, value);
      charged.set(key, cost);
      totals.get(origin)!.chrome += cost.chrome;
      totals.get(origin)!.firefox += cost.firefox;
      keysByOrigin.get(origin)!.add(key);
    };
    const open: Array<string | null> = [null, null, null];
    let pinnedSurvived = 0;
    let evictions = 0;
    let checked = 0;
    const steps = fc.sample(step, { numRuns: STEPS, seed: 11 });
    for (const s of steps) {
      const origin = ORIGINS[s.origin]!;
      const meta = metas.get(origin) ?? emptyMeta();
      const change = {
        users: new Map<string, UserKeys>(),
        rooms: new Map<string, RoomState>(),
        aliases: new Map<string, string>(),
        whoami: null,
      } satisfies SessionChange;
      if (s.kind === 'keys') {
        const body = {
          device_keys: Object.fromEntries(
            s.users.map((u) => [
              u.id,
              Object.fromEntries(
                Array.from({ length: u.devices }, (_, d) => [
                  `D${d}`,
                  { user_id: u.id, device_id: `D${d}`, pad: u.pad, unsigned: { device_display_name: u.unsigned } },
                ]),
              ),
            ]),
          ),
        };
        const { users } = usersOfKeysQuery(body);
        for (const [id, keys] of users) {
          if (typeof keys === 'string') expect(keys.includes('"unsigned"'), 'unsigned is dropped at the border').toBe(false);
          change.users.set(id, keys);
        }
      } else if (s.kind === 'room') change.rooms.set(s.roomId, roomOf(s.members, s.name));
      else if (s.kind === 'aliases')
        for (let i = 0; i < s.count; i++) change.aliases.set(`#${s.text.slice(0, 100)}${i}:x`, `!r${i % 30}:example.org`);
      else open[s.origin] = s.roomId;

      // The open room's members are pinned, as the handler pins them.
      const openRoom = open[s.origin] ? rooms.get(`matrix/${origin}/room/${open[s.origin]}`) : null;
      const pinned = new Set([...(open[s.origin] ? [open[s.origin]!] : []), ...(openRoom?.members.map((m) => m.userId) ?? [])]);
      const plan = planSessionWrite(origin, meta, change, pinned);
      const origins = planOrigins(readOrigins(store.get(ORIGINS_KEY)), origin, plan.bytes);
      const forgotten = origins.forget.flatMap((o) => keysOfOrigin(o, metas.get(o) ?? emptyMeta()));
      for (const key of [...plan.deletes, ...forgotten]) remove(key);
      metas.set(origin, plan.meta);
      for (const o of origins.forget) metas.delete(o);
      for (const [key, value] of Object.entries(plan.writes)) put(origin, key, value);
      for (const [id, room] of change.rooms) if (store.has(`matrix/${origin}/room/${id}`)) rooms.set(`matrix/${origin}/room/${id}`, room);
      store.set(ORIGINS_KEY, JSON.stringify(origins.index));
      evictions += plan.evicted.users.length + plan.evicted.rooms.length + origins.forget.length;
      const evictedUsers = new Set(plan.evicted.users);
      if (pinned.size > 1 && [...pinned].every((id) => !evictedUsers.has(id))) pinnedSurvived++;

      // The origin written: what the browsers would charge stays within its budget, and all origins' within the total.
      const cost = totals.get(origin)!;
      expect(cost.chrome).toBeLessThanOrEqual(SESSION_LIMITS.originBytes);
      expect(cost.firefox).toBeLessThanOrEqual(SESSION_LIMITS.originBytes);
      const all = [...totals.values()].reduce((n, t) => ({ chrome: n.chrome + t.chrome, firefox: n.firefox + t.firefox }), {
        chrome: 0,
        firefox: 0,
      });
      expect(all.chrome).toBeLessThanOrEqual(SESSION_LIMITS.totalBytes);
      expect(all.firefox).toBeLessThanOrEqual(SESSION_LIMITS.totalBytes);
      // Its index names exactly what is stored for it.
      expect(keysByOrigin.get(origin)!.size).toBe(plan.meta.users.length + plan.meta.rooms.length + 1);
      // Now and then, in full: the same keys, and everything reads back through its schema.
      if (++checked % 250 === 0) {
        expect(keysByOrigin.get(origin)).toEqual(new Set(keysOfOrigin(origin, plan.meta)));
        expect(readMeta(store.get(metaKey(origin)))).toEqual(plan.meta);
        for (const [id] of plan.meta.users) expect(readUserKeys(store.get(`matrix/${origin}/user/${id}`))).not.toBeNull();
        for (const [id] of plan.meta.rooms) expect(readRoom(store.get(`matrix/${origin}/room/${id}`))).not.toBeNull();
      }
    }
    // The run must actually have pressed on the budgets and kept the open rooms' members.
    expect(evictions).toBeGreaterThan(STEPS / 10);
    expect(pinnedSurvived).toBeGreaterThan(STEPS / 100);
    expect(SESSION_LIMITS.totalBytes).toBeLessThan(SESSION_QUOTA_BYTES);
  }, 180_000);
});
