// A Matrix web client's response, as the content script saw it: remember it in
// storage.session (per origin), then rebuild the open room's roster when the
// response can change it, and take that roster into the trust store. Every
// response is read again here; nothing the page said is trusted for a verdict.
// One observation at a time, in arrival order, so a later response always wins.

import { effectOf } from '../../adapters/matrix/background/observation-apply';
import { buildRoomSnapshot } from '../../adapters/matrix/background/room-snapshot';
import { ROSTER_MEMBERSHIPS } from '../../adapters/matrix/background/roster-view';
import { accountOf, resolveOpenRoom } from '../../adapters/matrix/background/session-plan';
import { openRoomFromHash } from '../../adapters/matrix/shared/observation';
import { conversationKey } from '../../core/trust';
import type { Messages } from '../../messages';
import { gap, type GapReport } from '../../view/coverage';
import { ingestSnapshot } from '../ingest';
import { log } from '../log';
import { alertRefusedReport } from '../refused-report';
import type { HandlerContext } from '../router';
import { reportCoverage, whilePending, type CoverageFacts } from '../tab-coverage';
import { readTabState, recordTabState, reportingPage, type ReportingPage } from '../tab-state';
import { currentDocument } from '../tab-document';
import { showBannerInTopFrame } from '../banners';
import { loadRooms, loadUsers, loadMeta, saveChange, type SaveOutcome } from './matrix-session';

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
  if (reply.ok && reply.banner !== null) await showBannerInTopFrame(tabId, 'matrix', reply.banner);
  return reply.ok ? { ok: true, banner: null } : reply;
}

interface Tab extends ReportingPage {
  tabId: number;
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
  const account = accountOf(request.clientUserId, { ...state.meta, whoami: effect.whoami ?? state.meta.whoami });
  const roomId = resolveOpenRoom(request.openRoom, state.meta, effect.aliases);
  const rooms = await loadRooms(tab.origin, [...new Set([...effect.rooms.keys(), ...(roomId === null ? [] : [roomId])])]);
  const updatedRooms = new Map([...effect.rooms].map(([id, apply]) => [id, apply(rooms.get(id) ?? null)]));
  const room = roomId === null ? null : (updatedRooms.get(roomId) ?? rooms.get(roomId) ?? null);
  // The open room and its members are let go last when a budget is passed.
  const pinned = new Set([...(roomId === null ? [] : [roomId]), ...(room?.members.map((m) => m.userId) ?? [])]);
  const saved = await saveChange(
    tab.origin,
    state,
    { users: effect.users, rooms: updatedRooms, aliases: effect.aliases, whoami: effect.whoami },
    pinned,
  );
  const notKept = sessionProblems(saved, pinned);

  if (roomId === null) {
    const why =
      request.openRoom === null ? 'no Matrix room is open in this tab' : `the room ${request.openRoom} is not known to KeyWatch yet`;
    await showNothing(tab, [why, ...notKept].join('; '));
    return { ok: true, banner: [] };
  }
  const expected = account === null ? null : conversationKey(tab.origin, account, roomId);
  const touched =
    request.kind === 'view' ||
    request.kind === 'whoami' ||
    request.skipped > 0 ||
    notKept.length > 0 ||
    updatedRooms.has(roomId) ||
    (room?.members.some((m) => effect.users.has(m.userId)) ?? false);
  if (!touched && expected !== null && (await readTabState(tab.tabId))?.conversationKey === expected) return { ok: true, banner: null };

  const shown = room?.members.filter((m) => ROSTER_MEMBERSHIPS.has(m.membership)).map((m) => m.userId) ?? [];
  // What this response held is checked even when it could not be kept.
  const keys = await loadUsers(tab.origin, shown);
  for (const userId of shown) if (effect.users.has(userId)) keys.set(userId, effect.users.get(userId)!);
  const built = buildRoomSnapshot({ origin: tab.origin, account, roomId, room, keys, skipped: request.skipped });
  if (built.status === 'waiting') {
    await showNothing(tab, [built.reason, ...notKept].join('; '));
    return { ok: true, banner: [] };
  }
  built.snapshot.problems.push(...notKept);
  const outcome = await ingestSnapshot(built.snapshot).catch((error: unknown) => ({
    ok: false as const,
    reason: `the roster could not be taken in: ${error instanceof Error ? error.message : String(error)}`,
  }));
  if (!outcome.ok) {
    const overLimit = 'overLimit' in outcome && outcome.overLimit === true;
    coverage.gaps.push(overLimit ? gap.overLimit(tab.origin, outcome.reason) : gap.refused(outcome.reason));
    if (!overLimit) await alertRefusedReport(tab.tabId, tab.url, outcome.reason);
    await showNothing(tab, outcome.reason);
    return { ok: false, reason: outcome.reason };
  }
  if (room && !room.ingested && saved.failure === null)
    await saveChange(
      tab.origin,
      state,
      { users: new Map(), rooms: new Map([[roomId, { ...room, ingested: true }]]), aliases: new Map(), whoami: null },
      pinned,
    );
  const missing =
    built.missingKeys.length === 0 ? null : `${built.missingKeys.length} member(s) not shown until the client fetches their keys`;
  coverage.read = {
    conversationKey: outcome.conversationKey,
    reader: { adapter: 'matrix', response: request.kind === 'view' ? null : request.kind },
  };
  if (built.missingKeys.length > 0) coverage.gaps.push(gap.keysMissing(built.missingKeys));
  const problem = [...(missing === null ? [] : [missing]), ...notKept].join('; ') || null;
  await recordTabState(tab.tabId, tab, { conversationKey: outcome.conversationKey, problem, adapter: 'matrix' });
  return { ok: true, banner: outcome.banner };
}

/** What could not be kept, as problem lines for the roster and the tab: never dropped silently. */
function sessionProblems(saved: SaveOutcome, pinned: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  if (saved.failure !== null) {
    lines.push(
      `KeyWatch could not keep what the page just received: ${saved.failure}; it was checked now, but a later change to it may be missed`,
    );
  }
  const members = saved.evicted.users.filter((userId) => pinned.has(userId)).length;
  if (members > 0) {
    lines.push(
      `the keys of ${members} member(s) of this room did not fit in what KeyWatch keeps for this site; they were checked now, but a change to them is missed until the client fetches them again`,
    );
  }
  return lines;
}

async function showNothing(tab: Tab, problem: string): Promise<void> {
  const current = await readTabState(tab.tabId);
  if (current?.conversationKey === null && current.problem === problem && current.url === tab.url && current.document === tab.document)
    return;
  await recordTabState(tab.tabId, tab, { conversationKey: null, problem, adapter: 'matrix' });
}
