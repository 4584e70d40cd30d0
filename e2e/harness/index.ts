import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import { extensionDirs } from './paths';
import type { BrowserName, ExtensionBrowser, LaunchOptions } from './types';
import { closeWelcomePage } from './welcome-page';

export * from './types';
export { startTestServer, type TestServer } from './server';
export { pollUntil, sleep } from './poll';

/** Launches browsers with the built extension; closes them and deletes their profiles at the end. */
export class BrowserPool {
  private readonly open = new Set<ExtensionBrowser>();
  private readonly root = mkdtempSync(join(tmpdir(), 'keywatch-e2e-'));

  constructor(readonly browser: BrowserName) {}

  profile(name: string): string {
    return join(this.root, name);
  }

  /**
   * Launches the dev build, or the build in `extra.extensionDir`. In a new
   * profile, the welcome page KeyWatch opens on install is closed first
   * (welcome-page.ts) unless `keepWelcomePage` is set.
   */
  async launch(
    profileName = 'default',
    extra: Partial<Pick<LaunchOptions, 'colorScheme' | 'chromiumArgs' | 'extensionDir' | 'firefoxPrefs' | 'acceptInsecureCerts'>> & {
      keepWelcomePage?: boolean;
    } = {},
  ): Promise<ExtensionBrowser> {
    const { keepWelcomePage = false, ...launchExtra } = extra;
    const options = { profileDir: this.profile(profileName), extensionDir: extensionDirs[this.browser], ...launchExtra };
    const newProfile = !existsSync(options.profileDir);
    const launched = this.browser === 'chromium' ? await launchChromium(options) : await launchFirefox(options);
    const close = launched.close.bind(launched);
    const tracked: ExtensionBrowser = Object.assign(Object.create(null), launched, {
      close: async () => {
        this.open.delete(tracked);
        await close();
      },
    });
    this.open.add(tracked);
    if (newProfile && !keepWelcomePage) await closeWelcomePage(tracked);
    return tracked;
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.open].map((b) => b.close()));
    rmSync(this.root, { recursive: true, force: true });
  }
}
