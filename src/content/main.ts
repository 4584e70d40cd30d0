// The content script: reports what the page discloses. It never decides trust;
// it only tells the background what it saw.
import { send } from '../send';
import { watchDisclosure } from './page-protocol-watcher';

watchDisclosure(document, (report) => {
  const sent = report.kind === 'disclosure'
    ? send('page/disclosure', { adapter: 'page-protocol', text: report.text })
    : send('page/nothing', { adapter: 'page-protocol', reason: report.reason });
  sent.catch((error: unknown) => console.warn('[KeyWatch] could not reach the extension:', error));
});
