// Opens the verify page for the tab the popup speaks about (its ?tab=, or the
// active tab). Only the tab and whom to compare go in the URL; the page asks
// the background for the keys.
import { activeTabId, openExtensionPage } from '../platform/tabs';
import { verifyPath } from './target';

export async function openVerifyPage(subject: { kind: 'contact'; contactId: string } | { kind: 'group' }): Promise<void> {
  const fromQuery = new URLSearchParams(location.search).get('tab');
  const tabId = fromQuery !== null && /^\d+$/.test(fromQuery) ? Number(fromQuery) : await activeTabId();
  if (tabId === null) return;
  await openExtensionPage(
    verifyPath(subject.kind === 'group' ? { tabId, kind: 'group' } : { tabId, kind: 'contact', contactId: subject.contactId }),
  );
}
