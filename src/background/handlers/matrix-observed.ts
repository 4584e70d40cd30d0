// A Matrix web client's response, as the content script saw it: remember it
// (the rooms in storage.session; each user's keys verified at once and what
// KeyWatch verified kept in storage.local, so a restart does not start from
// nothing), then rebuild the open room's roster when the response can change
// it, and take that roster into the trust store. Every response is read again
// here; nothing the page said is trusted for a verdict. One observation at a
// time, in arrival order, so a later response always wins.

import { effectOf, noEffect } from '../../adapters/matrix/background/observation-apply';
import { isComplete, type RoomState } from '../../adapters/matrix/background/observed-state';
import { rememberedRoomOf, resolveOpenRoom } from '../../adapters/matrix/background/open-room';
import { verdictsOfKeysResponse, type KeysResponseVerdicts } from '../../adapters/matrix/background/keys-response';
import { verifyObservedUsers, type RememberedKeys } from '../../adapters/matrix/background/remembered-keys';
import { buildRoomSnapshot, serverOf } from '../../adapters/matrix/background/room-snapshot';
import { ROSTER_MEMBERSHIPS } from '../../adapters/matrix/background/roster-view';
import { accountOf } from '../../adapters/matrix/background/session-plan';
import { isRoomAlias, openRoomFromHash } from '../../adapters/matrix/shared/observation';
import { conversationKey } from '../../core/trust';
import type { BannerAlert, Messages } from '../../messages';
import { gap, notTakenIn, type GapReport } from '../../view/coverage';
import { rememberChecks, runChecked } from '../checked';
import { ingestSnapshot } from '../ingest';
import { log } from '../log';
import { alertRefusedReport } from '../refused-report';
import type { HandlerContext } from '../router';
import { reportCoverage, whilePending, type CoverageFacts } from '../tab-coverage';
import { refreshOtherBanners, showBannerInTopFrame } from '../banners';
import { currentDocument } from '../tab-document';
import { bannerKept, MAX_UNCHECKED_KEPT, readTabState, recordTabState, reportingPage, type ReportingPage } from '../tab-state';
import { failedServers, noteKeyResponse } from './matrix-failures';
import { showRememberedRoster } from './matrix-remembered-roster';
import { recallAliases, recallKeys, recallResponse, recallRoom, rememberKeys, rememberResponse } from './matrix-remembered';
import { loadRooms, loadMeta, saveChange, type SaveOutcome } from './matrix-session';

type Request = Messages['page/matrix-observed']['request'];
type Response = Messages['page/matrix-observed']['response'];

let tail: Promise<unknown> = Promise.resolve();
function inOrder<T>(task: () => Promise<T>): Promise<T> {
  const run = tail.then(task, task);
  tail = run.catch(() => undefined);
  return run;
}

export function handleMatrixObserved(request: Request, context: HandlerContext): Promise<Response> {
  const tabId = context.tabId!;
  return whilePending(tabId, () => observeFromFrame(request, context, tabId));
}

async function observeFromFrame(request: Request, context: HandlerContext, tabId: number): Promise<Response> {
  if (!context.fromFrame) return inOrder(() => observe(request, { ...reportingPage(context), tabId }));
  // A same-origin child frame's response (a client may fetch keys from an iframe): it is read for the tab's top
  // document, whose address says which room is open, and the banner is the top frame's to show.
  const page = { ...reportingPage(context), document: await currentDocument(tabId), tabId };
  const reply = await inOrder(() => observe({ ...request, openRoom: openRoomFromHash(new URL(page.url).hash) }, page));
  if (reply.ok && reply.banner !== null) await showBannerInTopFrame(tabId, 'matrix', reply.banner, page.document);
  return reply.ok ? { ok: true, banner: null } : reply;
}

interface Tab extends ReportingPage {
  tabId: number;
}

/** One observation, and then its coverage: what it read and what it could not, reported once whatever happened. */
async function observe(request: Request, tab: Tab): Promise<Response> {
  const coverage: CoverageFacts & { gaps: GapReport[] } = { url: tab.url, document: tab.document, gaps: [] };
  if (request.skipped > 0) coverage.gaps.push(gap.responsesUnread(request.skipped));
  try {
    return await observeRoom(request, tab, coverage);
  } catch (error) {
    // Nothing of this response was taken in (what was verified or learnt could not be kept, storage.local or
    // storage.session failing before the ingest): missed for the rest of the document, as a roster not stored.
    const reason = `the response could not be taken in: ${error instanceof Error ? error.message : String(error)}`;
    coverage.gaps.push(gap.writeFailed('the Matrix state', reason));
    throw error;
  } finally {
    await reportCoverage(tab.tabId, coverage);
  }
}

async function observeRoom(request: Request, tab: Tab, coverage: CoverageFacts & { gaps: GapReport[] }): Promise<Response> {
  // Each user's keys are verified once, as they arrive; the verdicts are what is kept (storage.local).
  const now = Date.now();
  const keys = request.kind === 'keys-query' ? await keysOfResponse(request.body, tab.origin, now) : null;
  const effect = keys === null ? effectOf(request) : { ...noEffect(), problems: keys.problems };
  const verified = keys?.verified ?? new Map<string, RememberedKeys>();
  for (const problem of effect.problems) log.refused(`matrix ${request.kind} from ${tab.origin}: ${problem}`, 'content-script');
  coverage.gaps.push(...effect.problems.map((problem) => gap.refused(`${request.kind}: ${problem}`)));
  const state = await loadMeta(tab.origin);
  const account = accountOf(request.clientUserId, { ...state.meta, whoami: effect.whoami ?? state.meta.whoami });
  const roomId = await openRoomOf(request, tab.origin, state.meta.aliases, effect.aliases);
  // The open room's membership this response held and KeyWatch could not read: missed for the rest of the document.
  if (roomId !== null && (effect.unreadRooms.includes(roomId) || effect.unreadRooms.includes('*')))
    coverage.gaps.push(gap.responsesUnread(1));
  const rooms = await loadRooms(tab.origin, [...new Set([...effect.rooms.keys(), ...(roomId === null ? [] : [roomId])])]);
  const updatedRooms = new Map([...effect.rooms].map(([id, apply]) => [id, apply(rooms.get(id) ?? null)]));
  const titled = new Map(
    [...updatedRooms]
      .filter(([, room]) => room.name !== null || room.alias !== null)
      .map(([id, room]) => [id, { name: room.name, alias: room.alias }]),
  );
  await rememberKeys(tab.origin, verified, effect.aliases, titled, keys?.fromKeptResponse ?? false);
  if (keys !== null) {
    if (keys.keep !== null) await rememberResponse(tab.origin, keys.keep);
    await noteKeyResponse(tab.origin, keys.failedServers, verified.keys(), now);
  }
  // The open room is let go last when a budget is passed.
  const pinned = new Set(roomId === null ? [] : [roomId]);
  const saved = await saveChange(
    tab.origin,
    state,
    { users: new Map(), rooms: updatedRooms, aliases: effect.aliases, whoami: effect.whoami },
    pinned,
  );
  const notKept = sessionProblems(saved, roomId);
  // The client's record of its device belongs to the login it records (mx_user_id).
  const accountDevice = account !== null && account === request.clientUserId ? request.clientDeviceId : null;

  if (roomId === null) {
    // The address names no room yet (a client starting up): the room it shows last, from memory, marked as such.
    const lastRoom = rememberedRoomOf(null, request.openRoom, request.lastRoomId);
    if (lastRoom !== null && account !== null && (await showRememberedRoster(tab, account, lastRoom, accountDevice))) {
      return { ok: true, banner: null };
    }
    const why =
      request.openRoom === null ? 'no Matrix room is open in this tab' : `the room ${request.openRoom} is not known to KeyWatch yet`;
    return { ok: true, banner: await showNothing(tab, [why, ...notKept].join('; ')) };
  }
  const room = await withTitle(
    tab.origin,
    roomId,
    updatedRooms.get(roomId) ?? rooms.get(roomId) ?? null,
    isRoomAlias(request.openRoom) ? request.openRoom : null,
  );
  const expected = account === null ? null : conversationKey(tab.origin, account, roomId);
  const touched =
    request.kind === 'view' ||
    request.kind === 'whoami' ||
    request.skipped > 0 ||
    notKept.length > 0 ||
    room === null ||
    updatedRooms.has(roomId) ||
    (room?.members.some((m) => verified.has(m.userId)) ?? false);
  if (!touched && expected !== null && (await readTabState(tab.tabId))?.conversationKey === expected) return { ok: true, banner: null };

  const shown = room?.members.filter((m) => ROSTER_MEMBERSHIPS.has(m.membership)).map((m) => m.userId) ?? [];
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
    // No member list from the client yet (it is starting up): what KeyWatch last took in of this room, marked as remembered.
    const unlisted = room === null || !isComplete(room);
    if (unlisted && account !== null && (await showRememberedRoster(tab, account, roomId, accountDevice)))
      return { ok: true, banner: null };
    return { ok: true, banner: await showNothing(tab, [built.reason, ...notKept].join('; ')) };
  }
  built.snapshot.problems.push(...notKept);
  // Read and checked, but not remembered: as for the page protocol, missed for the rest of the document.
  const outcome = await ingestSnapshot(built.snapshot).catch((error: unknown) => ({
    ok: false as const,
    reason: `the roster could not be stored: ${error instanceof Error ? error.message : String(error)}`,
    writeFailed: true,
  }));
  void rememberChecks();
  if (!outcome.ok) {
    const overLimit = 'overLimit' in outcome && outcome.overLimit === true;
    coverage.gaps.push(notTakenIn(tab.origin, outcome));
    if (!overLimit) await alertRefusedReport(tab.tabId, tab.url, outcome.reason);
    await showNothing(tab, outcome.reason);
    if ('raisedCritical' in outcome && outcome.raisedCritical === true) refreshOtherBanners(tab.tabId);
    return { ok: false, reason: outcome.reason };
  }
  coverage.read = {
    conversationKey: outcome.conversationKey,
    reader: { adapter: 'matrix', response: request.kind === 'view' ? null : request.kind },
    takenIn: outcome.takenIn,
  };
  const withheld = new Set(built.withheld);
  const notFetchedUsers = built.unchecked.filter((user) => !withheld.has(user));
  if (notFetchedUsers.length > 0) coverage.gaps.push(gap.keysMissing(notFetchedUsers));
  if (built.withheld.length > 0) coverage.gaps.push(gap.keysWithheld([...new Set(built.withheld.map(serverOf))], built.withheld));
  const missing = [
    notFetchedUsers.length > 0
      ? `${notFetchedUsers.length} member(s) not checked yet: the client has not fetched their keys while KeyWatch was watching`
      : null,
    built.withheld.length > 0
      ? `${built.withheld.length} member(s) not checked: their server did not answer the client's key request`
      : null,
    ...notKept,
  ]
    .filter((line) => line !== null)
    .join('; ');
  await recordTabState(tab.tabId, tab, {
    conversationKey: outcome.conversationKey,
    problem: missing || null,
    adapter: 'matrix',
    accountDevice,
    ...(built.unchecked.length > 0 ? { unchecked: built.unchecked.slice(0, MAX_UNCHECKED_KEPT) } : {}),
  });
  if (outcome.raisedCritical) refreshOtherBanners(tab.tabId);
  return { ok: true, banner: outcome.banner };
}

/**
 * The verdicts on the users a /keys/query response names (keys-response.ts):
 * a user whose keys are exactly as when last verified (also before a restart)
 * keeps that verdict, a response seen before without being read again.
 */
function keysOfResponse(text: string, origin: string, now: number): Promise<KeysResponseVerdicts> {
  return verdictsOfKeysResponse(
    text,
    { response: (source) => recallResponse(origin, source), users: (userIds) => recallKeys(origin, userIds) },
    async (users, kept) => (await runChecked((checks) => verifyObservedUsers(users, now, checks, kept))).value,
    now,
  );
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

/** What could not be kept, as problem lines for the roster and the tab: never dropped silently. */
function sessionProblems(saved: SaveOutcome, openRoom: string | null): string[] {
  const lines: string[] = [];
  if (saved.failure !== null) {
    lines.push(
      `KeyWatch could not keep what the page just received: ${saved.failure}; it was checked now, but a later change to it may be missed`,
    );
  }
  if (openRoom !== null && saved.evicted.rooms.includes(openRoom)) {
    lines.push(
      `KeyWatch could not keep this room's member list (the browser's storage for it is full); it was checked now, but the room cannot be read again until the client fetches its members again`,
    );
  }
  return lines;
}

/**
 * Records that the tab shows no room. The banner of the room this document showed stays up, as for the page protocol
 * (page-nothing.ts): remembered (bannerOf), so that it follows that room's alerts; returns the banner to show (null:
 * leave it as it is).
 */
async function showNothing(tab: Tab, problem: string): Promise<BannerAlert[] | null> {
  const current = await readTabState(tab.tabId);
  const bannerOf = bannerKept(current, tab, 'matrix');
  const banner = bannerOf ? null : [];
  if (
    current?.conversationKey === null &&
    current.problem === problem &&
    current.url === tab.url &&
    current.document === tab.document &&
    current.bannerOf === bannerOf
  )
    return banner;
  await recordTabState(tab.tabId, tab, { conversationKey: null, problem, adapter: 'matrix', ...(bannerOf ? { bannerOf } : {}) });
  return banner;
}
