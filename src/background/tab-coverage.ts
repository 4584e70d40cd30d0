// Each tab's coverage record (src/view/coverage.ts) in storage.session, beside
// its tab state: it outlives a stopped worker, not the browser. Reports of one
// tab are applied one at a time, in arrival order. Which reports are being
// checked right now is known in memory only: a stopped worker checks nothing.
import {
  applyCoverageReport,
  documentOf,
  type CoverageReport,
  type GapReport,
  type CoverageReader,
  type TabCoverage,
} from '../view/coverage';
import type { ReadAgainPush } from '../messages';
import { readKeys, removeKeys, writeKeys } from '../platform/storage';
import { openTabIds, sendToTab } from '../platform/tabs';
import { log } from './log';
import { RosterReplacements } from './roster-replacements';

const keyOf = (tabId: number) => `coverage/${tabId}`;

const queues = new Map<number, Promise<unknown>>();
const replacements = new RosterReplacements();
const pendingReports = new Map<number, number>();

function inOrder<T>(tabId: number, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(tabId) ?? Promise.resolve()).then(task, task);
  const tail = run.catch(() => undefined);
  queues.set(tabId, tail);
  void tail.then(() => {
    if (queues.get(tabId) === tail) queues.delete(tabId);
  });
  return run;
}

function isCoverage(value: unknown): value is TabCoverage {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<TabCoverage>;
  return typeof c.document === 'string' && Array.isArray(c.gaps) && (c.lastRead === null || typeof c.lastRead === 'object');
}

export async function readTabCoverage(tabId: number): Promise<TabCoverage | null> {
  const value = (await readKeys('session', [keyOf(tabId)]))[keyOf(tabId)];
  return isCoverage(value) ? value : null;
}

/** What a handler learned about one report: pass to `reportCoverage`. */
export interface CoverageFacts {
  /** The sending document's address (the fragment is ignored). */
  url: string;
  /** The sending document's id (HandlerContext.document), when known. */
  document?: string | null;
  /**
   * The report was read and taken in: the conversation it showed, who read it, and the number of the store write
   * that took it in (store.ts, storeWrites).
   */
  read?: { conversationKey: string; reader: CoverageReader; takenIn: number };
  gaps?: readonly GapReport[];
}

/** Adds one report to the tab's coverage record. Never throws: a record that cannot be written is logged. */
export function reportCoverage(tabId: number, facts: CoverageFacts): Promise<void> {
  const report: CoverageReport = {
    document: documentOf(facts.url),
    documentId: facts.document ?? null,
    read: facts.read ? { conversationKey: facts.read.conversationKey, reader: facts.read.reader } : null,
    gaps: facts.gaps ?? [],
  };
  if (report.read === null && report.gaps.length === 0) return Promise.resolve();
  return inOrder(tabId, async () => {
    // Taken in before an import replaced that roster (the import's forgetting may have run already): not a read of it.
    if (facts.read && replacements.replacedSince(facts.read.conversationKey, facts.read.takenIn)) {
      if (report.gaps.length === 0) return;
      report.read = null;
    }
    const next = applyCoverageReport(await readTabCoverage(tabId), report, Date.now());
    await writeKeys('session', { [keyOf(tabId)]: next });
  }).catch((error: unknown) => log.error(`the coverage of tab ${tabId} could not be recorded`, error));
}

/**
 * Forgets, in every tab, that one of these conversations was read: their stored rosters were replaced, by the store
 * write numbered `write` (store.ts, storeWrites), with something no page of this browser showed (an import), so no
 * tab reads them as fresh until its page is read again; nor does a read taken in before that write and noted after.
 * A page-protocol page is asked to report again at once (Matrix clients report as their client fetches).
 */
export async function forgetReadsOf(conversationKeys: ReadonlySet<string>, write: number): Promise<void> {
  if (conversationKeys.size === 0) return;
  replacements.note(conversationKeys, write);
  // The open tabs' records only, not the whole area (which holds the carried copy): this runs inside the import's
  // turn of the store's queue. A closed tab's record goes with it.
  const tabs = await openTabIds();
  await Promise.all(
    tabs.map((tabId) =>
      inOrder(tabId, async () => {
        const record = await readTabCoverage(tabId);
        if (!record?.lastRead || !conversationKeys.has(record.lastRead.conversationKey)) return;
        await writeKeys('session', { [keyOf(tabId)]: { ...record, lastRead: null } });
        if (record.lastRead.adapter !== 'page-protocol' || !record.documentId) return;
        const push: ReadAgainPush = { type: 'page/read-again', document: record.documentId };
        // Not waited for: a page busy for a while answers when it can; one that no longer runs our script does not.
        void sendToTab(tabId, push).catch(() => undefined);
      }),
    ),
  );
}

export async function forgetTabCoverage(tabId: number): Promise<void> {
  pendingReports.delete(tabId);
  await removeKeys('session', [keyOf(tabId)]);
}

/** Runs the checking of one report of a tab; while it runs, the tab's standing is not checked. */
export async function whilePending<T>(tabId: number, task: () => Promise<T>): Promise<T> {
  pendingReports.set(tabId, (pendingReports.get(tabId) ?? 0) + 1);
  try {
    return await task();
  } finally {
    const left = (pendingReports.get(tabId) ?? 1) - 1;
    if (left > 0) pendingReports.set(tabId, left);
    else pendingReports.delete(tabId);
  }
}

export function isPending(tabId: number): boolean {
  return pendingReports.has(tabId);
}
