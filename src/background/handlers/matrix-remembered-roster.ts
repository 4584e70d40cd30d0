// After a browser restart the client spends seconds starting up from IndexedDB
// before it loads the open room's members. Meanwhile the popup shows the people
// KeyWatch last took in for that room (the conversation's last roster, kept in
// the trust store) with their verdicts, marked as remembered: the tab state
// says so, the standing stays "not checked" (view/standing.ts, reason
// 'remembered'), and nothing is ingested. When the client's member list comes,
// the room is built and taken in as always, so a member who joined or left
// while the browser was closed is found by the usual diff.

import { conversationKey } from '../../core/trust';
import { documentOf, sameDocument } from '../../view/coverage';
import { planWithStore } from '../store';
import { readTabCoverage } from '../tab-coverage';
import { readTabState, recordTabState, type ReportingPage } from '../tab-state';

/**
 * Points the tab at the remembered roster of `roomId` for `account`, if the
 * trust store holds one and the tab's document has not read this room yet;
 * false otherwise (nothing was shown).
 */
export async function showRememberedRoster(
  tab: ReportingPage & { tabId: number },
  account: string,
  roomId: string,
  accountDevice: string | null,
): Promise<boolean> {
  const key = conversationKey(tab.origin, account, roomId);
  // Read already in this document, and now unlisted: the room could not be kept (storage full), which the tab must say.
  const coverage = await readTabCoverage(tab.tabId);
  if (coverage && sameDocument(coverage, documentOf(tab.url), tab.document) && coverage.lastRead?.conversationKey === key) return false;
  const known = await planWithStore((read) => read(key) !== undefined);
  if (!known) return false;
  const current = await readTabState(tab.tabId);
  if (current?.conversationKey === key && current.remembered === true && current.url === tab.url && current.document === tab.document)
    return true;
  await recordTabState(tab.tabId, tab, { conversationKey: key, problem: null, adapter: 'matrix', accountDevice, remembered: true });
  return true;
}
