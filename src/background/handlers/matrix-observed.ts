// A Matrix web client's response, as the content script saw it: remember it in
// storage.session (per origin), then rebuild the open room's roster when the
// response can change it, and take that roster into the trust store. Every
// response is read again here; nothing the page said is trusted for a verdict.
// One observation at a time, in arrival order, so a later response always wins.

import { effectOf } from '../../adapters/matrix/background/observation-apply';
import { buildRoomSnapshot } from '../../adapters/matrix/background/room-snapshot';
import { ROSTER_MEMBERSHIPS } from '../../adapters/matrix/background/roster-view';
import { accountOf, resolveOpenRoom } from '../../adapters/matrix/background/session-plan';
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
import { loadRooms, loadUsers, loadMeta, saveChange } from './matrix-session';

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
  await saveChange(tab.origin, state, { users: effect.users, rooms: updatedRooms, aliases: effect.aliases, whoami: effect.whoami });

  const account = accountOf(request.clientUserId, state.meta);
  const roomId = resolveOpenRoom(request.openRoom, state.meta, effect.aliases);
  if (roomId === null) {
    await showNothing(
      tab,
      request.openRoom === null ? 'no Matrix room is open in this tab' : `the room ${request.openRoom} is not known to KeyWatch yet`,
    );
    return { ok: true, banner: [] };
  }
  const room = updatedRooms.get(roomId) ?? (await loadRooms(tab.origin, [roomId])).get(roomId) ?? null;
  const expected = account === null ? null : conversationKey(tab.origin, account, roomId);
  const touched =
    request.kind === 'view' ||
    request.kind === 'whoami' ||
    request.skipped > 0 ||
    updatedRooms.has(roomId) ||
    (room?.members.some((m) => effect.users.has(m.userId)) ?? false);
  if (!touched && expected !== null && (await readTabState(tab.tabId))?.conversationKey === expected) return { ok: true, banner: null };

  const shown = room?.members.filter((m) => ROSTER_MEMBERSHIPS.has(m.membership)).map((m) => m.userId) ?? [];
  const keys = await loadUsers(tab.origin, shown);
  const input = { origin: tab.origin, account, roomId, room, keys, skipped: request.skipped };
  const { value: built } = await runChecked((checks) => buildRoomSnapshot(input, checks));
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
  if (room && !room.ingested)
    await saveChange(tab.origin, state, {
      users: new Map(),
      rooms: new Map([[roomId, { ...room, ingested: true }]]),
      aliases: new Map(),
      whoami: null,
    });
  const missing =
    built.missingKeys.length === 0 ? null : `${built.missingKeys.length} member(s) not shown until the client fetches their keys`;
  coverage.read = {
    conversationKey: outcome.conversationKey,
    reader: { adapter: 'matrix', response: request.kind === 'view' ? null : request.kind },
  };
  if (built.missingKeys.length > 0) coverage.gaps.push(gap.keysMissing(built.missingKeys));
  await recordTabState(tab.tabId, tab, { conversationKey: outcome.conversationKey, problem: missing, adapter: 'matrix' });
  return { ok: true, banner: outcome.banner };
}

async function showNothing(tab: Tab, problem: string): Promise<void> {
  const current = await readTabState(tab.tabId);
  if (current?.conversationKey === null && current.problem === problem && current.url === tab.url) return;
  await recordTabState(tab.tabId, tab, { conversationKey: null, problem, adapter: 'matrix' });
}
