// What the popup says for a tab KeyWatch has nothing from: it must never read as
// "nothing to see" when KeyWatch could not look (no access, or a tab opened before the grant).
import { useEffect, useState } from 'preact/hooks';
import { manifestHosts } from '../platform/runtime';
import { mayReadAddress, withheldDeclaredOrigins } from '../platform/scripting';
import { tabAddress } from '../platform/tabs';
import { askTopDocument } from '../platform/top-document';
import { t } from '../ui/i18n';

type Reach = 'no-access' | 'no-reader' | 'read';

async function reachOf(tabId: number): Promise<Reach> {
  const url = await tabAddress(tabId);
  if (url === undefined || !/^https?:/.test(url) || !(await mayReadAddress(url))) return 'no-access';
  // No answer in time: something is there but busy, most likely a reader, so not "reload".
  return (await askTopDocument(tabId)) === null ? 'no-reader' : 'read';
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
