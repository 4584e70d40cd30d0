// KeyWatch opens its welcome page in a new, active tab when it is installed
// into a new profile, as every test's first launch does. A page a test opened
// would then be a background tab, whose timers and rendering the browser slows
// or stops. So a fresh profile's welcome page is closed before the test goes
// on (e2e/welcome tests it); its opening is awaited, so every fresh launch also
// checks that it opens.
import { pollUntil } from './poll';
import type { ExtensionBrowser } from './types';

export async function closeWelcomePage(browser: ExtensionBrowser): Promise<void> {
  await pollUntil(
    'the welcome page to open on install',
    () =>
      browser.inExtension(async () => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        const views = (api.extension.getViews({ type: 'tab' }) as any[]).filter((view) => view.location.pathname === '/welcome.html');
        for (const view of views) {
          const tab = await ((view.browser ?? view.chrome).tabs.getCurrent() as Promise<{ id: number }>);
          await api.tabs.remove(tab.id);
        }
        return views.length > 0;
      }, null),
    15_000,
  );
}
