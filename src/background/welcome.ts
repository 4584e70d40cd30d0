// The welcome page opens once, when KeyWatch is installed into a profile that
// has never had it: not on an update, not when the browser starts again.
// Browsers also say "install" each time an unpacked or temporary copy is loaded
// into the same profile again, even of a new version (Chromium's
// --load-extension, Firefox's temporary add-ons, as the tests load KeyWatch), so
// the page opens only when the store was new as well: no `schema` record when
// this worker started, before the start-up migration writes one. Nothing is
// written for it.
import { SCHEMA_KEY } from '../core/trust';
import { readKeys } from '../platform/storage';
import { openExtensionPage } from '../platform/tabs';
import { log } from './log';

export const WELCOME_PAGE = 'welcome.html';

let storeWasNew: Promise<boolean> = Promise.resolve(false);

/**
 * Notes whether the store is new. Call at the top of the worker, before the
 * start-up migration: storage calls are answered in the order they are made,
 * so this read sees the store as the migration found it.
 */
export function noteWhetherStoreIsNew(): void {
  storeWasNew = readKeys('local', [SCHEMA_KEY]).then(
    (found) => !Object.hasOwn(found, SCHEMA_KEY),
    () => false,
  );
}

/** Opens the welcome page for a first install only: never for an update ('update', 'browser_update'…). */
export async function openWelcomeOnInstall(reason: string): Promise<void> {
  if (reason !== 'install' || !(await storeWasNew)) return;
  await openExtensionPage(WELCOME_PAGE).catch((error: unknown) => log.error('the welcome page could not be opened', error));
}
