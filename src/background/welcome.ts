// The welcome page opens once, when KeyWatch is installed: not on an update,
// not when the browser starts again. Browsers also say "install" each time an
// unpacked or temporary copy is loaded into the same profile again, even with a
// new version (Chromium's --load-extension, Firefox's temporary add-ons, as the
// tests load KeyWatch), so a record that the page was shown (the `welcome` key,
// beside the trust store) keeps it to once per profile.
import { openExtensionPage } from '../platform/tabs';
import { log } from './log';
import { applyPlan, planWithStore, serialized } from './store';

export const WELCOME_KEY = 'welcome';
export const WELCOME_PAGE = 'welcome.html';

/** Opens the welcome page for a first install only: never for an update ('update', 'browser_update'…). */
export async function openWelcomeOnInstall(reason: string): Promise<void> {
  if (reason !== 'install') return;
  const first = await serialized(async () => {
    if ((await planWithStore((read) => read(WELCOME_KEY))) !== undefined) return false;
    await applyPlan({ writes: { [WELCOME_KEY]: { shownAt: Date.now() } }, deletes: [] });
    return true;
  });
  if (first) await openExtensionPage(WELCOME_PAGE).catch((error: unknown) => log.error('the welcome page could not be opened', error));
}
