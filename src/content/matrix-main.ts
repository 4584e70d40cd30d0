// The isolated half of the Matrix observer (the page-world half is
// src/adapters/matrix/page-world/response-observer.ts). It reads what the page
// script hands over, checks and trims it (src/adapters/matrix/content/page-event.ts),
// adds the open room from the address and the client's own records (who is
// logged in, on which device, the last room shown), and reports to the
// background in order. It stays silent until the page makes a Matrix API call,
// so on a page that is not a Matrix client it does nothing at all. It never decides trust.
// It runs in same-origin child frames too (a client may fetch keys from an
// iframe): there it only reports, for the tab's top document; the banner is the
// top frame's.
import { openRoomFromHash, type MatrixObservation } from '../adapters/matrix/shared/observation';
import { NAVIGATION_EVENT, OBSERVATION_EVENT } from '../adapters/matrix/shared/observed-paths';
import { readPageEvent } from '../adapters/matrix/content/page-event';
import { clientRecords } from '../adapters/matrix/content/client-records';
import { isKeysRequest, requestKeysFromPage } from '../adapters/matrix/content/keys-request';
import { isBannerPush, type BannerAlert } from '../messages';
import { extensionId, onRuntimeMessage } from '../platform/runtime';
import { Banner } from './banner';
import { answerDocumentQueries, documentId, sendReport } from './document-id';
import { ReportQueue } from './report-queue';

type Report = Omit<MatrixObservation, 'skipped'>;

const inTopFrame = window === window.top;

/** The top document's window when this frame may see it (a same-origin child frame), else this one. */
function topWindow(): Window {
  try {
    void window.top!.location.hash;
    return window.top!;
  } catch {
    return window;
  }
}

let banner: Banner | null = null;
function showBanner(alerts: BannerAlert[]): void {
  if (!inTopFrame || (alerts.length === 0 && banner === null)) return;
  banner ??= new Banner(document, (reason) => void sendReport('page/banner-hidden', { reason }).catch(() => undefined));
  banner.show(alerts);
}

/** Responses the page received that could not be read (too large); told with the next report. */
let lost = 0;
let watching = false;
/** The address's room as last reported, so a navigation that changes nothing is not reported. */
let reportedRoom: string | null | undefined;

const reports = new ReportQueue<Report>(async (report, skipped) => {
  const unread = lost;
  lost = 0;
  const reply = await sendReport('page/matrix-observed', { ...report, skipped: skipped + unread });
  if (reply.ok && reply.banner !== null) showBanner(reply.banner);
  return reply.ok || !reply.failed;
});

function context(): Pick<Report, 'openRoom' | 'clientUserId' | 'clientDeviceId' | 'lastRoomId' | 'excludeInsecureDevices'> {
  const openRoom = openRoomFromHash(topWindow().location.hash);
  reportedRoom = openRoom;
  return { openRoom, ...clientRecords() };
}

window.addEventListener(OBSERVATION_EVENT, (event) => {
  const result = readPageEvent((event as CustomEvent<unknown>).detail);
  if (result.status === 'refused') {
    if (result.lost) lost++;
    return;
  }
  if (result.status === 'ignored') {
    // The page's first Matrix call, even one with nothing to read (a starting client's catch-up /sync): the
    // background learns at once which room the page is about to show, and can show it from memory meanwhile.
    if (!watching) {
      watching = true;
      reportView();
    }
    return;
  }
  watching = true;
  reports.push({ ...result.observed, ...context() });
});

function reportView(): void {
  reports.push({ kind: 'view', roomId: null, complete: false, body: '', ...context() });
}

/** The address changed (hashchange, back and forward, or pushState as newer Element does). */
function addressChanged(): void {
  if (!watching || openRoomFromHash(topWindow().location.hash) === reportedRoom) return;
  reportView();
}
topWindow().addEventListener('hashchange', addressChanged);
topWindow().addEventListener('popstate', addressChanged);
window.addEventListener(NAVIGATION_EVENT, addressChanged);
// Back from the browser's page cache: the tab's state was forgotten when it left; say again what it shows.
window.addEventListener('pageshow', (event) => {
  if (event.persisted && watching) reportView();
});
answerDocumentQueries();

onRuntimeMessage((message, sender) => {
  if (sender.id !== extensionId()) return undefined;
  // Asking the page's own client for keys: only a frame that watches a Matrix client answers.
  if (isKeysRequest(message)) return watching ? Promise.resolve({ ok: true, outcome: requestKeysFromPage(message.userIds) }) : undefined;
  // Only the Matrix reader's banners (the page-protocol reader shows its own), and only in the top frame. Not
  // waiting for this frame to watch: a client that makes every call from a child frame still gets its banner here.
  if (!inTopFrame || !isBannerPush(message) || message.adapter !== 'matrix') return undefined;
  // About another document of this tab (it moved on while the push was on its way): not this one's banner.
  if (message.document !== undefined && message.document !== documentId()) return Promise.resolve({ ok: false });
  showBanner(message.alerts);
  return Promise.resolve({ ok: true });
});
