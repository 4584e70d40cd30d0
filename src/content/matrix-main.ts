// The isolated half of the Matrix observer (the page-world half is
// src/adapters/matrix/page-world/response-observer.ts). It reads what the page
// script hands over, checks and trims it (src/adapters/matrix/content/page-event.ts),
// adds the open room from the address and the client's own record of who is
// logged in, and reports to the background in order. It stays silent until the page makes a Matrix API call, so on a page
// that is not a Matrix client it does nothing at all. It never decides trust.
import { openRoomFromHash, type MatrixObservation } from '../adapters/matrix/shared/observation';
import { OBSERVATION_EVENT } from '../adapters/matrix/shared/observed-paths';
import { readPageEvent } from '../adapters/matrix/content/page-event';
import { isMatrixUserId } from '../adapters/matrix/shared/user-id';
import { isBannerPush, type BannerAlert } from '../messages';
import { extensionId, onRuntimeMessage } from '../platform/runtime';
import { Banner } from './banner';
import { answerDocumentQueries, sendReport } from './document-id';
import { ReportQueue } from './report-queue';

type Report = Omit<MatrixObservation, 'skipped'>;

let banner: Banner | null = null;
function showBanner(alerts: BannerAlert[]): void {
  if (alerts.length === 0 && banner === null) return;
  banner ??= new Banner(document);
  banner.show(alerts);
}

/** Responses the page received that could not be read (too large); told with the next report. */
let lost = 0;
let watching = false;

const reports = new ReportQueue<Report>(async (report, skipped) => {
  const unread = lost;
  lost = 0;
  const reply = await sendReport('page/matrix-observed', { ...report, skipped: skipped + unread });
  if (reply.ok && reply.banner !== null) showBanner(reply.banner);
  return reply.ok || !reply.failed;
});

/** Element's own record of the logged-in user (the background falls back to the latest /whoami). */
function clientUserId(): string | null {
  try {
    const stored = window.localStorage.getItem('mx_user_id');
    return isMatrixUserId(stored) ? stored : null;
  } catch {
    return null; // storage blocked for this page
  }
}

function context(): Pick<Report, 'openRoom' | 'clientUserId'> {
  return { openRoom: openRoomFromHash(location.hash), clientUserId: clientUserId() };
}

window.addEventListener(OBSERVATION_EVENT, (event) => {
  const result = readPageEvent((event as CustomEvent<unknown>).detail);
  if (result.status === 'refused') {
    if (result.lost) lost++;
    return;
  }
  if (result.status === 'ignored') return;
  watching = true;
  reports.push({ ...result.observed, ...context() });
});

const viewChanged = () => {
  if (watching) reports.push({ kind: 'view', roomId: null, complete: false, body: '', ...context() });
};
window.addEventListener('hashchange', viewChanged);
// Back from the browser's page cache: the tab's state was forgotten when it left; say again what it shows.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) viewChanged();
});
answerDocumentQueries();

onRuntimeMessage(async (message, sender) => {
  // Not a Matrix client (yet): the banner, if any, is another content script's to show.
  if (!watching || sender.id !== extensionId() || !isBannerPush(message) || message.adapter !== 'matrix') return undefined;
  showBanner(message.alerts);
  return { ok: true };
});
