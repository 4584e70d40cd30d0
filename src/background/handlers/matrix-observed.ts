// A Matrix web client's response, as the content script saw it: remember it
// (the rooms in storage.session; each user's keys verified at once and what
// KeyWatch verified kept in storage.local, so a restart does not start from
// nothing), then rebuild the open room's roster when the response can change
// it, and take that roster into the trust store. Every response is read again
// here; nothing the page said is trusted for a verdict. One observation at a
// time, in arrival order, so a later response always wins.

import { effectOf } from '../../adapters/matrix/background/observation-apply';
import type { RoomState } from '../../adapters/matrix/background/observed-state';
import { resolveOpenRoom } from '../../adapters/matrix/background/open-room';
import { verifyObservedUsers } from '../../adapters/matrix/background/remembered-keys';
import { buildRoomSnapshot, serverOf } from '../../adapters/matrix/background/room-snapshot';
import { ROSTER_MEMBERSHIPS } from '../../adapters/matrix/background/roster-view';
import { accountOf } from '../../adapters/matrix/background/session-plan';
import { isRoomAlias } from '../../adapters/matrix/shared/observation';
import { conversationKey } from '../../core/trust';
import type { Messages } from '../../messages';
import { gap, type GapReport } from '../../view/coverage';
import { rememberChecks, runChecked } from '../checked';
import { ingestSnapshot } from '../ingest';
import { log } from '../log';
import { alertRefusedReport } from '../refused-report';
import type { HandlerContext } from '../router';
import { reportCoverage, whilePending, type CoverageFacts } from '../tab-coverage';
import { readTabState, recordTabState } from '../tab-state';
import { failedServers, noteKeyResponse } from './matrix-failures';
import { recallAliases, recallKeys, recallRoom, rememberKeys } from './matrix-remembered';
import { loadRooms, loadMeta, saveChange } from './matrix-session';

type Request = Messages['page/matrix-observed']['request'];
type Response = Messages['page/matrix-observed']['response'];

let tail: Promise<unknown> = Promise.resolve();
function inOrder<T>(task: () => Promise<T>): Promise<T> {
  const run = tail.then(task, task);
  tail = run.catch(() => undefined);
  return run;
}

export function handleMatrixObserved(request: Request, context: HandlerContext): Promise<Response> {
  // The origin comes from the browser's record of the sender, never from the page.
  const origin = new URL(context.senderUrl).origin;
  const tab = { origin, tabId: context.tabId!, url: context.senderUrl };
  return whilePending(tab.tabId, () => inOrder(() => observe(request, tab)));
}

interface Tab {
  origin: string;
  tabId: number;
  url: string;
}

/** One observation, and then its coverage: what it read and what it could not, reported once whatever happened. */
async function observe(request: Request, tab: Tab): Promise<Response> {
  const coverage: CoverageFacts & { gaps: GapReport[] } = { url: tab.url, gaps: [] };
  if (request.skipped > 0) coverage.gaps.push(gap.responsesUnread(request.skipped));
  try {
    return await observeRoom(request, tab, coverage);
  } finally {
    await reportCoverage(tab.tabId, coverage);
  }
}

async function observeRoom(request: Request, tab: Tab, coverage: CoverageFacts & { gaps: GapReport[] }): Promise<Response> {
  const effect = effectOf(request);
  for (const problem of effect.problems) log.refused(`matrix ${request.kind} from ${tab.origin}: ${problem}`, 'content-script');
  coverage.gaps.push(...effect.problems.map((problem) => gap.refused(`${request.kind}: ${problem}`)));
  const state = await loadMeta(tab.origin);
  const rooms = await loadRooms(tab.origin, [...effect.rooms.keys()]);
  const updatedRooms = new Map([...effect.rooms].map(([roomId, apply]) => [roomId, apply(rooms.get(roomId) ?? null)]));
  // Each user's keys are verified once, as they arrive; the verdicts are what is kept.
  const now = Date.now();
  const titled = new Map(
    [...updatedRooms]
      .filter(([, room]) => room.name !== null || room.alias !== null)
      .map(([id, room]) => [id, { name: room.name, alias: room.alias }]),
  );
  const verified =
    effect.users.size === 0 ? new Map() : (await runChecked((checks) => verifyObservedUsers(effect.users, now, checks))).value;
  await rememberKeys(tab.origin, verified, effect.aliases, titled);
  if (request.kind === 'keys-query') await noteKeyResponse(tab.origin, effect.failedServers, effect.users.keys(), now);
  await saveChange(tab.origin, state, { users: new Map(), rooms: updatedRooms, aliases: effect.aliases, whoami: effect.whoami });

  const account = accountOf(request.clientUserId, state.meta);
  const roomId = await openRoomOf(request, tab.origin, state.meta.aliases, effect.aliases);
  if (roomId === null) {
    await showNothing(
      tab,
      request.openRoom === null ? 'no Matrix room is open in this tab' : `the room ${request.openRoom} is not known to KeyWatch yet`,
    );
    return { ok: true, banner: [] };
  }
  const room = await withTitle(
    tab.origin,
    roomId,
    updatedRooms.get(roomId) ?? (await loadRooms(tab.origin, [roomId])).get(roomId) ?? null,
    isRoomAlias(request.openRoom) ? request.openRoom : null,
  );
  const expected = account === null ? null : conversationKey(tab.origin, account, roomId);
  const touched =
    request.kind === 'view' ||
    request.kind === 'whoami' ||
    request.skipped > 0 ||
    updatedRooms.has(roomId) ||
    (room?.members.some((m) => effect.users.has(m.userId)) ?? false);
  if (!touched && expected !== null && (await readTabState(tab.tabId))?.conversationKey === expected) return { ok: true, banner: null };

  const shown = room?.members.filter((m) => ROSTER_MEMBERSHIPS.has(m.membership)).map((m) => m.userId) ?? [];
  // The client's record of its device belongs to the login it records (mx_user_id).
  const accountDevice = account !== null && account === request.clientUserId ? request.clientDeviceId : null;
  const built = buildRoomSnapshot({
    origin: tab.origin,
    account,
    roomId,
    room,
    keys: await recallKeys(tab.origin, shown),
    failedServers: await failedServers(tab.origin),
    skipped: request.skipped,
    accountDevice,
    onlySigned: request.excludeInsecureDevices,
  });
  if (built.status === 'waiting') {
    await showNothing(tab, built.reason);
    return { ok: true, banner: [] };
  }
  const outcome = await ingestSnapshot(built.snapshot).catch((error: unknown) => ({
    ok: false as const,
    reason: `the roster could not be taken in: ${error instanceof Error ? error.message : String(error)}`,
  }));
  void rememberChecks();
  if (!outcome.ok) {
    const overLimit = 'overLimit' in outcome && outcome.overLimit === true;
    coverage.gaps.push(overLimit ? gap.overLimit(tab.origin, outcome.reason) : gap.refused(outcome.reason));
    if (!overLimit) await alertRefusedReport(tab.tabId, tab.url, outcome.reason);
    await showNothing(tab, outcome.reason);
    return { ok: false, reason: outcome.reason };
  }
  coverage.read = {
    conversationKey: outcome.conversationKey,
    reader: { adapter: 'matrix', response: request.kind === 'view' ? null : request.kind },
  };
  const notFetchedUsers = built.unchecked.filter((user) => !built.withheld.includes(user));
  if (notFetchedUsers.length > 0) coverage.gaps.push(gap.keysMissing(notFetchedUsers));
  if (built.withheld.length > 0) coverage.gaps.push(gap.keysWithheld([...new Set(built.withheld.map(serverOf))], built.withheld));
  const notFetched = built.unchecked.length - built.withheld.length;
  const missing = [
    notFetched > 0 ? `${notFetched} member(s) not checked yet: the client has not fetched their keys while KeyWatch was watching` : null,
    built.withheld.length > 0
      ? `${built.withheld.length} member(s) not checked: their server did not answer the client's key request`
      : null,
  ]
    .filter((line) => line !== null)
    .join('; ');
  await recordTabState(tab.tabId, tab, {
    conversationKey: outcome.conversationKey,
    problem: missing || null,
    adapter: 'matrix',
    accountDevice,
    ...(built.unchecked.length > 0 ? { unchecked: built.unchecked.slice(0, 1000) } : {}),
  });
  return { ok: true, banner: outcome.banner };
}

/** The room the address shows, as a room id (see open-room.ts). */
async function openRoomOf(
  request: Request,
  origin: string,
  sessionAliases: ReadonlyArray<readonly [string, string]>,
  learnt: ReadonlyMap<string, string>,
): Promise<string | null> {
  const { openRoom, lastRoomId } = request;
  if (!isRoomAlias(openRoom)) return resolveOpenRoom({ openRoom, lastRoomId, aliases: [], aliasOfRoom: () => null });
  const aliases = [learnt, new Map(sessionAliases), await recallAliases(origin)];
  const lastRoom = lastRoomId === null ? null : ((await loadRooms(origin, [lastRoomId])).get(lastRoomId) ?? null);
  const aliasOfRoom = (roomId: string) =>
    lastRoom?.alias ?? aliases.flatMap((map) => [...map].filter(([, id]) => id === roomId).map(([alias]) => alias))[0] ?? null;
  return resolveOpenRoom({ openRoom, lastRoomId, aliases, aliasOfRoom });
}

/**
 * A room whose name and alias this browser session has not seen (after a
 * restart) gets those learnt before; failing that, the alias the address shows
 * it by (which KeyWatch resolved to this room) names it.
 */
async function withTitle(origin: string, roomId: string, room: RoomState | null, addressAlias: string | null): Promise<RoomState | null> {
  if (room === null || room.name !== null || room.alias !== null) return room;
  const remembered = await recallRoom(origin, roomId);
  if (remembered) return { ...room, name: remembered.name, alias: remembered.alias ?? addressAlias };
  return addressAlias === null ? room : { ...room, alias: addressAlias };
}

async function showNothing(tab: Tab, problem: string): Promise<void> {
  const current = await readTabState(tab.tabId);
  if (current?.conversationKey === null && current.problem === problem && current.url === tab.url) return;
  await recordTabState(tab.tabId, tab, { conversationKey: null, problem, adapter: 'matrix' });
}
