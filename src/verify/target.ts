// What the verify page was opened for, from its query string: a tab, and
// either a contact's id or the group. Only which row to show comes from here;
// every key and number comes from the background's view of that tab.
export type VerifyTarget = { tabId: number; kind: 'contact'; contactId: string } | { tabId: number; kind: 'group' };

export function readTarget(search: string): VerifyTarget | null {
  const query = new URLSearchParams(search);
  const tab = query.get('tab');
  if (tab === null || !/^\d{1,10}$/.test(tab)) return null;
  const tabId = Number(tab);
  if (query.get('group') === '1') return { tabId, kind: 'group' };
  const contactId = query.get('contact');
  return contactId ? { tabId, kind: 'contact', contactId } : null;
}

export function verifyPath(target: VerifyTarget): string {
  const query = new URLSearchParams({ tab: String(target.tabId) });
  if (target.kind === 'group') query.set('group', '1');
  else query.set('contact', target.contactId);
  return `verify.html?${query}`;
}
