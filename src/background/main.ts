// The background: the single writer of the trust store. Listeners are
// registered synchronously at the top level, so a stopped service worker that
// is woken by a message finds them; every handler first awaits what its request
// needs (`readyFor`: the store, and the badge set at waking), and no state that
// matters lives only in memory.
import { acceptPorts, extensionId, extensionOrigin, onInstalled, onRuntimeMessage, onStartup } from '../platform/runtime';
import { BACKGROUND_LIFE_PORT, type MessageType } from '../messages';
import { onTabNavigated, onTabRemoved, openExtensionPage } from '../platform/tabs';
import { onNotificationClicked } from '../platform/notifications';
import { isCriticalNotification } from './notifications';
import { onHostPermissionsChanged } from '../platform/scripting';
import { handlePageDisclosure, readAheadOfDisclosure } from './handlers/page-disclosure';
import { handlePageNothing } from './handlers/page-nothing';
import { handleBannerHidden } from './handlers/banner-hidden';
import { forgetHiddenBanner } from './hidden-banner-record';
import { forgetDisclosureBase } from './disclosure-bases';
import { handleMatrixObserved } from './handlers/matrix-observed';
import { handleMatrixRequestKeys } from './handlers/matrix-request-keys';
import { handleAcknowledge, handleMarkVerified } from './handlers/trust-actions';
import { handleViewTab, handleViewTabStart } from './handlers/view-tab';
import { handleRecordsClear } from './handlers/records-clear';
import { handleRecordsExport } from './handlers/records-export';
import { handleImportApply, handleImportPreview } from './handlers/records-import';
import { handleSetSite, markTabsWithoutAccess, unlessSiteOff } from './site-gate';
import { log } from './log';
import { createRouter, type Handlers } from './router';
import { prepareStore } from './startup';
import { onCheckDone, scheduleFullCheck } from './store-maintenance';
import { onIndexesInDoubt } from './store';
import { refreshBadge } from './badge';
import { refreshBanners } from './banners';
import { syncReaderScripts } from './reader-registration';
import { forgetTab } from './tab-state';
import { forgetTabCoverage } from './tab-coverage';
import { recheckTab } from './tab-document';
import { noteWhetherStoreIsNew, openWelcomeOnInstall } from './welcome';

let storePromise: Promise<void> | null = null;
/** Migrates the store once per worker start (or checks it first, when it must be): after this, plans may read it. */
function storeReady(): Promise<void> {
  storePromise ??= prepareStore().catch((error: unknown) => {
    storePromise = null;
    log.error('start-up failed', error);
    throw error;
  });
  return storePromise;
}

let readyPromise: Promise<void> | null = null;
/** The store ready and the badge set from its summary, once per worker start. */
function ready(): Promise<void> {
  readyPromise ??= storeReady()
    .then(() =>
      refreshBadge().catch((error: unknown) => {
        log.error('the badge could not be set at start-up', error);
        throw error;
      }),
    )
    .catch((error: unknown) => {
      readyPromise = null;
      throw error;
    });
  return readyPromise;
}

/**
 * What a request waits for. A page's report waits for the store only: its ingest sets the badge again once written,
 * so it need not wait for the badge set at waking (refreshes are set in order: badge.ts). Its own reads start now,
 * queued behind the store's first read.
 */
function readyFor(type: MessageType): Promise<void> {
  if (type !== 'page/disclosure') return ready();
  readAheadOfDisclosure();
  return storeReady();
}

const handlers: Handlers = {
  // A site the user turned off is not read: no banner, nothing remembered.
  'page/disclosure': unlessSiteOff(handlePageDisclosure, { ok: true, banner: [] }),
  'page/nothing': unlessSiteOff(handlePageNothing, { ok: true }),
  'page/matrix-observed': unlessSiteOff(handleMatrixObserved, { ok: true, banner: [] }),
  // Only ever louder: a site turned off shows no banner to hide.
  'page/banner-hidden': handleBannerHidden,
  'trust/mark-verified': handleMarkVerified,
  'trust/acknowledge': handleAcknowledge,
  'view/tab': handleViewTab,
  'view/tab-start': handleViewTabStart,
  'matrix/request-keys': handleMatrixRequestKeys,
  'records/export': handleRecordsExport,
  'records/import-preview': handleImportPreview,
  'records/import-apply': handleImportApply,
  'records/clear': handleRecordsClear,
  'settings/site': handleSetSite,
};

onRuntimeMessage(createRouter(handlers, () => ({ id: extensionId(), origin: extensionOrigin() }), readyFor));
// Content scripts keep a port open to learn when this worker stops (content/background-life.ts): held, never read.
acceptPorts(BACKGROUND_LIFE_PORT);
onTabRemoved((tabId) => void forgetTab(tabId));
onTabRemoved((tabId) => void forgetTabCoverage(tabId));
onTabRemoved((tabId) => void forgetHiddenBanner(tabId));
onTabRemoved(forgetDisclosureBase);
// A tab that moved on is not shown with what it showed before.
onTabNavigated((tabId) => void recheckTab(tabId).catch((error: unknown) => log.error('checking a navigated tab failed', error)));
// The browser started, or KeyWatch was installed or updated: answer first, then read and check the whole store.
onStartup(
  () => void ready().then(() => scheduleFullCheck('the browser started, or KeyWatch was installed or updated', { unlessRecent: true })),
);
onIndexesInDoubt(() => void scheduleFullCheck('a write left the open-alert indexes in doubt'));
onCheckDone(async ({ changed }) => {
  if (changed) await Promise.all([refreshBadge(), refreshBanners()]);
});
// Sites the user granted get the page readers registered at run time.
onStartup(() => void syncReaderScripts());
onHostPermissionsChanged(() => void syncReaderScripts());
onHostPermissionsChanged(
  () => void markTabsWithoutAccess().catch((error: unknown) => log.error('marking tabs without access failed', error)),
);
onInstalled((reason) => void openWelcomeOnInstall(reason));
// A critical notification opens the records page's alerts: each can be dealt with there, also one no tab shows.
onNotificationClicked((id) => {
  if (isCriticalNotification(id))
    void openExtensionPage('options.html#alerts').catch((error: unknown) => log.error('opening the alerts failed', error));
});
noteWhetherStoreIsNew();
void ready();
