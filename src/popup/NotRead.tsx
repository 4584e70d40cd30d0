// What the popup says for a tab KeyWatch has nothing from: it must never read as
// "nothing to see" when KeyWatch could not look (no access, or a tab opened before the grant).
import { useEffect, useState } from 'preact/hooks';
import { isDocumentAnswer } from '../messages';
import { manifestHosts } from '../platform/runtime';
import { mayReadAddress, withheldDeclaredOrigins } from '../platform/scripting';
import { sendToTab, tabAddress } from '../platform/tabs';
import { t } from '../ui/i18n';

type Reach = 'no-access' | 'no-reader' | 'read';

/** How long the tab's top frame has to answer: a reader answers at once, unless the page keeps its thread busy. */
const ANSWER_TIMEOUT_MS = 2000;

async function reachOf(tabId: number): Promise<Reach> {
  const url = await tabAddress(tabId);
  if (url === undefined || !/^https?:/.test(url) || !(await mayReadAddress(url))) return 'no-access';
  let timer: ReturnType<typeof setTimeout> | undefined;
  // No answer in time: something is there but busy, most likely a reader, so not "reload".
  const busy = new Promise<'busy'>((resolve) => (timer = setTimeout(() => resolve('busy'), ANSWER_TIMEOUT_MS)));
  const answer = await Promise.race([sendToTab(tabId, { type: 'document/which' }, 0).catch(() => null), busy]);
  clearTimeout(timer);
  return answer === 'busy' || isDocumentAnswer(answer) ? 'read' : 'no-reader';
}

export function NotRead({ tabId }: { tabId: number }) {
  const [reach, setReach] = useState<Reach | null>(null);
  const [withheld, setWithheld] = useState<string[]>([]);
  useEffect(() => {
    void reachOf(tabId).then(setReach, () => setReach('no-access'));
    void withheldDeclaredOrigins(manifestHosts().host_permissions ?? []).then(setWithheld, () => undefined);
  }, [tabId]);
  return (
    <div class="pad">
      <p class="muted" data-testid="not-read" data-reach={reach ?? ''}>
        {reach === null
          ? t('popupLoading')
          : reach === 'no-access'
            ? t('popupNoAccess')
            : reach === 'no-reader'
              ? t('popupReloadToRead')
              : t('popupNothingHere')}
      </p>
      {withheld.map((origin) => (
        <p key={origin} role="alert" data-testid="withheld-site">
          {t('sitesWithheld', origin)}
        </p>
      ))}
    </div>
  );
}
