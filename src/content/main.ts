// The content script: reports what the page discloses and shows the in-page
// banner the background asks for. It never decides trust; it only tells the
// background what it saw.
import { isBannerPush } from '../messages';
import { extensionId, onRuntimeMessage } from '../platform/runtime';
import { send } from '../send';
import { Banner } from './banner';
import { watchDisclosure } from './page-protocol-watcher';

const banner = new Banner(document);

onRuntimeMessage(async (message, sender) => {
  // Only the extension itself can reach this listener; check anyway, and check the shape.
  if (sender.id !== extensionId() || !isBannerPush(message)) return undefined;
  banner.show(message.alerts);
  return { ok: true };
});

watchDisclosure(document, (report) => {
  const sent = report.kind === 'disclosure'
    ? send('page/disclosure', { adapter: 'page-protocol', text: report.text })
    : send('page/nothing', { adapter: 'page-protocol', reason: report.reason });
  sent.then((reply) => {
    if ('banner' in reply && Array.isArray(reply.banner)) banner.show(reply.banner);
  }).catch((error: unknown) => console.warn('[KeyWatch] could not reach the extension:', error));
});
