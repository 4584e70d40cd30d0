// The content script: reports what the page discloses and shows the in-page
// banner the background asks for. It never decides trust; it only tells the
// background what it saw.
import { BACKGROUND_LIFE_PORT, isBannerPush, isReadAgainPush } from '../messages';
import { connectToBackground, extensionId, onRuntimeMessage } from '../platform/runtime';
import { BackgroundLife } from './background-life';
import { Banner } from './banner';
import { DisclosureSender } from './disclosure-sender';
import { answerDocumentQueries, documentId, sendReport } from './document-id';
import { watchDisclosure, type Report } from './page-protocol-watcher';
import { ReportQueue } from './report-queue';

const UNDELIVERED = 'what the page shows could not be delivered to KeyWatch';

// Told once per way the page kept it from the user; a report that fails changes nothing on the page.
const banner = new Banner(document, (reason) => void sendReport('page/banner-hidden', { reason }).catch(() => undefined));

onRuntimeMessage((message, sender) => {
  // Only the extension itself can reach this listener; check anyway, and check the shape.
  if (sender.id !== extensionId()) return undefined;
  if (isReadAgainPush(message)) {
    if (message.document !== documentId()) return undefined;
    watch.readAgain();
    return Promise.resolve({ ok: true });
  }
  if (!isBannerPush(message) || message.adapter !== 'page-protocol') return undefined;
  // About another document of this tab (it moved on while the push was on its way): not this one's banner.
  if (message.document !== undefined && message.document !== documentId()) return Promise.resolve({ ok: false });
  banner.show(message.alerts);
  return Promise.resolve({ ok: true });
});

const disclosures = new DisclosureSender(
  (request) => sendReport('page/disclosure', request),
  new BackgroundLife((onClosed) => connectToBackground(BACKGROUND_LIFE_PORT, onClosed)),
);

const reports = new ReportQueue<Report>(
  async (report, skipped) => {
    const reply =
      report.kind === 'disclosure'
        ? await disclosures.report(report.text, skipped)
        : await sendReport('page/nothing', { adapter: 'page-protocol', reason: report.reason });
    if ('banner' in reply && Array.isArray(reply.banner)) banner.show(reply.banner);
    // Delivered when taken in or refused with a reason; a failure (or a base never resent) is tried again.
    return reply.ok || (!('failed' in reply && reply.failed) && !('needsWhole' in reply));
  },
  undefined,
  // What the page shows now never reached the background (a text the browser would not carry, say): told so in a
  // message small enough to reach it, the state shown is not taken as checked meanwhile.
  () => sendReport('page/nothing', { adapter: 'page-protocol', reason: `refused: ${UNDELIVERED}` }),
);

answerDocumentQueries();
const watch = watchDisclosure(document, (report) => reports.push(report));
